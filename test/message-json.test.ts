import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  FIXED_PIECES,
  jsonPieces,
  messageEvent,
  messageRecord,
  numbered,
  type MessageDraft,
} from '../src/broker/message-json.js';
import { redisBroker } from '../src/broker/redis.js';
import { shardOf } from '../src/broker/log.js';
import { DEFAULT_LIMITS } from './broker/kit.js';
import { redisAvailable, testPrefix, TEST_REDIS_URL } from './helpers/stores.js';

/** Any text a client could get past the send rules, and then some: quotes, escapes, astral and lone surrogates. */
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('', '"', '\\', '"seq":-7000000001', '"createdAt":-8000000002}', '</script>', '{"a":1}'),
);

const draft: fc.Arbitrary<MessageDraft> = fc.record({
  conversationId: text,
  kind: fc.constantFrom('direct' as const, 'group' as const),
  from: text,
  to: text,
  fromDevice: text,
  clientMsgId: text,
  contentType: text,
  content: text,
});

describe('a message has one JSON shape', () => {
  it('the pieces the send script joins give exactly JSON.stringify of the message, its event and its record', () => {
    fc.assert(
      fc.property(draft, fc.nat(), fc.nat(), (d, seq, at) => {
        const p = jsonPieces(d);
        const m = numbered(d, seq, at);
        const { messageTail, event, recordTail } = FIXED_PIECES;
        const message = `${p.message[0]}${seq}${p.message[1]}${at}${messageTail}`;
        assert.equal(message, JSON.stringify(m));
        assert.equal(`${event[0]}${at}${event[1]}${message}${event[2]}`, JSON.stringify(messageEvent(m)));
        assert.equal(`${p.record}${message}${recordTail}`, JSON.stringify(messageRecord(m)));
      }),
      { numRuns: 500 },
    );
  });

  it('what the Redis send script stores in the inbox and the log is byte for byte JSON.stringify of the objects', async (t) => {
    if (!(await redisAvailable())) return t.skip('Redis does not answer');
    const { prefix, cleanup } = testPrefix();
    const broker = redisBroker({ url: TEST_REDIS_URL, prefix, ...DEFAULT_LIMITS });
    try {
      let n = 0;
      // Strings Redis keeps as bytes: well-formed Unicode (the gate refuses lone surrogates before this).
      const wellFormed = fc.string({ unit: 'grapheme', maxLength: 30 });
      await fc.assert(
        fc.asyncProperty(wellFormed, wellFormed, async (content, clientMsgId) => {
          const conversationId = `d:a${n}:b${n}`;
          const user = `u${n++}`;
          const d: MessageDraft = {
            conversationId,
            kind: 'direct',
            from: 'a',
            to: 'b',
            fromDevice: 'dev',
            clientMsgId,
            contentType: 'text',
            content,
          };
          await broker.sequencer.seed(conversationId, 41);
          const out = await broker.sequencer.send({ draft: d, recipients: [user], now: 1234, rate: null });
          assert.ok(out.kind === 'sent');
          const m = numbered(d, 42, 1234);
          const inbox = (await broker.client.xrange(`${prefix}{u:${user}}:in`, '-', '+')) as Array<[string, string[]]>;
          assert.deepEqual(
            inbox.map(([, f]) => f[1]),
            [JSON.stringify(messageEvent(m))],
          );
          const shard = shardOf(conversationId, DEFAULT_LIMITS.logShards);
          const log = (await broker.client.xrange(`${prefix}{log:${shard}}`, '-', '+')) as Array<[string, string[]]>;
          assert.ok(log.map(([, f]) => f[1]).includes(JSON.stringify(messageRecord(m))));
        }),
        { numRuns: 60 },
      );
    } finally {
      await broker.close();
      await cleanup();
    }
  });
});
