import type { Readable } from 'node:stream';

/** What the gateway knows about a stored file. The bytes live in a BlobStore; this lives in Postgres. */
export interface FileMeta {
  /** Server-generated, opaque; never derived from the client's filename. */
  id: string;
  ownerId: string;
  /** The client's filename after sanitizing: metadata only, never a path. */
  name: string;
  size: number;
  /** Detected from the bytes by the server, never the client's claim. */
  contentType: string;
  /** Hex SHA-256 of the bytes; the download's ETag. */
  sha256: string;
  createdAt: number;
}

/** An inclusive byte range `[start, end]`, already checked against the file's size. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface PutOptions {
  id: string;
  ownerId: string;
  name: string;
  /** Bytes beyond this refuse the upload with 413 `too_large`. */
  maxBytes: number;
  /** The owner's total (sum of their ready files' sizes) may not pass this: 413 `upload quota exceeded`. */
  quotaBytes: number;
  now: number;
}

/**
 * Where uploaded bytes are kept. One implementation per file (`postgres.ts`, `disk.ts`); both keep
 * the metadata in the `files` table (see `catalog.ts`), so quota and attachment checks do not care
 * which store holds the bytes.
 *
 * Contract:
 * - `put` consumes `source` to its end (or until it refuses) and resolves only once the file is
 *   complete and durable: from then on `stat` and `open` on any gate sharing the store see it.
 *   It rejects with an ApiError `too_large` past `maxBytes` or the owner's quota; on any rejection
 *   nothing of the file stays visible, and the bytes written so far are removed (a crash mid-upload
 *   can leave invisible leftovers, which the store sweeps later). The quota check is atomic per
 *   owner: two concurrent uploads cannot both squeeze under it.
 * - `stat` returns complete files only; unknown and half-uploaded ids are `null`.
 * - `open` streams the bytes of a file `stat` returned, the whole file or one range, holding at most
 *   one storage chunk in memory at a time. If the file is deleted meanwhile the stream errors.
 * - `delete` removes metadata and bytes; it resolves false when there was nothing to delete.
 * Files are immutable: an id always names the same bytes (so the SHA-256 is a strong ETag).
 */
export interface BlobStore {
  readonly kind: 'postgres' | 'disk';
  put(source: AsyncIterable<Uint8Array>, opts: PutOptions): Promise<FileMeta>;
  stat(id: string): Promise<FileMeta | null>;
  open(meta: FileMeta, range?: ByteRange): Readable;
  delete(id: string): Promise<boolean>;
}

/** The upload response, and the canonical content of an `image`/`file` message. */
export interface FileView {
  id: string;
  url: string;
  name: string;
  size: number;
  contentType: string;
}

export function fileView(meta: FileMeta): FileView {
  return { id: meta.id, url: `/v1/files/${meta.id}`, name: meta.name, size: meta.size, contentType: meta.contentType };
}
