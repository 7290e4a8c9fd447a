import { z } from 'zod';
import { conversationsAnswer, historyAnswer, limitsAnswer, recallAnswer, sendAnswer } from '../answers.js';
import { convId, historyQuery, readBody, seqParam } from '../messages.js';
import { sendRequest } from '../../pipeline/send-request.js';
import type { Operation } from './operation.js';

const byConversation = z.object({ id: convId });

/** `/v1/messages` and `/v1/conversations/*`. */
export const messageOperations: Operation[] = [
  {
    id: 'sendMessage',
    method: 'post',
    path: '/v1/messages',
    tag: 'messages',
    summary: 'Send a message',
    description:
      'Idempotent per device and `clientMsgId`: a resend gets the same `seq` and creates no second message. Direct messages need friendship and no block either way; group messages need membership. `image`/`file` content is the JSON of your own upload. Answered once the message is in Redis.',
    access: 'bearer',
    body: sendRequest,
    ok: { 200: { description: "The message's place in its conversation.", schema: sendAnswer } },
    errors: ['forbidden', 'not_found', 'too_large', 'rate_limited'],
  },
  {
    id: 'limits',
    method: 'get',
    path: '/v1/limits',
    tag: 'messages',
    summary: 'What the gate lets a client do',
    description:
      'Check an upload against `maxUploadBytes` before sending it, and offer recall within `recallWindowSec`.',
    access: 'bearer',
    ok: { 200: { description: 'The limits.', schema: limitsAnswer } },
  },
  {
    id: 'listConversations',
    method: 'get',
    path: '/v1/conversations',
    tag: 'conversations',
    summary: 'Conversations, newest first',
    access: 'bearer',
    ok: { 200: { description: 'The session list.', schema: conversationsAnswer } },
  },
  {
    id: 'history',
    method: 'get',
    path: '/v1/conversations/:id/messages',
    tag: 'conversations',
    summary: 'Message history',
    description: 'Ascending by `seq`; by default the latest 50. `limit` at most 200.',
    access: 'bearer',
    params: byConversation,
    query: historyQuery,
    ok: { 200: { description: 'Messages, oldest first.', schema: historyAnswer } },
    errors: ['not_found', 'forbidden'],
  },
  {
    id: 'markRead',
    method: 'post',
    path: '/v1/conversations/:id/read',
    tag: 'read',
    summary: 'Move the read marker',
    description:
      "Only ever forward, and never past the conversation's last message (400). The conversation must exist: a direct one that has no message yet is 404. The other members and the caller's other devices get a `read` event; a marker that does not move appends nothing. At most READ_RATE_PER_SECOND a second.",
    access: 'bearer',
    params: byConversation,
    body: readBody,
    ok: { 204: { description: 'Recorded.' } },
    errors: ['not_found', 'forbidden', 'rate_limited'],
  },
  {
    id: 'typing',
    method: 'post',
    path: '/v1/conversations/:id/typing',
    tag: 'typing',
    summary: 'Say the caller is typing',
    description:
      'The other members get a live-only `typing` event. In a direct conversation only between friends with no block either way (403 otherwise); in a group, members who blocked the caller do not get it. At most TYPING_RATE_PER_SECOND a second.',
    access: 'bearer',
    params: byConversation,
    ok: { 204: { description: 'Sent.' } },
    errors: ['not_found', 'forbidden', 'rate_limited'],
  },
  {
    id: 'recall',
    method: 'post',
    path: '/v1/conversations/:id/messages/:seq/recall',
    tag: 'recall',
    summary: 'Recall a message',
    description:
      'Only the sender, within `RECALL_WINDOW` (default 120 s). Everyone in the conversation gets a `recall` event and history shows the message recalled, its content removed.',
    access: 'bearer',
    params: z.object({ id: convId, seq: seqParam }),
    ok: { 200: { description: 'Recalled.', schema: recallAnswer } },
    errors: ['not_found', 'forbidden'],
  },
];
