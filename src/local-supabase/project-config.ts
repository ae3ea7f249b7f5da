import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseGoDuration } from './auth/go-duration.js';

/** The parts of supabase/config.toml the embedded REST, Realtime, Storage, Functions and Auth services honour. */
export interface ProjectConfig {
  api: ApiSettings;
  realtime: RealtimeProjectSettings;
  functions: Record<string, FunctionSettings>;
  storage: { fileSizeLimit?: number };
  auth: AuthProjectSettings;
}

/** config.toml's `[api]`: what PostgREST exposes and how much one read returns. */
export interface ApiSettings {
  /** db-schemas: the first is the default; others are chosen with Accept-Profile / Content-Profile. */
  schemas: string[];
  /** db-max-rows: no read returns more rows than this, at any level (Supabase's default 1000). */
  maxRows: number | undefined;
  /** Schemas searched after the exposed one, so functions find extensions unqualified. */
  extraSearchPath: string[];
}

/** The CLI's defaults for keys config.toml leaves out. */
export const DEFAULT_API_SETTINGS: ApiSettings = {
  schemas: ['public', 'graphql_public'],
  maxRows: 1000,
  extraSearchPath: ['public', 'extensions'],
};

/** config.toml's `[realtime]`; Realtime's tenant limits have no key there (see realtime/limits.ts). */
export interface RealtimeProjectSettings {
  /** Bytes of request headers a socket's handshake may carry (the CLI's max_header_length, default 4096). */
  maxHeaderLength?: number;
}

/** config.toml's [auth], [auth.email], [auth.rate_limit] and [auth.mfa*]; absent keys stay undefined (the CLI's defaults apply). */
export interface AuthProjectSettings {
  siteUrl?: string;
  jwtExpiry?: number;
  enableSignup?: boolean;
  refreshTokenReuseInterval?: number;
  email: {
    enableSignup?: boolean;
    enableConfirmations?: boolean;
    /** double_confirm_changes: an email change is confirmed from the current address as well as the new one. */
    doubleConfirmChanges?: boolean;
    /** Seconds between two mails to one address (max_frequency, a Go duration). */
    maxFrequencySeconds?: number;
    otpLength?: number;
    otpExpiry?: number;
    /** Whether [auth.email.smtp] is on: the CLI applies rate_limit.email_sent only then. */
    smtpEnabled?: boolean;
  };
  rateLimit: {
    emailSent?: number;
    tokenRefresh?: number;
    signInSignUps?: number;
    tokenVerifications?: number;
  };
  mfa: { maxEnrolledFactors?: number; totpEnrollEnabled?: boolean; totpVerifyEnabled?: boolean };
}

export interface FunctionSettings {
  verifyJwt?: boolean;
  enabled?: boolean;
  /** Relative to supabase/, as the CLI reads it. */
  entrypoint?: string;
}

type TomlScalar = string | number | boolean;
type TomlValue = TomlScalar | TomlScalar[];

const BINARY_UNITS: Record<string, number> = { b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };
const DECIMAL_UNITS: Record<string, number> = { kb: 1e3, mb: 1e6, gb: 1e9 };

/** "50MiB", "5MB", "100KB", "20B" or a plain byte count, as config.toml and storage-api write sizes. */
export function parseByteSize(value: TomlValue | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  if (!match) return undefined;
  const unit = (match[2] ?? '').toLowerCase() || 'b';
  const factor = BINARY_UNITS[unit] ?? DECIMAL_UNITS[unit];
  return factor === undefined ? undefined : Math.floor(Number(match[1]) * factor);
}

// TOML basic strings share JSON's escapes except \U and \e; those few stay as written.
function unescapeBasicString(body: string): string {
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch (_error) {
    return body;
  }
}

function parseScalar(raw: string): TomlScalar | undefined {
  const text = raw.trim();
  const quoted = /^"((?:[^"\\]|\\.)*)"|^'([^']*)'/.exec(text);
  if (quoted?.[2] !== undefined) return quoted[2];
  if (quoted?.[1] !== undefined) return unescapeBasicString(quoted[1]);
  const bare = text.replace(/\s+#.*$/, '');
  if (bare === 'true' || bare === 'false') return bare === 'true';
  if (/^[+-]?\d+(\.\d+)?$/.test(bare)) return Number(bare);
  return undefined;
}

function parseHeader(inner: string): string[] {
  return [
    ...inner.matchAll(/\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*(?:\.|$)/g),
  ].map((part) => part[1] ?? part[2] ?? part[3] ?? '');
}

/** How many array brackets a line opens (or closes, negative), outside strings and comments. */
function bracketBalance(line: string): number {
  let balance = 0;
  for (const token of line.matchAll(/"(?:[^"\\]|\\.)*"|'[^']*'|#.*$|[[\]]/g)) {
    if (token[0] === '[') balance += 1;
    else if (token[0] === ']') balance -= 1;
  }
  return balance;
}

/** A flat array of scalars (`["public", "graphql_public"]`, over lines, with comments); nested ones are skipped. */
function parseArray(text: string): TomlScalar[] | undefined {
  const inner = /^\s*\[([\s\S]*)\]\s*(#.*)?$/.exec(text)?.[1];
  if (inner === undefined) return undefined;
  const items: TomlScalar[] = [];
  const item =
    /\s*(?:#[^\n]*\n\s*)*("(?:[^"\\]|\\.)*"|'[^']*'|[^\s,#[\]{}]+)\s*(?:#[^\n]*\n\s*)*(,|$)/y;
  while (item.lastIndex < inner.length) {
    if (/^\s*(#[^\n]*(\n|$)\s*)*$/.test(inner.slice(item.lastIndex))) break;
    const start = item.lastIndex;
    const match = item.exec(inner);
    if (!match || item.lastIndex === start) return undefined;
    const value = parseScalar(match[1] ?? '');
    if (value === undefined) return undefined;
    items.push(value);
  }
  return items;
}

/**
 * A tolerant reading of TOML tables, scalar keys and flat arrays of scalars: enough for config.toml's
 * `[api]`, `[functions.<name>]`, `[storage]` and the rest; inline tables and anything unexpected are
 * skipped, never fatal.
 */
export function parseTomlTables(text: string): Map<string, Map<string, TomlValue>> {
  const tables = new Map<string, Map<string, TomlValue>>([['', new Map()]]);
  let current = tables.get('') as Map<string, TomlValue>;
  // A multi-line array being read: its key, its text so far, and how many brackets are still open.
  let pending: { key: string; text: string; open: number } | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (pending) {
      pending.text += `\n${line}`;
      pending.open += bracketBalance(line);
      if (pending.open > 0) continue;
      const array = parseArray(pending.text);
      if (array) current.set(pending.key, array);
      pending = undefined;
      continue;
    }
    const header = /^\s*\[([^[\]]+)\]\s*(#.*)?$/.exec(line);
    if (header) {
      const key = parseHeader(header[1] ?? '').join('.');
      current = tables.get(key) ?? new Map();
      tables.set(key, current);
      continue;
    }
    const pair = /^\s*([A-Za-z0-9_-]+|"[^"]*")\s*=\s*(.*)$/.exec(line);
    if (!pair) continue;
    const key = (pair[1] ?? '').replace(/^"|"$/g, '');
    const value = pair[2] ?? '';
    if (value.trimStart().startsWith('[')) {
      const open = bracketBalance(value);
      if (open > 0) pending = { key, text: value, open };
      else {
        const array = parseArray(value);
        if (array) current.set(key, array);
      }
      continue;
    }
    const parsed = parseScalar(value);
    if (parsed !== undefined) current.set(key, parsed);
  }
  return tables;
}

type TomlTables = Map<string, Map<string, TomlValue>>;

function stringList(value: TomlValue | undefined): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
    ? (value as string[])
    : undefined;
}

function count(value: TomlValue | undefined): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

function readApiSettings(tables: TomlTables): ApiSettings {
  const api = tables.get('api');
  const schemas = stringList(api?.get('schemas'))?.filter(Boolean);
  return {
    schemas: schemas?.length ? schemas : DEFAULT_API_SETTINGS.schemas,
    maxRows: count(api?.get('max_rows')) ?? DEFAULT_API_SETTINGS.maxRows,
    extraSearchPath:
      stringList(api?.get('extra_search_path')) ?? DEFAULT_API_SETTINGS.extraSearchPath,
  };
}

function readRealtimeSettings(tables: TomlTables): RealtimeProjectSettings {
  const maxHeaderLength = count(tables.get('realtime')?.get('max_header_length'));
  return maxHeaderLength ? { maxHeaderLength } : {};
}

function readAuthSettings(tables: TomlTables): AuthProjectSettings {
  const value = (table: string, key: string) => tables.get(table)?.get(key);
  const number = (table: string, key: string) => {
    const found = value(table, key);
    return typeof found === 'number' && Number.isFinite(found) && found >= 0 ? found : undefined;
  };
  const flag = (table: string, key: string) => {
    const found = value(table, key);
    return typeof found === 'boolean' ? found : undefined;
  };
  const text = (table: string, key: string) => {
    const found = value(table, key);
    return typeof found === 'string' && found !== '' ? found : undefined;
  };
  const duration = (table: string, key: string) => {
    const found = value(table, key);
    if (typeof found === 'number') return found;
    if (typeof found !== 'string') return undefined;
    try {
      return parseGoDuration(found);
    } catch (error) {
      throw new Error(`supabase/config.toml [${table}] ${key}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  };
  return {
    siteUrl: text('auth', 'site_url'),
    jwtExpiry: number('auth', 'jwt_expiry'),
    enableSignup: flag('auth', 'enable_signup'),
    refreshTokenReuseInterval: number('auth', 'refresh_token_reuse_interval'),
    email: {
      enableSignup: flag('auth.email', 'enable_signup'),
      enableConfirmations: flag('auth.email', 'enable_confirmations'),
      doubleConfirmChanges: flag('auth.email', 'double_confirm_changes'),
      maxFrequencySeconds: duration('auth.email', 'max_frequency'),
      otpLength: number('auth.email', 'otp_length'),
      otpExpiry: number('auth.email', 'otp_expiry'),
      smtpEnabled: flag('auth.email.smtp', 'enabled') ?? tables.has('auth.email.smtp'),
    },
    rateLimit: {
      emailSent: number('auth.rate_limit', 'email_sent'),
      tokenRefresh: number('auth.rate_limit', 'token_refresh'),
      signInSignUps: number('auth.rate_limit', 'sign_in_sign_ups'),
      tokenVerifications: number('auth.rate_limit', 'token_verifications'),
    },
    mfa: {
      maxEnrolledFactors: number('auth.mfa', 'max_enrolled_factors'),
      totpEnrollEnabled: flag('auth.mfa.totp', 'enroll_enabled'),
      totpVerifyEnabled: flag('auth.mfa.totp', 'verify_enabled'),
    },
  };
}

/** Reads supabase/config.toml under projectDir; a missing file gives defaults (the CLI's own defaults apply). */
export async function readProjectConfig(projectDir: string): Promise<ProjectConfig> {
  let text: string;
  try {
    text = await readFile(path.join(projectDir, 'supabase', 'config.toml'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return projectConfigOf(new Map());
    }
    throw error;
  }
  return projectConfigOf(parseTomlTables(text));
}

function projectConfigOf(tables: TomlTables): ProjectConfig {
  const functions: Record<string, FunctionSettings> = {};
  for (const [name, values] of tables) {
    const fn = /^functions\.(.+)$/.exec(name)?.[1];
    if (!fn || fn.includes('.')) continue;
    const verifyJwt = values.get('verify_jwt');
    const enabled = values.get('enabled');
    const entrypoint = values.get('entrypoint');
    functions[fn] = {
      ...(typeof verifyJwt === 'boolean' && { verifyJwt }),
      ...(typeof enabled === 'boolean' && { enabled }),
      ...(typeof entrypoint === 'string' && { entrypoint }),
    };
  }
  const fileSizeLimit = parseByteSize(tables.get('storage')?.get('file_size_limit'));
  return {
    api: readApiSettings(tables),
    realtime: readRealtimeSettings(tables),
    functions,
    storage: fileSizeLimit === undefined ? {} : { fileSizeLimit },
    auth: readAuthSettings(tables),
  };
}
