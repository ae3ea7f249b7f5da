import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A throwaway project whose supabase/config.toml is `configToml`, for a stack to read; the caller removes it. */
export async function projectWithConfig(configToml: string): Promise<string> {
  const projectDir = await mkdtemp(path.join(tmpdir(), 'talentg-project-'));
  await mkdir(path.join(projectDir, 'supabase'));
  await writeFile(path.join(projectDir, 'supabase', 'config.toml'), configToml);
  return projectDir;
}
