import { fail, ok, type Result, mediaTypeError } from '../errors.js';

export interface ResponseMedia {
  shape: 'array' | 'object' | 'csv';
  stripNulls: boolean;
  contentType: string;
}

interface AcceptEntry {
  type: string;
  params: Map<string, string>;
  quality: number;
  raw: string;
}

function parseAccept(header: string): AcceptEntry[] {
  return header
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((raw, index) => {
      const [type = '', ...rest] = raw.split(';').map((piece) => piece.trim());
      const params = new Map<string, string>();
      for (const piece of rest) {
        const eq = piece.indexOf('=');
        if (eq > 0)
          params.set(
            piece.slice(0, eq).trim().toLowerCase(),
            piece
              .slice(eq + 1)
              .trim()
              .replace(/^"|"$/g, ''),
          );
      }
      const quality = Number(params.get('q') ?? '1');
      return {
        entry: {
          type: type.toLowerCase(),
          params,
          quality: Number.isFinite(quality) ? quality : 0,
          raw,
        },
        index,
      };
    })
    .sort((a, b) => b.entry.quality - a.entry.quality || a.index - b.index)
    .map(({ entry }) => entry);
}

const JSON_ARRAY: ResponseMedia = {
  shape: 'array',
  stripNulls: false,
  contentType: 'application/json; charset=utf-8',
};

function mediaFor(entry: AcceptEntry): ResponseMedia | undefined {
  const stripNulls = entry.params.get('nulls') === 'stripped';
  const suffix = stripNulls ? '; nulls=stripped' : '';
  switch (entry.type) {
    case '*/*':
    case 'application/*':
    case 'application/json':
      return JSON_ARRAY;
    case 'application/vnd.pgrst.array+json':
    case 'application/vnd.pgrst.array':
      return {
        shape: 'array',
        stripNulls,
        contentType: `application/vnd.pgrst.array+json${suffix}; charset=utf-8`,
      };
    case 'application/vnd.pgrst.object+json':
    case 'application/vnd.pgrst.object':
      return {
        shape: 'object',
        stripNulls,
        contentType: `application/vnd.pgrst.object+json${suffix}; charset=utf-8`,
      };
    case 'text/*':
    case 'text/csv':
      return { shape: 'csv', stripNulls: false, contentType: 'text/csv; charset=utf-8' };
    default:
      return undefined;
  }
}

/** Picks the answer's media type from Accept by quality; PGRST107 when none is one PostgREST serves by default. */
export function negotiateMedia(accept: string | undefined): Result<ResponseMedia> {
  if (accept === undefined || accept.trim() === '') return ok(JSON_ARRAY);
  const entries = parseAccept(accept).filter((entry) => entry.quality > 0);
  for (const entry of entries) {
    const media = mediaFor(entry);
    if (media) return ok(media);
  }
  return fail(mediaTypeError(entries.length > 0 ? entries.map((entry) => entry.raw) : [accept]));
}
