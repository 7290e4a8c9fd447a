import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { plainlyValid, sendRequest } from '../src/pipeline/send-request.js';
import { parseSyncQuery, syncQuery } from '../src/transports/longpoll.js';
import { parse } from '../src/http/validate.js';
import { ApiError } from '../src/errors.js';
import { MAX_CONTENT_BYTES } from '../src/rules.js';

/**
 * The send body and the poll query are checked by hand when they are plainly in order (the hot path),
 * and by their schemas otherwise. The hand checks must accept only what the schemas accept, and answer
 * what they would; every refusal stays the schema's.
 */

/** Strings that are sometimes fine and sometimes not: any UTF-16 (lone surrogates too), NUL, edges. */
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 70 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 70 }),
  fc.constantFrom('', '\u0000', 'a\ud800', '\udc00b', 'x'.repeat(64), 'x'.repeat(65)),
);
const anyValue = fc.oneof(text, fc.integer(), fc.constant(null), fc.constant(undefined), fc.array(fc.string()));

/** Mostly the first (plausible) values, sometimes the others. */
const often = <T>(usual: fc.Arbitrary<T>, ...rest: Array<fc.Arbitrary<unknown>>) =>
  fc.oneof(
    { arbitrary: usual as fc.Arbitrary<unknown>, weight: 6 },
    ...rest.map((arbitrary) => ({ arbitrary, weight: 1 })),
  );

describe('the hand check of a send body', () => {
  const body = fc.record(
    {
      kind: often(fc.constantFrom('direct', 'group'), fc.constantFrom('Direct', ''), anyValue),
      to: often(fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), anyValue),
      clientMsgId: often(fc.stringMatching(/^[a-z0-9.-]{1,64}$/), text, anyValue),
      contentType: often(
        fc.constantFrom('text', 'image', 'file', 'x-custom.1'),
        fc.constantFrom('Text', '1a'),
        anyValue,
      ),
      content: often(
        text,
        fc.constantFrom('', 'é'.repeat(MAX_CONTENT_BYTES / 2), 'é'.repeat(MAX_CONTENT_BYTES / 2 + 1)),
        anyValue,
      ),
      extra: anyValue,
    },
    { requiredKeys: ['kind', 'to', 'clientMsgId', 'contentType', 'content'] },
  );

  it('takes only bodies the schema takes, and gives what the schema gives', () => {
    let taken = 0;
    fc.assert(
      fc.property(body, (b) => {
        const mine = plainlyValid(b);
        const theirs = sendRequest.safeParse(b);
        if (mine === null) return;
        taken++;
        assert.ok(theirs.success, `taken by hand but refused by the schema: ${JSON.stringify(b)}`);
        assert.deepEqual(mine, theirs.data);
      }),
      { numRuns: 3000 },
    );
    assert.ok(taken > 100, `the hand check took ${taken} bodies: the property saw too few valid ones`);
  });

  it('takes the bodies clients send', () => {
    const b = { kind: 'direct', to: 'u_1', clientMsgId: 'c1', contentType: 'text', content: 'hi', extra: 1 };
    assert.deepEqual(plainlyValid(b), {
      kind: 'direct',
      to: 'u_1',
      clientMsgId: 'c1',
      contentType: 'text',
      content: 'hi',
    });
    assert.equal(plainlyValid({ ...b, content: '' }), null, 'empty text is the schema’s to refuse');
    assert.equal(plainlyValid({ ...b, content: 'a\u0000' }), null);
  });
});

describe('the hand check of a poll query', () => {
  const digits = fc.oneof(fc.nat({ max: 700 }).map(String), fc.stringMatching(/^\d{1,17}$/));
  const query = fc.record(
    {
      cursor: fc.oneof(
        fc.stringMatching(/^[A-Za-z0-9_]{1,8}-\d{1,13}-\d{1,3}(\.[A-Za-z0-9]{5}[0-9a-z]{1,3}){0,2}$/),
        fc.string({ maxLength: 90 }),
        fc.constantFrom('', 'x'.repeat(80), 'x'.repeat(81), 'a\u0000'),
        anyValue,
      ),
      timeout: fc.oneof(digits, fc.constantFrom('-1', '1.5', ' 5', '25'), anyValue),
      limit: fc.oneof(digits, fc.constantFrom('0', '1', '500', '501'), anyValue),
      access_token: anyValue,
    },
    { requiredKeys: [] },
  );
  const schemaAnswer = (q: unknown) => {
    try {
      return { ok: parse(syncQuery, q, 'query') };
    } catch (err) {
      assert.ok(err instanceof ApiError);
      return { error: `${err.code}: ${err.message}` };
    }
  };

  it('answers every query as the schema does: the same values, or the same refusal', () => {
    fc.assert(
      fc.property(query, (q) => {
        let mine: { ok: unknown } | { error: string };
        try {
          mine = { ok: parseSyncQuery(q) };
        } catch (err) {
          assert.ok(err instanceof ApiError);
          mine = { error: `${err.code}: ${err.message}` };
        }
        assert.deepEqual(mine, schemaAnswer(q));
      }),
      { numRuns: 3000 },
    );
  });
});
