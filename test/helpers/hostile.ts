import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import type { Reply } from './http.js';

/**
 * Shared pieces of the hostile-input suites: generators of nasty input, the check that an answer is
 * one the contract allows, and a heap measurement after a full collection.
 */

// The failing assertion's message belongs in the report: the test runner does not print an error's cause.
fc.configureGlobal({ includeErrorInReport: true });

/** Statuses the contract allows a client to see on a healthy deployment (successes and refusals). */
export const CONTRACT_STATUSES = new Set([200, 201, 204, 206, 304, 400, 401, 403, 404, 409, 410, 413, 416, 429]);

export const CODE_OF_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  410: 'cursor_expired',
  413: 'too_large',
  429: 'rate_limited',
};

/** Text that would betray an internal error: a stack frame, a source path, an exception name. */
const LEAK =
  /\n\s+at |\bat .+:\d+:\d+|\.ts:\d+|node_modules|TypeError|ReferenceError|SyntaxError|RangeError|postgres|ioredis|ERR_/;

/** Asserts `r` is a status the contract allows and, for a refusal, the contract's `{error, message}` with the code of its status. */
export function assertContractAnswer(r: Reply, what: string): void {
  assert.ok(
    CONTRACT_STATUSES.has(r.status),
    `${what}: status ${r.status} is not in the contract; body ${JSON.stringify(r.body)?.slice(0, 300)}`,
  );
  const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body ?? '');
  assert.doesNotMatch(text, LEAK, `${what}: the answer leaks internals`);
  if (r.status < 400 || r.status === 416) return;
  assert.equal(typeof r.body, 'object', `${what}: a ${r.status} has a JSON body, got ${text.slice(0, 200)}`);
  assert.equal(r.body.error, CODE_OF_STATUS[r.status], `${what}: the code of a ${r.status}`);
  assert.equal(typeof r.body.message, 'string', `${what}: a refusal has a message`);
  if (r.status === 429) assert.ok(Number(r.headers.get('retry-after')) >= 1, `${what}: 429 carries Retry-After`);
}

/** Asserts a WebSocket error frame (JSON form) names a contract code and leaks nothing. */
export function assertErrorFrame(f: Record<string, any>, what: string): void {
  assert.equal(f.op, 'error', `${what}: ${JSON.stringify(f).slice(0, 200)}`);
  assert.ok(Object.values(CODE_OF_STATUS).includes(f.code) || f.code === 'unavailable', `${what}: code ${f.code}`);
  assert.equal(typeof f.message, 'string');
  assert.doesNotMatch(f.message, LEAK, `${what}: the error frame leaks internals`);
}

/** Strings that have broken parsers, databases and terminals before. */
export const NASTY_CONSTANTS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udc00x',
  'x\ud83d',
  '\u202eexe.jpg',
  '\u200f\u200e',
  '\u2066rtl\u2069',
  '\ufeff',
  '\uffff',
  '\u2028\u2029',
  '😀👩‍👩‍👧',
  'e\u0301\u0301\u0301',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '<script>alert(1)</script>',
  "'; drop table users; --",
  '%00%ff',
  '${jndi:ldap://x/a}',
  '__proto__',
  'constructor',
  'd:a:b',
  'g:',
  'null',
  '-1',
  '1e309',
];

/** One nasty string: a classic, arbitrary UTF-16 (lone surrogates included), graphemes, or a long run. */
export const nastyString = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...NASTY_CONSTANTS) },
    { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
    { weight: 1, arbitrary: fc.constantFrom(200, 5_000, 20_000, 70_000).map((n) => 'x'.repeat(n)) },
  );

/** Any JSON-ish value with nasty strings inside, of a small depth. */
export const nastyValue = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: nastyString() },
    { weight: 1, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, Number.MAX_SAFE_INTEGER + 2) },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.array(nastyString(), { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.dictionary(nastyString(), nastyString(), { maxKeys: 3 }) },
  );

/**
 * A body shaped like `fields` (each present or missing, each of any type, nasty strings among them),
 * plus extra fields, sometimes `__proto__`.
 */
export const bodyFor = (
  fields: readonly string[],
  valid: Record<string, fc.Arbitrary<unknown>> = {},
): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .tuple(
      fc.record(
        Object.fromEntries(fields.map((f) => [f, valid[f] ? fc.oneof(valid[f], nastyValue()) : nastyValue()])),
        { requiredKeys: [] },
      ),
      fc.dictionary(fc.oneof(nastyString(), fc.constantFrom('__proto__', 'constructor', 'prototype')), nastyValue(), {
        maxKeys: 3,
      }),
    )
    .map(([known, extra]) => ({ ...extra, ...known }));

/** Raw request bodies that are not (well-formed, reasonable) JSON. */
export const rawBody = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(
      '{',
      '{"a":',
      '{"a":1}}',
      '[',
      ']',
      'nul',
      'true false',
      '\u0000',
      '{"a":"\\ud800"}',
      '{"a":"\\u0000"}',
      '{"__proto__":{"admin":true}}',
      '1e999999',
      '"\\x"',
      '{"a":1,"a":2}',
    ),
    fc.constantFrom(2_000, 20_000).map((n) => '['.repeat(n) + ']'.repeat(n)),
    fc.string({ unit: 'binary', maxLength: 80 }),
    fc.json({ maxDepth: 3 }),
  );

/** Percent-encodes arbitrary bytes, sometimes into invalid UTF-8 or invalid escapes. */
export const nastyPathSegment = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc
      .uint8Array({ minLength: 1, maxLength: 24 })
      .map((b) => [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join('')),
    fc.constantFrom(
      '%',
      '%Z',
      '%E0%A4%A',
      '%C0%AF',
      '..',
      '%2e%2e',
      '%2F',
      '%00',
      'a'.repeat(300),
      '%F0%9F%98%80',
      '%ED%A0%80',
    ),
    nastyString().map((s) => {
      try {
        return encodeURIComponent(s.slice(0, 100)) || 'x';
      } catch {
        return 'x%ED%A0%80'; // a lone surrogate has no UTF-8 form: send its CESU bytes
      }
    }),
  );

/** A query string of nasty keys and values (always starting with `?`). */
export const nastyQuery = (keys: readonly string[]): fc.Arbitrary<string> =>
  fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...keys), nastyPathSegment()), nastyPathSegment()), {
      minLength: 1,
      maxLength: 4,
    })
    .map((pairs) => '?' + pairs.map(([k, v]) => `${k}=${v}`).join('&'));

let gcFn: (() => void) | undefined | null;

/** The runtime's gc, exposed at run time when the process was started without --expose-gc. */
function gc(): (() => void) | undefined {
  if (gcFn === undefined) {
    const g = (globalThis as { gc?: () => void }).gc;
    if (g) gcFn = g;
    else {
      try {
        v8.setFlagsFromString('--expose-gc');
        gcFn = vm.runInNewContext('gc') as () => void;
      } catch {
        gcFn = null;
      }
    }
  }
  return gcFn ?? undefined;
}

/** Heap in use (JS heap plus Buffers) after full collections; `exact` is false when gc could not be forced. */
export async function settledMemory(): Promise<{ bytes: number; exact: boolean }> {
  const collect = gc();
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setImmediate(r));
    collect?.();
  }
  const m = process.memoryUsage();
  return { bytes: m.heapUsed + m.arrayBuffers, exact: collect !== undefined };
}
