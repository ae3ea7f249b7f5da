// A fresh PGlite database starts from a template of the project's schema, as PostgreSQL's CREATE DATABASE
// copies template1: initdb, the bootstrap and the migrations run once per content of those files, and
// later stacks load the saved data directory instead (about 1 s instead of 3-4 s). The demo seed is not
// part of it: its times are relative to now(), so it runs on every fresh database.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isPostgresUrl } from './db/index.js';
import { openPglite, type PgliteDatabase } from './db/pglite.js';
import { applyBootstrap, applyMigrations, bootstrapSql, listMigrations } from './migrate.js';

/** Templates kept per directory: one per recent schema, older ones removed when a new one is saved. */
const KEEP_TEMPLATES = 3;

/** PGlite's version, from its package.json (the package does not export that path, so walk up to it). */
async function pgliteVersion(): Promise<string> {
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(await readFile(manifest, 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (name === '@electric-sql/pglite' && version) return version;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the version of @electric-sql/pglite');
    dir = parent;
  }
}

/** What the template's content depends on: PGlite's data format, the bootstrap, and each migration file. */
export async function templateKey(migrationsDir: string): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`pglite ${await pgliteVersion()}\0`);
  hash.update(await bootstrapSql());
  for (const migration of await listMigrations(migrationsDir)) {
    hash.update(`\0${path.basename(migration.file)}\0`);
    hash.update(await readFile(migration.file));
  }
  return hash.digest('hex').slice(0, 32);
}

/** Whether `target` names a PGlite database that does not exist yet (memory, or an empty directory). */
export function isFreshPglite(target: string): boolean {
  if (target === 'memory') return true;
  if (isPostgresUrl(target)) return false;
  return !existsSync(target) || readdirSync(target).length === 0;
}

async function readTemplate(file: string): Promise<Blob | undefined> {
  try {
    return new Blob([await readFile(file)]);
  } catch {
    return undefined;
  }
}

/** Written beside and renamed into place, so a reader never sees half a file; failures only cost speed. */
async function saveTemplate(dir: string, file: string, db: PgliteDatabase): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    const partial = `${file}.${process.pid}.${Date.now()}.partial`;
    await writeFile(partial, Buffer.from(await (await db.dumpDataDir()).arrayBuffer()));
    await rename(partial, file);
    const templates = await Promise.all(
      (await readdir(dir))
        .filter((name) => name.startsWith('pglite-'))
        .map(async (name) => ({ name, at: (await stat(path.join(dir, name))).mtimeMs })),
    );
    templates.sort((a, b) => b.at - a.at);
    for (const old of templates.slice(KEEP_TEMPLATES)) {
      await rm(path.join(dir, old.name), { force: true });
    }
  } catch {
    // A read-only project directory, a full disk: the next fresh database runs the migrations again.
  }
}

export interface TemplateOptions {
  readonly migrationsDir: string;
  /** Where templates are kept (the stack uses `<project>/.talentg/templates`). */
  readonly templateDir: string;
}

/**
 * A fresh PGlite database (see isFreshPglite) with the bootstrap and the migrations applied: loaded from
 * the template when one matches, else built and saved as the template. The migrations are checked
 * again after a load, so a template can only ever save time, never skip a migration.
 */
export async function openFromTemplate(
  target: string,
  options: TemplateOptions,
): Promise<{ db: PgliteDatabase; fromTemplate: boolean }> {
  const file = path.join(
    options.templateDir,
    `pglite-${await templateKey(options.migrationsDir)}.tar`,
  );
  const template = await readTemplate(file);
  if (template !== undefined) {
    const db = await openPglite(target, { loadDataDir: template });
    try {
      await applyMigrations(db, options.migrationsDir);
      return { db, fromTemplate: true };
    } catch (error) {
      await db.close().catch(() => undefined);
      throw error;
    }
  }
  const db = await openPglite(target);
  try {
    await applyBootstrap(db);
    await applyMigrations(db, options.migrationsDir);
    await saveTemplate(options.templateDir, file, db);
    return { db, fromTemplate: false };
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}
