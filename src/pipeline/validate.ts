import { badRequest, tooLarge } from '../errors.js';
import { textProblem } from '../text.js';
import type { SendStep } from './types.js';

export const MAX_CONTENT_BYTES = 16 * 1024;
const CONTENT_TYPE = /^[a-z][a-z0-9_.-]{0,31}$/;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Checks the request's shape beyond types: sizes, tokens, ids. */
export const validate: SendStep = {
  name: 'validate',
  async run({ request: r }) {
    if (r.kind !== 'direct' && r.kind !== 'group') throw badRequest('kind: must be "direct" or "group"');
    if (!ID.test(r.to)) throw badRequest('to: not a valid id');
    if (r.clientMsgId.length < 1 || r.clientMsgId.length > 64) throw badRequest('clientMsgId: must be 1-64 characters');
    // WebSocket sends reach the pipeline without the HTTP layer's text check.
    for (const field of ['clientMsgId', 'content'] as const) {
      const problem = textProblem(r[field]);
      if (problem) throw badRequest(`${field}: ${problem}`);
    }
    if (!CONTENT_TYPE.test(r.contentType))
      throw badRequest('contentType: must be text, image, file or a token of at most 32 characters');
    if (Buffer.byteLength(r.content, 'utf8') > MAX_CONTENT_BYTES) throw tooLarge('content: at most 16 KiB');
    if (r.contentType === 'text' && r.content.length === 0) throw badRequest('content: must not be empty');
  },
};
