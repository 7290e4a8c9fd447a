import type { Request } from 'express';
import type { StorageEngine } from 'multer';
import type { Readable } from 'node:stream';
import { ApiError, unauthorized } from '../errors.js';
import { newId } from '../ids.js';
import { sanitizeName } from './names.js';
import type { FileMeta, BlobStore } from './blob-store.js';

/** A multer file after StoreUpload handled it. */
export type StoredUpload = Express.Multer.File & { stored?: FileMeta };

/** A failure of the store itself (not of the request), kept apart from multipart parse errors. */
export class StoreFailure extends Error {
  constructor(readonly original: unknown) {
    super('the file store failed');
  }
}

export interface UploadLimits {
  maxBytes: number;
  quotaBytes: number;
  now(): number;
}

/**
 * A multer StorageEngine that streams each part straight into a BlobStore (no temp file, no whole
 * file in memory). The id is the server's; the client's filename is kept only sanitized.
 */
export class StoreUpload implements StorageEngine {
  /** Store writes and removals each request started and that have not finished yet. */
  private readonly working = new WeakMap<Request, Set<Promise<void>>>();

  constructor(
    private readonly store: BlobStore,
    private readonly limits: UploadLimits,
  ) {}

  /**
   * Resolves once every store write and removal this request started has finished, cleanup
   * included. multer may report a refusal while a write is still unwinding (the parser failing
   * ends the part's stream before the store has removed what it began), and a client told 400 must
   * find nothing of its upload stored.
   */
  async settled(req: Request): Promise<void> {
    const work = this.working.get(req);
    while (work?.size) await Promise.allSettled([...work]);
  }

  private track(req: Request, work: Promise<void>): void {
    const mine = this.working.get(req) ?? new Set<Promise<void>>();
    this.working.set(req, mine.add(work));
    // `work` ends in multer's callback; were that to throw, the request is already lost, not the process.
    work.finally(() => mine.delete(work)).catch(() => {});
  }

  _handleFile(
    req: Request,
    file: Express.Multer.File,
    cb: (error?: unknown, info?: Partial<Express.Multer.File>) => void,
  ): void {
    const stream = file.stream;
    const ownerId = req.principal?.userId;
    if (!ownerId) {
      stream.resume();
      cb(unauthorized());
      return;
    }
    const opts = {
      id: newId(),
      ownerId,
      name: sanitizeName(file.originalname),
      maxBytes: this.limits.maxBytes,
      quotaBytes: this.limits.quotaBytes,
      now: this.limits.now(),
    };
    // Tracked until multer has heard the outcome, so a removal that outcome starts is tracked too.
    this.track(
      req,
      this.store.put(keepOpen(stream), opts).then(
        (stored) => cb(null, { size: stored.size, stored } as Partial<StoredUpload>),
        (err: unknown) => {
          // Drain the rest of the part so the multipart parser can finish; nothing more is written.
          stream.resume();
          cb(err instanceof ApiError ? err : new StoreFailure(err));
        },
      ),
    );
  }

  _removeFile(req: Request, file: Express.Multer.File, cb: (error: Error | null) => void): void {
    const id = (file as StoredUpload).stored?.id;
    if (!id) return cb(null);
    this.track(
      req,
      this.store.delete(id).then(
        () => cb(null),
        (err: unknown) => cb(err instanceof Error ? err : new Error(String(err))),
      ),
    );
  }
}

/** Iterates a part without destroying it when the consumer stops early (the parser still owns it). */
function keepOpen(stream: Readable): AsyncIterable<Uint8Array> {
  return stream.iterator({ destroyOnReturn: false }) as AsyncIterable<Uint8Array>;
}
