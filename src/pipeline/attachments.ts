import { badRequest, forbidden, notFound } from '../errors.js';
import { isIdLike } from '../ids.js';
import * as catalog from '../files/catalog.js';
import { isImage } from '../files/sniff.js';
import { fileView } from '../files/blob-store.js';
import type { SendStep } from './types.js';

const HINT = 'for image and file messages, content must be the JSON of the upload response';

/**
 * `image` and `file` messages point at an upload: content is the JSON the upload answered with. The
 * file must exist and be the sender's own (a message cannot lend someone else's file to a new
 * audience); an `image` must be bytes the server detected as an image. The content is then replaced
 * by the server's own record of the file, so recipients never see a name, size or type the sender
 * made up.
 */
export const attachments: SendStep = {
  name: 'attachments',
  async run(s) {
    const { contentType, content } = s.request;
    if (contentType !== 'image' && contentType !== 'file') return;
    let ref: unknown;
    try {
      ref = JSON.parse(content);
    } catch {
      throw badRequest(`content: not JSON; ${HINT}`);
    }
    const id = typeof ref === 'object' && ref !== null ? (ref as { id?: unknown }).id : undefined;
    if (!isIdLike(id)) throw badRequest(`content: no file id; ${HINT}`);
    const meta = await catalog.stat(s.ctx.sql, id);
    if (!meta) throw notFound('no such file');
    if (meta.ownerId !== s.sender.userId) throw forbidden('you can only send files you uploaded');
    if (contentType === 'image' && !isImage(meta.contentType))
      throw badRequest(`content: the file is ${meta.contentType}, not an image`);
    s.request = { ...s.request, content: JSON.stringify(fileView(meta)) };
  },
};
