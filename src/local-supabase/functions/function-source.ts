import { statSync } from 'node:fs';
import path from 'node:path';
import type { ProjectConfig } from '../project-config.js';
import type { FunctionSource } from './deno-workers.js';

// The Supabase CLI's function slug rule; it also keeps names like `_shared` or `..` from being served.
const FUNCTION_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

export interface ServedFunction extends FunctionSource {
  verifyJwt: boolean;
}

/**
 * The function `name` as `supabase functions serve` finds it: supabase/functions/<name>/index.ts, or the
 * `entrypoint` config.toml gives (relative to supabase/); `enabled = false` hides it; JWTs are verified
 * unless `verify_jwt = false`.
 */
export function findFunction(
  projectDir: string,
  config: ProjectConfig,
  name: string,
): ServedFunction | undefined {
  if (!FUNCTION_NAME.test(name)) return undefined;
  const settings = Object.hasOwn(config.functions, name) ? config.functions[name] : undefined;
  if (settings?.enabled === false) return undefined;
  const supabaseDir = path.join(projectDir, 'supabase');
  const entrypoint = settings?.entrypoint
    ? path.resolve(supabaseDir, settings.entrypoint)
    : path.join(supabaseDir, 'functions', name, 'index.ts');
  // Checked on every call (a function added or removed is seen at once), synchronously: a stat of a
  // cached inode takes microseconds, while the promise form's thread-pool hop cost the gateway about
  // 0.3 ms of main-thread time per request at 200 webhooks/s (docs/benchmarks.md).
  let entry;
  try {
    entry = statSync(entrypoint, { throwIfNoEntry: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw error;
  }
  if (!entry?.isFile()) return undefined;
  return { name, entrypoint, verifyJwt: settings?.verifyJwt ?? true };
}
