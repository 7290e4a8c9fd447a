import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import multer from 'multer';
import { pipeline } from 'node:stream/promises';
import type { Context } from '../context.js';
import { ApiError, badRequest, notFound, tooLarge, toApiError } from '../errors.js';
import { isIdLike } from '../ids.js';
import { contentDisposition } from '../files/names.js';
import { openBlobStore } from '../files/open.js';
import { etagMatches, parseRange } from '../files/range.js';
import { isInlineImage } from '../files/sniff.js';
import { fileView, type BlobStore } from '../files/blob-store.js';
import { StoreFailure, StoreUpload, type StoredUpload } from '../files/upload.js';
import type { UploadAnswer } from './answers.js';

/** Room for multipart framing around the file when judging a request by its Content-Length. */
const MULTIPART_OVERHEAD = 64 * 1024;
/** Downloads are immutable by id, and only the authenticated caller's own cache may keep them. */
const CACHE_CONTROL = 'private, max-age=31536000, immutable';

/**
 * `POST /v1/files` (multipart, one file in the field `file`) and `GET /v1/files/:id`; mounted after
 * requireAuth.
 *
 * Who may download: any authenticated user who knows the id. The id is 96 random bits that only the
 * uploader and the members of a conversation it was sent to ever see, so it works as a capability;
 * checking conversation membership on every download would cost a message scan for little gain.
 */
export function filesRouter(ctx: Context, store: BlobStore = openBlobStore(ctx.config, ctx.sql)): Router {
  const r = Router();
  const max = ctx.config.MAX_UPLOAD_BYTES;
  const storage = new StoreUpload(store, { maxBytes: max, quotaBytes: ctx.config.UPLOAD_QUOTA_BYTES, now: ctx.now });
  const upload = multer({
    storage,
    // Browsers and fetch send filenames as UTF-8 bytes; multer's latin1 default would garble them.
    defParamCharset: 'utf8',
    // The raw client name goes to sanitizeName, the one place names are cleaned (busboy's own
    // basename would drop a part named ".." as if it carried no file at all).
    preservePath: true,
    limits: { fileSize: max, files: 1, fields: 4, parts: 5, fieldNameSize: 64, fieldSize: 1024, headerPairs: 32 },
  }).single('file');

  r.post('/files', refuseDeclaredOversize(max), runUpload(upload, storage, max), (req, res) => {
    const stored = (req.file as StoredUpload | undefined)?.stored;
    if (!stored) throw badRequest('file: missing; send one file as multipart/form-data in the field "file"');
    res.status(201).json(fileView(stored) satisfies UploadAnswer);
  });

  r.get('/files/:id', async (req, res) => {
    const id = req.params.id;
    const meta = isIdLike(id) ? await store.stat(id) : null;
    if (!meta) throw notFound('no such file');

    const etag = `"${meta.sha256}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', CACHE_CONTROL);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (etagMatches(req.headers['if-none-match'], etag)) {
      res.status(304).end();
      return;
    }
    // The type is the one the server detected; only raster images it recognised are shown inline,
    // everything else (HTML, SVG, scripts, unknown bytes) is a download the browser will not render.
    res.setHeader('Content-Type', meta.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : meta.contentType);
    res.setHeader('Content-Disposition', contentDisposition(meta.name, isInlineImage(meta.contentType)));
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('Accept-Ranges', 'bytes');

    const ifRange = req.headers['if-range'];
    const answer =
      ifRange === undefined || ifRange === etag
        ? parseRange(req.headers.range, meta.size)
        : ({ kind: 'full' } as const);
    if (answer.kind === 'unsatisfiable') {
      // 416 has no code in the error registry: it is HTTP-level negotiation, answered as RFC 9110 says.
      res.status(416).setHeader('Content-Range', `bytes */${meta.size}`).end();
      return;
    }
    const range = answer.kind === 'partial' ? answer.range : undefined;
    if (range) {
      res.status(206).setHeader('Content-Range', `bytes ${range.start}-${range.end}/${meta.size}`);
    } else {
      res.status(200);
    }
    res.setHeader('Content-Length', String(range ? range.end - range.start + 1 : meta.size));
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    try {
      await pipeline(store.open(meta, range), res);
    } catch (err) {
      // Headers are gone: the only honest signal left is a cut connection (pipeline already destroyed it).
      if ((err as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE')
        ctx.log.warn({ err, file: meta.id }, 'file download failed');
    }
  });
  return r;
}

/**
 * A body declared far beyond the limit is refused before a byte of it is read, and the connection
 * is closed rather than drained (multer would otherwise read all of it to answer politely).
 */
function refuseDeclaredOversize(max: number): RequestHandler {
  return (req, res, next) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > max + MULTIPART_OVERHEAD) {
      res.setHeader('Connection', 'close');
      next(tooLarge(`file too large: at most ${max} bytes`));
      return;
    }
    next();
  };
}

/**
 * Runs multer and turns its (and the multipart parser's) errors into contract errors, answered only
 * once the store has finished unwinding whatever the refused request began.
 */
function runUpload(upload: RequestHandler, storage: StoreUpload, max: number): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    upload(req, res, (err?: unknown) => {
      if (err === undefined) return next();
      void storage.settled(req).then(() => next(uploadError(err, max)));
    });
  };
}

function uploadError(err: unknown, max: number): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof StoreFailure) return toApiError(err.original);
  if (err instanceof multer.MulterError) {
    switch (err.code) {
      case 'LIMIT_FILE_SIZE':
        return tooLarge(`file too large: at most ${max} bytes`);
      case 'LIMIT_FILE_COUNT':
      case 'LIMIT_UNEXPECTED_FILE':
        return badRequest('send exactly one file, in the multipart field "file"');
      case 'LIMIT_PART_COUNT':
      case 'LIMIT_FIELD_COUNT':
        return badRequest('too many parts: send one file in the field "file" and at most 4 other fields');
      case 'LIMIT_FIELD_KEY':
        return badRequest('a multipart field name is too long');
      case 'LIMIT_FIELD_VALUE':
        return badRequest('a multipart field value is too long');
      default:
        return badRequest('malformed multipart field');
    }
  }
  // Anything else came from the multipart parser reading the body: the body is malformed (or was cut off).
  return badRequest('body: not a readable multipart/form-data body');
}
