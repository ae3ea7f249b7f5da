import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyConsoleTo, openLogFile } from './log-file';

const dirs: string[] = [];
function logDir(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'talentg-logs-')), 'logs');
  dirs.push(dir);
  return dir;
}
afterEach(() =>
  dirs.splice(0).forEach((dir) => rmSync(join(dir, '..'), { recursive: true, force: true })),
);

const rollNumber = (file: string): number => Number(/\.(\d+)\.log$/.exec(file)?.[1]);

function lines(dir: string): Record<string, unknown>[] {
  return readdirSync(dir)
    .sort((a, b) => rollNumber(a) - rollNumber(b))
    .flatMap((file) => readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('log file', () => {
  it('creates the log folder and writes JSON lines a person can send to IT', async () => {
    const dir = logDir();
    const log = await openLogFile({ dir });
    log.logger.warn({ op: 'sync' }, 'the server is slow');
    await log.close();
    expect(readdirSync(dir)).toEqual([expect.stringMatching(/^talentg\.1\.log$/)]);
    expect(lines(dir)).toEqual([
      expect.objectContaining({ level: 40, op: 'sync', msg: 'the server is slow' }),
    ]);
  });

  it('rolls to a new file past the size limit and keeps only the newest few', async () => {
    const dir = logDir();
    const log = await openLogFile({ dir, maxFileSize: '1k', keep: 2 });
    for (let i = 0; i < 60; i += 1) {
      log.logger.info({ i, padding: 'x'.repeat(100) }, 'line');
      // pino-roll rolls after the file stream drains; a turn of the event loop per line lets it.
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    // Old files are removed in the background after a roll.
    await until(() => readdirSync(dir).length <= 3);
    await log.close();
    expect(readdirSync(dir).length).toBe(3);
    const kept = lines(dir).map((line) => line.i as number);
    expect(kept.at(-1)).toBe(59);
    expect(kept[0]).toBeGreaterThan(0);
  });

  it('copies console lines, errors with their stack, and gives the console back', async () => {
    const dir = logDir();
    const log = await openLogFile({ dir });
    const shown: unknown[][] = [];
    const fakeConsole = {
      log: (...a: unknown[]) => void shown.push(a),
      info: (...a: unknown[]) => void shown.push(a),
      warn: (...a: unknown[]) => void shown.push(a),
      error: (...a: unknown[]) => void shown.push(a),
    };
    const restore = copyConsoleTo(log.logger, fakeConsole);
    fakeConsole.warn('[talentg] refused %s', 'talentg:invoke');
    fakeConsole.error('[talentg] crashed', new Error('boom'));
    restore();
    fakeConsole.warn('after restore');
    await log.close();
    expect(shown).toHaveLength(3);
    const written = lines(dir);
    expect(written).toHaveLength(2);
    expect(written[0]).toMatchObject({ level: 40, msg: '[talentg] refused talentg:invoke' });
    expect(written[1]).toMatchObject({ level: 50, err: { message: 'boom' } });
    expect(String((written[1]?.err as { stack: string }).stack)).toContain('Error: boom');
  });
});
