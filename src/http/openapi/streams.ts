import { z } from 'zod';
import { sseMessageSchema } from '../../schemas/events.js';
import { syncQuery } from '../../transports/longpoll.js';
import { eventsQuery } from '../../transports/sse.js';
import { streamTicketAnswer, syncAnswer } from '../answers.js';
import type { Operation } from './operation.js';

const tag = 'sync';

/** The two ways to read the inbox over plain HTTP: `/v1/sync` (long-poll) and `/v1/events` (SSE). */
export const streamOperations: Operation[] = [
  {
    id: 'streamTicket',
    method: 'post',
    path: '/v1/events/ticket',
    tag,
    summary: 'A ticket to open one event stream',
    description:
      'Short-lived and single use: `GET /v1/events?ticket=` opens one stream with it, on any gate, as the device session that asked for it. Prefer it to `?access_token=`: a URL ends up in logs and history, and a used ticket there is worth nothing. Only its SHA-256 is stored.',
    access: 'bearer',
    ok: { 200: { description: 'The ticket.', schema: streamTicketAnswer } },
  },
  {
    id: 'sync',
    method: 'get',
    path: '/v1/sync',
    tag,
    summary: 'Long-poll the inbox',
    description: [
      'Versioned long-poll. Answers at once when events after `cursor` exist (at most `limit`, default 100, max 500);',
      'otherwise holds the request until one arrives or `timeout` seconds pass (default 25, max 60), then answers',
      '`events: []` with the same cursor. Without `cursor`: the current head and no events. Live-only events that',
      'occur while a poll is held come in its answer (without a cursor). Any gate serves any poll.',
      'An expired cursor is `410 cursor_expired` with the head `cursor`: reload over REST and continue from it.',
    ].join(' '),
    access: 'stream',
    query: syncQuery,
    ok: { 200: { description: 'Events after the cursor, and the cursor to poll with next.', schema: syncAnswer } },
    errors: ['cursor_expired', 'rate_limited'],
  },
  {
    id: 'events',
    method: 'get',
    path: '/v1/events',
    tag,
    summary: 'Server-Sent Events stream of the inbox',
    description: [
      "A `text/event-stream` that works with the browser's `EventSource`. It opens with `event: ready` (id and data: the",
      'cursor it starts from), replays every durable event after the cursor (`Last-Event-ID` wins over `?cursor=`), then',
      'streams live ones. Each durable event is `id: <cursor>`, `event: <type>`, `data: <event JSON>`; live-only ones have',
      'no `id`. A comment line every 10 s keeps proxies from closing it. An expired cursor gives one',
      '`event: cursor_expired` with the head, then the stream goes on from the head. The schema below is one message of',
      'the stream, with `data` shown as the JSON it carries. Refusals before the stream starts are JSON.',
    ].join(' '),
    access: 'stream',
    query: eventsQuery,
    headers: z.object({
      'Last-Event-ID': z
        .string()
        .optional()
        .meta({ description: 'The cursor to resume after (EventSource sends it on reconnect).' }),
    }),
    ok: {
      200: {
        description: 'The event stream (it does not end until the client leaves or the gate drains).',
        contentType: 'text/event-stream',
        schema: sseMessageSchema,
      },
    },
    errors: ['rate_limited'],
  },
];
