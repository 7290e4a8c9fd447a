import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Sql } from '../store/db.js';
import { isIdLike } from '../ids.js';
import * as catalog from './catalog.js';
import { Ingest } from './ingest.js';
import type { ByteRange, FileMeta, BlobStore, PutOptions } from './blob-store.js';

/**
 * Bytes as one file per upload under `dir` (DATA_DIR/files), metadata in Postgres. Every gate must
 * see the same directory (a shared volume) for any gate to serve any file. A file is written as
 * `<id>.part` and renamed into place only once complete, so readers never see a partial file.
 */
export class DiskBlobStore implements BlobStore {
  readonly kind = 'disk';

  constructor(
    private readonly sql: Sql,
    private readonly dir: string,
  ) {}

  private pathOf(id: string, partial = false): string {
    if (!isIdLike(id)) throw new Error('refusing a file path for a malformed id');
    return path.join(this.dir, partial ? `${id}.part` : id);
  }

  async put(source: AsyncIterable<Uint8Array>, opts: PutOptions): Promise<FileMeta> {
    await mkdir(this.dir, { recursive: true });
    const { allowance, swept } = await catalog.begin(this.sql, opts, null);
    await Promise.all(swept.map((id) => this.unlink(id)));
    const part = this.pathOf(opts.id, true);
    try {
      const ingest = new Ingest(opts.maxBytes, allowance);
      await pipeline(ingest.through(source), createWriteStream(part, { flags: 'wx', mode: 0o600 }));
      const digest = await ingest.finish();
      await rename(part, this.pathOf(opts.id));
      return await catalog.complete(this.sql, opts, digest);
    } catch (err) {
      await catalog.remove(this.sql, opts.id).catch(() => {});
      await this.unlink(opts.id);
      throw err;
    }
  }

  stat(id: string): Promise<FileMeta | null> {
    return catalog.stat(this.sql, id);
  }

  open(meta: FileMeta, range?: ByteRange): Readable {
    // fs read streams fill 64 KiB buffers: memory per transfer stays small whatever the range.
    return createReadStream(this.pathOf(meta.id), range ? { start: range.start, end: range.end } : {});
  }

  async delete(id: string): Promise<boolean> {
    const existed = await catalog.remove(this.sql, id);
    await this.unlink(id);
    return existed;
  }

  private async unlink(id: string): Promise<void> {
    await Promise.all([rm(this.pathOf(id), { force: true }), rm(this.pathOf(id, true), { force: true })]);
  }
}
