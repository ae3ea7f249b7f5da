import { stat } from 'node:fs/promises';
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
export async function findFunction(
  projectDir: string,
  config: ProjectConfig,
  name: string,
): Promise<ServedFunction | undefined> {
  if (!FUNCTION_NAME.test(name)) return undefined;
  const settings = Object.hasOwn(config.functions, name) ? config.functions[name] : undefined;
  if (settings?.enabled === false) return undefined;
  const supabaseDir = path.join(projectDir, 'supabase');
  const entrypoint = settings?.entrypoint
    ? path.resolve(supabaseDir, settings.entrypoint)
    : path.join(supabaseDir, 'functions', name, 'index.ts');
  try {
    if (!(await stat(entrypoint)).isFile()) return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
  return { name, entrypoint, verifyJwt: settings?.verifyJwt ?? true };
}
