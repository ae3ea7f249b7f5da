import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { copyFile, link, mkdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { storageErrors } from './errors.js';

export interface WrittenFile {
  tempPath: string;
  size: number;
  /** Quoted MD5 of the bytes, as S3 and storage-api report ETags. */
  eTag: string;
}

// '#' can be neither in a bucket name nor in a key, so these never collide with stored names.
const TEMP_DIR = '#tmp';
const VERSION_PREFIX = '#';

/**
 * One path segment on disk. Names reach here validated, but rows written by SQL may not have been: a segment
 * that could leave its directory is refused. Characters Windows refuses in file names are escaped ('%' itself
 * never appears in a valid name, so the escape is unambiguous).
 */
function diskSegment(segment: string): string {
  if (segment === '' || segment === '.' || segment === '..' || /[/\\\0]/.test(segment)) {
    throw storageErrors.invalidKey(segment);
  }
  return segment.replace(/[:*?]/g, (char) => `%${char.charCodeAt(0).toString(16)}`);
}

/**
 * Object bytes on disk: each version at <root>/<bucket>/<key>/#<version>, so a key and a longer key under it
 * never collide, a replaced object keeps its old bytes until the new row commits, and every write is a
 * temp file renamed into place.
 */
export class ObjectFiles {
  constructor(readonly root: string) {}

  /** The file of one object version; throws rather than ever resolving outside the root. */
  pathOf(bucket: string, key: string, version: string): string {
    const target = path.join(
      this.root,
      diskSegment(bucket),
      ...key.split('/').map(diskSegment),
      VERSION_PREFIX + version,
    );
    const relative = path.relative(this.root, target);
    if (relative.startsWith('..') || path.isAbsolute(relative) || target.includes('\0')) {
      throw storageErrors.invalidKey(key);
    }
    return target;
  }

  bucketDir(bucket: string): string {
    return path.join(this.root, diskSegment(bucket));
  }

  /**
   * Streams a body into a temp file. Bytes past `limit` are read and dropped rather than failing the stream,
   * so the client still receives a proper EntityTooLarge answer instead of a reset connection.
   */
  async writeTemp(body: Readable, limit: number): Promise<WrittenFile> {
    const dir = path.join(this.root, TEMP_DIR);
    await mkdir(dir, { recursive: true });
    const tempPath = path.join(dir, randomUUID());
    const hash = createHash('md5');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > limit) return done();
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, meter, createWriteStream(tempPath));
    } catch (error) {
      await rm(tempPath, { force: true });
      throw error;
    }
    if (size > limit) {
      await rm(tempPath, { force: true });
      throw storageErrors.entityTooLarge();
    }
    return { tempPath, size, eTag: `"${hash.digest('hex')}"` };
  }

  /** Renames a finished temp file to its version path (same file system, so atomic). */
  async place(tempPath: string, bucket: string, key: string, version: string): Promise<void> {
    const target = this.pathOf(bucket, key, version);
    await mkdir(path.dirname(target), { recursive: true });
    await rename(tempPath, target);
  }

  /** Gives a second version path the same bytes: a hard link where possible, else a copy. */
  async duplicate(from: string, bucket: string, key: string, version: string): Promise<void> {
    const target = this.pathOf(bucket, key, version);
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await link(from, target);
    } catch (_linkError) {
      const temp = path.join(this.root, TEMP_DIR, randomUUID());
      await mkdir(path.dirname(temp), { recursive: true });
      await copyFile(from, temp);
      await rename(temp, target);
    }
  }

  /** Where one version's bytes are, with their size, or undefined when they are missing. */
  async find(
    bucket: string,
    key: string,
    version: string,
  ): Promise<{ file: string; size: number; mtime: Date } | undefined> {
    const file = this.pathOf(bucket, key, version);
    try {
      const info = await stat(file);
      return { file, size: info.size, mtime: info.mtime };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Temp files left by a process that died mid-upload; nothing else writes there. */
  async clearTemp(): Promise<void> {
    await rm(path.join(this.root, TEMP_DIR), { recursive: true, force: true });
  }

  /** Deletes one version and the directories it leaves empty, up to the bucket directory. */
  async remove(bucket: string, key: string, version: string): Promise<void> {
    const file = this.pathOf(bucket, key, version);
    await rm(file, { force: true });
    const stop = this.bucketDir(bucket);
    for (
      let dir = path.dirname(file);
      dir.startsWith(stop) && dir !== stop;
      dir = path.dirname(dir)
    ) {
      try {
        await rmdir(dir);
      } catch (_notEmpty) {
        break;
      }
    }
  }

  async removeTemp(tempPath: string): Promise<void> {
    await rm(tempPath, { force: true });
  }

  async removeBucket(bucket: string): Promise<void> {
    await rm(this.bucketDir(bucket), { recursive: true, force: true });
  }
}
