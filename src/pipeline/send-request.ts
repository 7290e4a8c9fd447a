import { z } from 'zod';
import { badRequest, tooLarge, type ApiError } from '../errors.js';
import { textProblem } from '../text.js';
import { CLIENT_MSG_ID_MAX, CONTENT_TYPE_PATTERN, ID_PATTERN, MAX_CONTENT_BYTES } from '../rules.js';

/** Marks the one issue that is a size refusal (413) rather than a malformed request (400). */
const TOO_LARGE = { code: 'too_large' } as const;

/** Text that Postgres can store (src/text.ts). */
const storable = z.string().superRefine((s, ctx) => {
  const problem = textProblem(s);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** The fields of a message to send and their rules (see `sendRequest`). */
export const sendFields = z.object({
  kind: z.enum(['direct', 'group'], { message: 'must be "direct" or "group"' }),
  to: z.string().regex(ID_PATTERN, 'not a valid id'),
  clientMsgId: storable.pipe(z.string().min(1).max(CLIENT_MSG_ID_MAX, `must be 1-${CLIENT_MSG_ID_MAX} characters`)),
  contentType: z.string().regex(CONTENT_TYPE_PATTERN, 'must be text, image, file or a token of at most 32 characters'),
  content: storable
    .refine((s) => Buffer.byteLength(s, 'utf8') <= MAX_CONTENT_BYTES, {
      message: `at most ${MAX_CONTENT_BYTES / 1024} KiB`,
      params: TOO_LARGE,
    })
    .meta({ description: `At most ${MAX_CONTENT_BYTES / 1024} KiB (UTF-8 bytes); for text, not empty.` }),
});

/**
 * The one schema of a message to send, whatever brought it: a REST body, a JSON or a protobuf
 * WebSocket frame. The codecs only check types; these rules are applied once, by the send pipeline.
 */
export const sendRequest = sendFields.refine((r) => r.contentType !== 'text' || r.content.length > 0, {
  message: 'must not be empty',
  path: ['content'],
});

/** What a client asks to send, once it passed `sendRequest`. */
export type SendRequest = z.infer<typeof sendRequest>;

/**
 * The request when it plainly passes `sendRequest` (as nearly every send does), checked by hand since
 * a send is the gate's hottest request; null leaves it to the schema. Accepts only what the schema
 * accepts, and answers what it would (a property test holds the two together).
 */
export function plainlyValid(input: unknown): SendRequest | null {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return null;
  const { kind, to, clientMsgId, contentType, content } = input as Record<string, unknown>;
  if ((kind !== 'direct' && kind !== 'group') || typeof to !== 'string' || !ID_PATTERN.test(to)) return null;
  if (typeof clientMsgId !== 'string' || clientMsgId.length < 1 || clientMsgId.length > CLIENT_MSG_ID_MAX) return null;
  if (typeof contentType !== 'string' || !CONTENT_TYPE_PATTERN.test(contentType)) return null;
  if (typeof content !== 'string' || (contentType === 'text' && content.length === 0)) return null;
  // Three UTF-8 bytes at most per UTF-16 unit: only a long text needs counting.
  if (content.length * 3 > MAX_CONTENT_BYTES && Buffer.byteLength(content, 'utf8') > MAX_CONTENT_BYTES) return null;
  if (textProblem(clientMsgId) || textProblem(content)) return null;
  return { kind, to, clientMsgId, contentType, content };
}

/** The request, checked; a 413 for oversized content, else a 400 naming the first bad field. */
export function checkSend(input: unknown): SendRequest {
  const plain = plainlyValid(input);
  if (plain) return plain;
  const r = sendRequest.safeParse(input ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue && issue.path.length ? issue.path.join('.') : 'body';
  const message = `${field}: ${issue?.message ?? 'invalid'}`;
  const sized = issue?.code === 'custom' && (issue as { params?: unknown }).params === TOO_LARGE;
  const err: ApiError = sized ? tooLarge(message) : badRequest(message);
  throw err;
}
