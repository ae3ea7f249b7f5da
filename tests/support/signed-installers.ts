// Installer stand-ins with and without a code signature where src/release/signature.ts looks for one:
// a PE32+ file whose certificate table (Authenticode) is filled or empty, and a macOS update zip that
// does or does not name the bundle's _CodeSignature/CodeResources.
import { writeFile } from 'node:fs/promises';

const PE_OFFSET = 0x80;

/** A minimal PE32+ image; `signed` fills its certificate table's size as signtool does. */
export function windowsInstaller(body: string, signed: boolean): Buffer {
  const head = Buffer.alloc(1024);
  head.write('MZ', 0, 'latin1');
  head.writeUInt32LE(PE_OFFSET, 0x3c);
  head.write('PE\0\0', PE_OFFSET, 'latin1');
  const optional = PE_OFFSET + 24;
  head.writeUInt16LE(0x20b, optional);
  const security = optional + 112 + 4 * 8;
  head.writeUInt32LE(signed ? 2048 : 0, security);
  head.writeUInt32LE(signed ? 9000 : 0, security + 4);
  return Buffer.concat([head, Buffer.from(body)]);
}

/** A stand-in for electron-builder's -mac.zip of the app bundle. */
export function macUpdateZip(body: string, signed: boolean): Buffer {
  const entries = ['TalentG Workstation.app/Contents/Info.plist'];
  if (signed) entries.push('TalentG Workstation.app/Contents/_CodeSignature/CodeResources');
  return Buffer.from(`PK\u0003\u0004${entries.join('\n')}\n${body}`);
}

export async function writeInstaller(file: string, bytes: Buffer): Promise<string> {
  await writeFile(file, bytes);
  return file;
}
