// Whether an installer carries a code signature, so an unsigned build is never published as a release.
// Presence only: whether the signature is valid and trusted is what Windows (SmartScreen) and macOS
// (Gatekeeper) judge at install time, with certificates this machine does not have. Our own few lines:
// no maintained npm package reads an Authenticode directory or a bundle's signature without the OS tools.
import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import type { Artifact } from './artifacts.js';

export type SignatureState = 'signed' | 'unsigned' | 'not_checked';

/** A PE file's certificate table (data directory 4, IMAGE_DIRECTORY_ENTRY_SECURITY) is where Authenticode lives. */
async function authenticodePresent(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (bytesRead < 64 || head.toString('latin1', 0, 2) !== 'MZ') return false;
    const pe = head.readUInt32LE(0x3c);
    if (pe + 24 + 2 > bytesRead || head.toString('latin1', pe, pe + 4) !== 'PE\0\0') return false;
    const optional = pe + 24;
    const magic = head.readUInt16LE(optional);
    // Data directories follow the optional header's fixed part: 96 bytes in PE32, 112 in PE32+.
    const directories = optional + (magic === 0x20b ? 112 : magic === 0x10b ? 96 : NaN);
    const security = directories + 4 * 8;
    if (!Number.isFinite(security) || security + 8 > bytesRead) return false;
    return head.readUInt32LE(security + 4) > 0;
  } finally {
    await handle.close();
  }
}

/** A signed macOS app bundle holds Contents/_CodeSignature/CodeResources; its zip names that entry. */
function containsBytes(file: string, needle: Buffer): Promise<boolean> {
  return new Promise((resolve, reject) => {
    let tail = Buffer.alloc(0);
    const stream = createReadStream(file, { highWaterMark: 1 << 20 });
    stream.on('data', (chunk) => {
      const window = Buffer.concat([tail, chunk as Buffer]);
      if (window.includes(needle)) {
        stream.destroy();
        resolve(true);
        return;
      }
      tail = window.subarray(Math.max(0, window.length - needle.length));
    });
    stream.on('error', reject);
    stream.on('close', () => resolve(false));
  });
}

const MAC_SIGNATURE = Buffer.from('.app/Contents/_CodeSignature/CodeResources');

/** Windows installers and macOS update zips are checked; Linux packages are not signed by electron-builder. */
export async function signatureOf(artifact: Artifact): Promise<SignatureState> {
  if (artifact.companion) return 'not_checked';
  if (artifact.platform === 'win32') {
    return (await authenticodePresent(artifact.path)) ? 'signed' : 'unsigned';
  }
  if (artifact.platform === 'darwin' && artifact.rank !== null) {
    return (await containsBytes(artifact.path, MAC_SIGNATURE)) ? 'signed' : 'unsigned';
  }
  return 'not_checked';
}
