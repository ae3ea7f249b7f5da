import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Database } from './db/index.js';
import type { ProjectConfig } from './project-config.js';

export interface StackConfig {
  /** Public base URL, e.g. http://127.0.0.1:54321 */
  url: string;
  jwtSecret: string;
  anonKey: string;
  serviceRoleKey: string;
  /** Repository root holding supabase/ (migrations, functions). */
  projectDir: string;
  /** Where Storage keeps object bytes; a temp dir for memory databases. */
  storageDir: string;
  /** Access-token lifetime in seconds (GoTrue's JWT_EXP). */
  jwtExpiry: number;
  /** Auth tuning; omitted fields take GoTrue's defaults as the Supabase CLI configures them. */
  auth?: AuthTuning;
  /** Secrets the Edge Functions see, over those of supabase/functions/.env (tests, benches). */
  functionsEnv?: Record<string, string>;
}

export interface AuthTuning {
  /** Per client address and window; `false` turns the limits off (benchmarks, load tests). */
  rateLimit?: AuthRateLimit | false;
  /** Seconds a rotated refresh token may still be exchanged (GoTrue's refresh_token_reuse_interval, default 10). */
  refreshTokenReuseInterval?: number;
}

export interface AuthRateLimit {
  /** Password sign-ins plus sign-ups per address per window (Supabase's sign_in_sign_ups, default 30). */
  signInsAndSignUps?: number;
  /** Refresh-token grants per address per window (Supabase's token_refresh, default 150). */
  tokenRefreshes?: number;
  /** Window length in seconds (default 300, Supabase's 5 minutes). */
  windowSeconds?: number;
}

export interface StackContext {
  db: Database;
  config: StackConfig;
  /** supabase/config.toml, read once at start for every service. */
  project: ProjectConfig;
}

/** One Supabase service mounted under a path prefix such as /rest/v1. */
export interface StackService {
  /** Handles a request whose path (without the prefix and query) is `subpath`. */
  handle(req: IncomingMessage, res: ServerResponse, subpath: string): Promise<void>;
  /** WebSocket upgrade, for services that speak one (Realtime). */
  upgrade?(req: IncomingMessage, socket: Duplex, head: Buffer, subpath: string): void;
  close(): Promise<void>;
}

export type ServiceFactory = (ctx: StackContext) => Promise<StackService> | StackService;
