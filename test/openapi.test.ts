import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validate } from '@readme/openapi-parser';
import type { z } from 'zod';
import type { ClientFrame as LibraryClientFrame } from '../client/types.js';
import { ERRORS, type ErrorCode } from '../src/errors.js';
import { pascalCode } from '../src/schemas/errors.js';
import { jsonSchemaFiles, SCHEMA_DIR } from '../src/schemas/json-schemas.js';
import type { clientFrame } from '../src/transports/codec-json.js';
import { postgresAvailable, redisAvailable } from './helpers/stores.js';
import { startGates, type Cluster } from './helpers/gate.js';
import { call, newUser } from './helpers/http.js';
import { checkedFetch, checkReply } from './helpers/openapi.js';

const storesUp = (await postgresAvailable()) && (await redisAvailable());
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Every frame the client library sends is one the gate's JSON codec accepts: the type-check fails otherwise. */
const _libraryFramesAccepted: LibraryClientFrame extends z.input<typeof clientFrame> ? true : false = true;

/** Routes of the gate that are not API operations: the docs page's viewer files. */
const NOT_API = new Set(['GET /docs/vendor/:file']);

/** The parts of the served document these tests read. */
interface Doc {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, { $ref?: string }> }>>;
  components: {
    responses: Record<string, { content: Record<string, { schema: { $ref: string } }> }>;
    schemas: Record<string, { enum?: string[]; properties?: Record<string, { const?: string }> }>;
  };
}

/** What the router stack of express 5 looks like, as far as the walk needs it. */
interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: unknown;
}

/** `METHOD /path` of every route the app's router stack holds, mounted routers included. */
function expressRoutes(stack: Layer[], prefix = ''): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      return Object.keys(layer.route.methods)
        .filter((m) => m !== '_all')
        .map((m) => `${m.toUpperCase()} ${prefix}${layer.route!.path}`);
    }
    const inner = layer.handle?.stack;
    if (!inner) return [];
    if (typeof layer.rawPath !== 'string') throw new Error(`a router mounted at ${String(layer.rawPath)}`);
    return expressRoutes(inner, prefix + (layer.rawPath === '/' ? '' : layer.rawPath));
  });
}

describe('the API document', { skip: !storesUp }, () => {
  let c: Cluster;
  let doc: Doc;
  before(async () => {
    c = await startGates(1);
    const r = await call<Doc>(c.urls[0]!, 'GET', '/v1/openapi.json');
    assert.equal(r.status, 200);
    doc = r.body;
  });
  after(async () => {
    await c?.stop();
  });

  it('is served without a token and is valid OpenAPI 3.1 for a maintained validator, which refuses a broken copy', async () => {
    assert.match(doc.openapi, /^3\.1\./);
    const result = await validate(structuredClone(doc) as never);
    assert.deepEqual(result, { valid: true, warnings: [], specification: 'OpenAPI' });
    const broken = structuredClone(doc);
    // A response without its required description.
    broken.paths['/v1/me']!.get!.responses['200'] = {};
    assert.equal((await validate(broken as never)).valid, false);
  });

  it('has an operation for every express route of the gate, and a route for every operation', () => {
    const routes = expressRoutes((c.gates[0]!.app.router as unknown as { stack: Layer[] }).stack).filter(
      (r) => !NOT_API.has(r),
    );
    const operations = Object.entries(doc.paths).flatMap(([p, item]) =>
      Object.keys(item).map((m) => `${m.toUpperCase()} ${p.replace(/\{([^}]+)\}/g, ':$1')}`),
    );
    assert.ok(routes.length > 30, `only ${routes.length} routes found: the walk is broken`);
    assert.deepEqual([...new Set(routes)].sort(), [...new Set(operations)].sort());
  });

  it('answers every refusal with the body and status of its code in the error registry', () => {
    for (const code of Object.keys(ERRORS) as ErrorCode[]) {
      const response = doc.components.responses[pascalCode(code)];
      assert.ok(response, `no response component for ${code}`);
      const ref = response.content['application/json']!.schema.$ref;
      const schema = doc.components.schemas[ref.replace('#/components/schemas/', '')]!;
      assert.equal(schema.properties?.error?.const, code);
    }
    assert.deepEqual(doc.components.schemas['ErrorCode']?.enum, Object.keys(ERRORS));
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        for (const [status, r] of Object.entries(op.responses)) {
          const ref = r.$ref;
          if (!ref) continue;
          const code = (Object.keys(ERRORS) as ErrorCode[]).find((k) => ref.endsWith(`/${pascalCode(k)}`));
          assert.ok(code, `${method} ${p} ${status} refers to ${ref}`);
          assert.equal(String(ERRORS[code].status), status, `${method} ${p}: ${code} listed under ${status}`);
        }
      }
    }
  });

  it('is the document every gate serves, built once: a second request gets the same text', async () => {
    const [a, b] = await Promise.all([
      call(c.urls[0]!, 'GET', '/v1/openapi.json'),
      call(c.urls[0]!, 'GET', '/v1/openapi.json'),
    ]);
    assert.deepEqual(a.body, b.body);
    assert.equal(a.headers.get('content-type'), 'application/json; charset=utf-8');
  });

  it('validates a real answer of the gate, and refuses the same answer with a field it does not name', async () => {
    const u = await newUser(c.urls[0]!, 'doc');
    const me = await call(c.urls[0]!, 'GET', '/v1/me', { token: u.token });
    assert.equal(me.status, 200);
    const drifted = { ...me, body: { user: { ...me.body.user, nickname: 'x' } } };
    assert.throws(() => checkReply('GET', '/v1/me', drifted), /must NOT have additional properties/);
  });
});

describe('the response check of the test helpers', () => {
  const json = (status: number, body: unknown, extra: Record<string, string> = {}) => ({
    status,
    body,
    headers: new Headers({ 'content-type': 'application/json; charset=utf-8', ...extra }),
  });
  const user = { id: 'u1', username: 'ann', displayName: 'Ann' };

  it('accepts a documented answer and ignores routes the document does not describe', () => {
    checkReply('GET', '/v1/me', json(200, { user }));
    checkReply('GET', '/v1/users/u1?x=1', json(200, { user }));
    checkReply('GET', '/v1/no-such-route', json(404, { error: 'not_found', message: 'no such route' }));
    checkReply('PUT', '/v1/me', json(404, { error: 'not_found', message: 'no such route' }));
  });

  it('refuses a missing field, a field of the wrong type and a field the document does not name', () => {
    assert.throws(() => checkReply('GET', '/v1/me', json(200, { user: { id: 'u1', username: 'ann' } })), /displayName/);
    assert.throws(() => checkReply('GET', '/v1/me', json(200, { user: { ...user, id: 7 } })), /must be string/);
    assert.throws(
      () => checkReply('GET', '/v1/me', json(200, { user, extra: true })),
      /must NOT have additional properties/,
    );
  });

  it('refuses a status the operation does not list, and a refusal with another code than its status has', () => {
    assert.throws(() => checkReply('GET', '/v1/me', json(409, { error: 'conflict', message: 'x' })), /does not list/);
    assert.throws(() => checkReply('GET', '/v1/users/u1', json(404, { error: 'forbidden', message: 'x' })), /schema/);
  });

  it('refuses a retryable refusal without Retry-After, a body where none is documented, and a wrong media type', () => {
    assert.throws(
      () => checkReply('POST', '/v1/messages', json(429, { error: 'rate_limited', message: 'slow down' })),
      /Retry-After/,
    );
    checkReply(
      'POST',
      '/v1/messages',
      json(429, { error: 'rate_limited', message: 'slow down' }, { 'retry-after': '1' }),
    );
    assert.throws(() => checkReply('POST', '/v1/auth/logout', json(204, { ok: true })), /has none/);
    assert.throws(
      () =>
        checkReply('GET', '/v1/me', { status: 200, body: 'hi', headers: new Headers({ 'content-type': 'text/html' }) }),
      /Content-Type/,
    );
  });

  it('holds a fetched answer to the document too, leaving its body to the caller and an event stream unread', async () => {
    const answering =
      (body: string, type = 'application/json; charset=utf-8', status = 200): typeof fetch =>
      () =>
        Promise.resolve(new Response(body, { status, headers: { 'content-type': type } }));
    const seen: Error[] = [];
    const drifted = checkedFetch(answering(JSON.stringify({ user: { id: 'u1', username: 'ann' } })), (e) =>
      seen.push(e),
    );
    await assert.rejects(drifted('http://127.0.0.1:1/v1/me'), /displayName/);
    assert.equal(seen.length, 1, 'the mismatch is reported even where a caller swallows the rejection');
    await assert.rejects(
      checkedFetch(answering('{"error":"forbidden","message":"x"}', undefined, 404))(
        new Request('http://127.0.0.1:1/v1/users/u1'),
      ),
      /schema/,
    );
    await assert.rejects(
      checkedFetch(answering('<p>hi</p>', 'text/html'))(new URL('http://127.0.0.1:1/v1/me')),
      /Content-Type/,
    );
    const res = await checkedFetch(answering(JSON.stringify({ user })))('http://127.0.0.1:1/v1/me?x=1');
    assert.deepEqual(await res.json(), { user }, 'the caller reads the body the check read');
    // Not a documented route: not checked.
    await checkedFetch(answering('nothing here', 'text/plain', 404))('http://127.0.0.1:1/v1/no-such-route');
    // A stream that never ends is not waited for.
    const endless = new ReadableStream({ start: (ctrl) => ctrl.enqueue(new TextEncoder().encode(': open\n\n')) });
    const stream = await checkedFetch(() =>
      Promise.resolve(new Response(endless, { headers: { 'content-type': 'text/event-stream' } })),
    )('http://127.0.0.1:1/v1/events');
    assert.equal(stream.status, 200);
    await stream.body!.cancel();
  });

  it('tells literal path segments from parameters as express does', () => {
    checkReply('GET', '/v1/friends/requests', json(200, { incoming: [], outgoing: [] }));
    assert.throws(() => checkReply('GET', '/v1/friends/requests', json(200, { friends: [] })));
    checkReply('DELETE', '/v1/friends/u2', { status: 204, body: undefined, headers: new Headers() });
  });
});

describe('the JSON Schemas in docs/schemas', () => {
  it('are exactly what the definitions generate (run `npm run schemas` after changing a schema)', () => {
    const generated = jsonSchemaFiles();
    const dir = path.join(root, SCHEMA_DIR);
    const committed = readdirSync(dir).filter((f) => f.endsWith('.schema.json'));
    assert.deepEqual(committed.sort(), [...generated.keys()].sort());
    for (const [name, text] of generated)
      assert.equal(readFileSync(path.join(dir, name), 'utf8'), text, `${SCHEMA_DIR}/${name} is stale`);
  });
});
