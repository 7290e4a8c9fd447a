import { createHash } from 'node:crypto';
import { tooLarge } from '../errors.js';
import { Sniffer } from './sniff.js';

/** The refusal for an upload that would take its owner past UPLOAD_QUOTA_BYTES (413, like any other size limit). */
export const quotaExceeded = () => tooLarge('upload quota exceeded');

/** What the server learned from an upload's bytes. */
export interface Digest {
  size: number;
  sha256: string;
  contentType: string;
}

/**
 * Counts, hashes and sniffs an upload as it streams past, and refuses it the moment it passes the
 * per-file limit or the owner's remaining quota, so a store never writes more than that.
 */
export class Ingest {
  private size = 0;
  private readonly hash = createHash('sha256');
  private readonly sniffer = new Sniffer();

  constructor(
    private readonly maxBytes: number,
    /** Quota left for this owner when the upload began; rechecked atomically when it completes. */
    private readonly allowance: number,
  ) {}

  add(bytes: Uint8Array): void {
    this.size += bytes.length;
    if (this.size > this.maxBytes) throw tooLarge(`file too large: at most ${this.maxBytes} bytes`);
    if (this.size > this.allowance) throw quotaExceeded();
    this.hash.update(bytes);
    this.sniffer.add(bytes);
  }

  /** Passes `source` through, counting each piece before it goes on. */
  async *through(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const piece of source) {
      this.add(piece);
      yield piece;
    }
  }

  async finish(): Promise<Digest> {
    return { size: this.size, sha256: this.hash.digest('hex'), contentType: await this.sniffer.result() };
  }
}

/**
 * Regroups a byte stream into chunks of exactly `size` bytes (the last one shorter), each a fresh
 * buffer the consumer may keep. At most one partial chunk is held.
 */
export async function* rechunk(source: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Buffer> {
  let buf = Buffer.allocUnsafe(size);
  let fill = 0;
  for await (const piece of source) {
    let off = 0;
    while (off < piece.length) {
      const n = Math.min(size - fill, piece.length - off);
      buf.set(piece.subarray(off, off + n), fill);
      fill += n;
      off += n;
      if (fill === size) {
        yield buf;
        buf = Buffer.allocUnsafe(size);
        fill = 0;
      }
    }
  }
  if (fill > 0) yield buf.subarray(0, fill);
}
