import type { ServerResponse } from 'node:http';
import { restError, type RestError } from '../errors.js';

/** A complete REST answer, built before anything is written so a late failure can still answer cleanly. */
export interface RestAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function errorAnswer(error: RestError): RestAnswer {
  const body = JSON.stringify({
    code: error.code,
    details: error.details,
    hint: error.hint,
    message: error.message,
  });
  return {
    status: error.status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'proxy-status': `PostgREST; error=${error.code}`,
      ...error.headers,
    },
    body,
  };
}

/**
 * Applies `response.status` and `response.headers`, which a function may set with set_config; the
 * headers must be a JSON array of one-key objects (PGRST111) and the status a number (PGRST112).
 */
export function applyResponseSettings(
  answer: RestAnswer,
  headersSetting: string | null,
  statusSetting: string | null,
): RestAnswer {
  let status = answer.status;
  const headers = { ...answer.headers };
  if (statusSetting !== null) {
    const parsed = Number(statusSetting);
    if (!Number.isInteger(parsed) || parsed < 100 || parsed > 599) {
      return errorAnswer(
        restError(500, 'PGRST112', 'response.status guc must be a valid status code'),
      );
    }
    status = parsed;
  }
  if (headersSetting !== null) {
    const invalid = errorAnswer(
      restError(
        500,
        'PGRST111',
        'response.headers guc must be a JSON array composed of objects with a single key and a string value',
      ),
    );
    let parsed: unknown;
    try {
      parsed = JSON.parse(headersSetting);
    } catch (_error) {
      return invalid;
    }
    if (!Array.isArray(parsed)) return invalid;
    for (const item of parsed) {
      const entries =
        typeof item === 'object' && item !== null ? Object.entries(item as object) : [];
      const [entry] = entries;
      if (entries.length !== 1 || !entry || typeof entry[1] !== 'string') return invalid;
      headers[entry[0].toLowerCase()] = entry[1];
    }
  }
  return { status, headers, body: answer.body };
}

export function writeAnswer(res: ServerResponse, answer: RestAnswer, isHead: boolean): void {
  const headers: Record<string, string | number> = { ...answer.headers };
  if (!isHead || answer.body !== '') headers['content-length'] = Buffer.byteLength(answer.body);
  res.writeHead(answer.status, headers);
  res.end(isHead ? undefined : answer.body);
}
