import { z } from 'zod';
import { uploadAnswer } from '../answers.js';
import { id } from '../validate.js';
import type { Operation } from './operation.js';

const tag = 'files';
const bytes = z.string().meta({ format: 'binary', description: 'The file’s bytes.' });
const fileHeaders = {
  ETag: 'The SHA-256 of the bytes, quoted.',
  'Content-Disposition': '`inline` only for PNG, JPEG, GIF and WebP detected from the bytes; `attachment` otherwise.',
  'Cache-Control': '`private, max-age=31536000, immutable`.',
};

/** `/v1/files`: upload and download. */
export const fileOperations: Operation[] = [
  {
    id: 'upload',
    method: 'post',
    path: '/v1/files',
    tag,
    summary: 'Upload a file',
    description:
      'One file in the multipart field `file` (at most 4 other fields). Over `MAX_UPLOAD_BYTES` (default 10 MiB) or the per-user `UPLOAD_QUOTA_BYTES` it is 413, and nothing of it is kept. Send `JSON.stringify` of the answer as the content of an `image` or `file` message.',
    access: 'bearer',
    content: { contentType: 'multipart/form-data', schema: z.object({ file: bytes }) },
    ok: { 201: { description: 'What the server stored, with the type it detected.', schema: uploadAnswer } },
  },
  {
    id: 'download',
    method: 'get',
    path: '/v1/files/:id',
    tag,
    summary: 'Download a file, from any gate',
    description:
      "Any signed-in user who knows the id may download it. Answers carry `X-Content-Type-Options: nosniff` and `Content-Security-Policy: default-src 'none'; sandbox`. Honours `If-None-Match`, a single `Range` and `If-Range`.",
    access: 'bearer',
    params: z.object({ id }),
    ok: {
      200: { description: 'The bytes.', contentType: '*/*', schema: bytes, headers: fileHeaders },
      206: {
        description: 'The requested range.',
        contentType: '*/*',
        schema: bytes,
        headers: { ...fileHeaders, 'Content-Range': '`bytes <start>-<end>/<size>`.' },
      },
      304: { description: 'Not modified (`If-None-Match` matched the ETag).', headers: { ETag: fileHeaders.ETag } },
      416: { description: 'The range cannot be satisfied.', headers: { 'Content-Range': '`bytes */<size>`.' } },
    },
    errors: ['not_found'],
  },
];
