import { Readable } from 'node:stream';
import type { Sql } from '../store/db.js';
import * as catalog from './catalog.js';
import { Ingest, rechunk } from './ingest.js';
import type { ByteRange, FileMeta, BlobStore, PutOptions } from './blob-store.js';

/** Rows of `file_chunks` hold this many bytes (the last one of a file fewer). */
export const CHUNK_BYTES = 256 * 1024;

/**
 * Bytes in Postgres, as `file_chunks` rows of 256 KiB, so every gate serves every file. An upload is
 * written chunk by chunk in short statements (no transaction held open while a slow client sends),
 * and a download or range reads one chunk per query, so memory per transfer is one chunk.
 */
export class PostgresBlobStore implements BlobStore {
  readonly kind = 'postgres';

  constructor(
    private readonly sql: Sql,
    private readonly chunkBytes = CHUNK_BYTES,
  ) {}

  async put(source: AsyncIterable<Uint8Array>, opts: PutOptions): Promise<FileMeta> {
    const { allowance } = await catalog.begin(this.sql, opts, this.chunkBytes);
    try {
      const ingest = new Ingest(opts.maxBytes, allowance);
      let n = 0;
      for await (const chunk of rechunk(ingest.through(source), this.chunkBytes)) {
        await this.sql`insert into file_chunks (file_id, n, data) values (${opts.id}, ${n}, ${chunk})`;
        n++;
      }
      return await catalog.complete(this.sql, opts, await ingest.finish());
    } catch (err) {
      await catalog.remove(this.sql, opts.id).catch(() => {});
      throw err;
    }
  }

  stat(id: string): Promise<FileMeta | null> {
    return catalog.stat(this.sql, id);
  }

  open(meta: FileMeta, range?: ByteRange): Readable {
    return Readable.from(this.chunks(meta, range ?? { start: 0, end: meta.size - 1 }), { objectMode: false });
  }

  private async *chunks(meta: FileMeta, range: ByteRange): AsyncGenerator<Buffer> {
    if (range.end < range.start) return;
    const size = (await catalog.chunkSize(this.sql, meta.id)) ?? this.chunkBytes;
    const first = Math.floor(range.start / size);
    const last = Math.floor(range.end / size);
    for (let n = first; n <= last; n++) {
      const [row] = await this.sql<
        { data: Buffer }[]
      >`select data from file_chunks where file_id = ${meta.id} and n = ${n}`;
      if (!row) throw new Error(`file ${meta.id} lost chunk ${n}`);
      const base = n * size;
      const from = Math.max(range.start - base, 0);
      const to = Math.min(range.end - base + 1, row.data.length);
      yield row.data.subarray(from, to);
    }
  }

  delete(id: string): Promise<boolean> {
    return catalog.remove(this.sql, id);
  }
}
