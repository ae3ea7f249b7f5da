// Code signatures are found where Windows and macOS keep them, and their absence is reported.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  macUpdateZip,
  windowsInstaller,
  writeInstaller,
} from '../../tests/support/signed-installers.js';
import { readArtifact } from './artifacts.js';
import { signatureOf } from './signature.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'talentg-signature-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function stateOf(name: string, bytes: Buffer) {
  const artifact = await readArtifact(await writeInstaller(path.join(dir, name), bytes));
  if ('ok' in artifact) throw new Error(artifact.message);
  return signatureOf(artifact);
}

describe('signatureOf', () => {
  it("finds a Windows installer's Authenticode certificate table, or its absence", async () => {
    expect(await stateOf('Signed-1.0.0.exe', windowsInstaller('x', true))).toBe('signed');
    expect(await stateOf('Unsigned-1.0.0.exe', windowsInstaller('x', false))).toBe('unsigned');
    expect(await stateOf('NotPe-1.0.0.exe', Buffer.from('MZ but nothing else'))).toBe('unsigned');
  });

  it("finds a macOS bundle's _CodeSignature, even across the reader's 1 MiB chunks", async () => {
    expect(await stateOf('App-1.0.0-mac.zip', macUpdateZip('x', true))).toBe('signed');
    expect(await stateOf('App-1.0.1-mac.zip', macUpdateZip('x', false))).toBe('unsigned');
    const straddling = Buffer.concat([
      Buffer.alloc((1 << 20) - 10, 0x20),
      macUpdateZip('', true).subarray(4),
    ]);
    expect(await stateOf('App-1.0.2-mac.zip', straddling)).toBe('signed');
  });

  it('does not judge Linux packages or the first-install dmg', async () => {
    expect(await stateOf('App-1.0.0.AppImage', Buffer.from('ELF'))).toBe('not_checked');
    expect(await stateOf('App-1.0.0.dmg', Buffer.from('dmg'))).toBe('not_checked');
  });
});
