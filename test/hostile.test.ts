import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import jwt from 'jsonwebtoken';
import { postgresAvailable, redisAvailable } from './helpers/stores.js';
import { startGates, type Cluster } from './helpers/gate.js';
import { befriend, call, eventually, newUser, type Reply, type TestUser } from './helpers/http.js';
import { JsonWs, disposeClients } from './helpers/ws.js';
import {
  assertContractAnswer,
  bodyFor,
  nastyPathSegment,
  nastyQuery,
  nastyString,
  rawBody,
  settledMemory,
} from './helpers/hostile.js';

/**
 * Hostile input over HTTP: every route gets generated malformed requests (bad JSON, wrong types,
 * huge and broken strings, missing and extra fields, broken percent-encoding), forged and tampered
 * JWTs, and abusive uploads. Every answer must be a contract status with the contract's error body,
 * the gate must go on serving, and the heap must come back to where it was.
 */

const skip = !((await postgresAvailable()) && (await redisAvailable()));
/** The secret startGates signs with; a token made here with it is only trusted once a valid one was accepted. */
const GATE_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';
const RUNS = Number(process.env.HOSTILE_RUNS ?? 25);
const MAX_UPLOAD = 256 * 1024;

interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  /** With `:name` parameters, filled from the fixture (or with nasty segments). */
  path: string;
  fields?: string[];
  query?: string[];
  auth?: false;
  /** Valid values for some fields, so generated bodies also get past the first check. */
  valid?: Record<string, fc.Arbitrary<unknown>>;
}

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** Every UTF-8 byte of `s` percent-encoded (a lone surrogate becomes U+FFFD, as any UTF-8 encoder makes it). */
const percentEncoded = (s: string) =>
  [...Buffer.from(s, 'utf8')].map((x) => `%${x.toString(16).padStart(2, '0')}`).join('');

describe('hostile input over HTTP', { skip }, () => {
  let c: Cluster;
  let base: string;
  let me: TestUser;
  let friend: TestUser;
  let params: Record<string, string>;
  let routes: Route[];

  before(async () => {
    c = await startGates(1, { env: { MAX_UPLOAD_BYTES: String(MAX_UPLOAD), RECALL_WINDOW: '3600' } });
    base = c.urls[0]!;
    me = await newUser(base, 'hx');
    friend = await newUser(base, 'hf');
    const stranger = await newUser(base, 'hs');
    await befriend(base, me, friend);
    const group = await call(base, 'POST', '/v1/groups', {
      token: me.token,
      body: { name: 'hostile', memberIds: [friend.id] },
    });
    const sent = await call(base, 'POST', '/v1/messages', {
      token: me.token,
      body: { kind: 'direct', to: friend.id, clientMsgId: 'seed', contentType: 'text', content: 'seed' },
    });
    const fr = await call(base, 'POST', '/v1/friends/requests', { token: stranger.token, body: { userId: me.id } });
    const fd = new FormData();
    fd.append('file', new Blob(['hello']), 'hello.txt');
    const file = await fetch(`${base}/v1/files`, {
      method: 'POST',
      body: fd,
      headers: { authorization: `Bearer ${me.token}` },
    }).then((r) => r.json() as Promise<{ id: string }>);
    params = {
      id: me.id,
      userId: friend.id,
      groupId: group.body.group.id,
      conversationId: sent.body.conversationId,
      seq: String(sent.body.seq),
      requestId: fr.body.request.id,
      deviceId: me.deviceId,
      fileId: file.id,
    };
    const idArb = fc.constantFrom(me.id, friend.id, stranger.id, 'AAAAAAAAAAAAAAAA');
    routes = [
      { method: 'POST', path: '/v1/auth/register', fields: ['username', 'password', 'displayName'], auth: false },
      {
        method: 'POST',
        path: '/v1/auth/login',
        fields: ['username', 'password', 'deviceId', 'deviceName'],
        auth: false,
        valid: { username: fc.constant(me.username), password: fc.constant('wrong password!') },
      },
      { method: 'POST', path: '/v1/auth/refresh', fields: ['refreshToken'], auth: false },
      { method: 'GET', path: '/v1/me' },
      { method: 'GET', path: '/v1/users', query: ['query'] },
      { method: 'GET', path: '/v1/users/:id' },
      { method: 'GET', path: '/v1/friends' },
      { method: 'POST', path: '/v1/friends/requests', fields: ['userId', 'message'], valid: { userId: idArb } },
      { method: 'GET', path: '/v1/friends/requests' },
      { method: 'POST', path: '/v1/friends/requests/:requestId/reject' },
      { method: 'DELETE', path: '/v1/friends/:id' },
      { method: 'GET', path: '/v1/blocks' },
      { method: 'POST', path: '/v1/blocks', fields: ['userId'], valid: { userId: fc.constant('AAAAAAAAAAAAAAAA') } },
      { method: 'DELETE', path: '/v1/blocks/:userId' },
      { method: 'POST', path: '/v1/groups', fields: ['name', 'memberIds'] },
      { method: 'GET', path: '/v1/groups' },
      { method: 'GET', path: '/v1/groups/:groupId' },
      { method: 'GET', path: '/v1/groups/:groupId/members', query: ['after', 'limit'] },
      { method: 'POST', path: '/v1/groups/:groupId/members', fields: ['userIds'] },
      { method: 'DELETE', path: '/v1/groups/:groupId/members/:id' },
      { method: 'GET', path: '/v1/me/sessions' },
      { method: 'DELETE', path: '/v1/me/sessions/:id' },
      {
        method: 'POST',
        path: '/v1/messages',
        fields: ['kind', 'to', 'clientMsgId', 'contentType', 'content'],
        valid: {
          kind: fc.constantFrom('direct', 'group'),
          to: fc.constantFrom(friend.id, params.groupId!),
          contentType: fc.constantFrom('text', 'image', 'file'),
        },
      },
      { method: 'GET', path: '/v1/conversations' },
      { method: 'GET', path: '/v1/conversations/:conversationId/messages', query: ['before', 'after', 'limit'] },
      { method: 'POST', path: '/v1/conversations/:conversationId/read', fields: ['seq'] },
      { method: 'POST', path: '/v1/conversations/:conversationId/typing' },
      { method: 'POST', path: '/v1/conversations/:conversationId/messages/:seq/recall' },
      { method: 'GET', path: '/v1/files/:fileId' },
      { method: 'GET', path: '/v1/sync', query: ['cursor', 'timeout', 'limit'] },
      { method: 'GET', path: '/v1/events', query: ['cursor'] },
    ];
  });

  after(async () => {
    disposeClients();
    await c?.stop();
  });

  /** One request; streams (an SSE answer) are cut after their head. Never waits longer than 10 s. */
  async function send(
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.raw !== undefined) {
      body = opts.raw;
      headers['content-type'] ??= 'application/json';
    } else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), 10_000);
    try {
      const res = await fetch(base + path, {
        method,
        headers,
        body: method === 'GET' ? undefined : body,
        signal: ac.signal,
      });
      if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
        ac.abort();
        return { status: res.status, body: undefined, headers: res.headers };
      }
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* keep the text */
      }
      return { status: res.status, body: parsed, headers: res.headers };
    } finally {
      clearTimeout(timer);
    }
  }

  const fill = (path: string, seg: (name: string) => string) => path.replace(/:(\w+)/g, (_, name: string) => seg(name));

  it('every route answers generated malformed requests with a contract status and error body, never a 500 or a stack', async () => {
    const before = await settledMemory();
    let requests = 0;
    const statuses = new Map<number, number>();
    for (const route of routes) {
      const token = route.auth === false ? undefined : me.token;
      const real = fill(route.path, (n) => params[n]!);
      const request = fc.oneof(
        bodyFor(route.fields ?? ['x'], route.valid).map((body) => ({
          path: real,
          body,
          raw: undefined as string | undefined,
          headers: {} as Record<string, string>,
        })),
        rawBody().map((raw) => ({ path: real, body: undefined, raw, headers: {} as Record<string, string> })),
        fc
          .tuple(
            rawBody(),
            fc.constantFrom(
              'text/plain',
              'application/x-www-form-urlencoded',
              'multipart/form-data',
              'application/json; charset=utf-7',
              'application/json; charset=latin1',
            ),
          )
          .map(([raw, type]) => ({ path: real, body: undefined, raw, headers: { 'content-type': type } })),
        fc
          .tuple(
            fc.array(nastyPathSegment(), { minLength: 3, maxLength: 3 }),
            bodyFor(route.fields ?? ['x'], route.valid),
          )
          .map(([segs, body]) => ({
            path: route.path.includes(':') ? fill(route.path, () => segs.shift() ?? 'x') : `${real}/${segs[0]}`,
            body,
            raw: undefined,
            headers: {},
          })),
        nastyQuery([...(route.query ?? []), 'access_token']).map((q) => ({
          path: `${real}${q}${route.path === '/v1/sync' ? '&timeout=0' : ''}`,
          body: undefined,
          raw: undefined,
          headers: {},
        })),
      );
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          const reply = await send(route.method, r.path, { token, body: r.body, raw: r.raw, headers: r.headers });
          requests++;
          statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
          assertContractAnswer(reply, `${route.method} ${r.path.slice(0, 120)}`);
        }),
        { numRuns: RUNS },
      );
    }
    // Bodies over MAX_BODY_BYTES, and garbage Authorization headers, on every authenticated route.
    for (const route of routes.filter((r) => r.method !== 'GET')) {
      const r = await send(
        route.method,
        fill(route.path, (n) => params[n]!),
        { token: me.token, raw: JSON.stringify({ content: 'x'.repeat(70 * 1024) }) },
      );
      assert.equal(r.status, 413, `${route.method} ${route.path} with a 70 KiB body`);
      assertContractAnswer(r, route.path);
    }
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes.filter((r) => r.auth !== false)),
        fc.string({ unit: 'binary-ascii', maxLength: 300 }),
        async (route, junk) => {
          // Controls other than tab cannot travel in a header value at all.
          const value = `Bearer ${junk.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '')}`;
          const r = await send(
            route.method,
            fill(route.path, (n) => params[n]!),
            { headers: { authorization: value } },
          );
          assert.equal(r.status, 401, `${route.path} with Authorization ${JSON.stringify(value).slice(0, 80)}`);
          assertContractAnswer(r, route.path);
        },
      ),
      { numRuns: RUNS * 3 },
    );
    console.log(`# ${requests} generated requests; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);

    // Still alive, and still serving someone else.
    assert.equal((await call(base, 'GET', '/healthz')).status, 200);
    const x = await newUser(base, 'hafter');
    const y = await newUser(base, 'hafter');
    await befriend(base, x, y);
    const ws = new JsonWs(base);
    await ws.login(y.token);
    const ok = await call(base, 'POST', '/v1/messages', {
      token: x.token,
      body: { kind: 'direct', to: y.id, clientMsgId: 'after', contentType: 'text', content: 'still here' },
    });
    assert.equal(ok.status, 200);
    await ws.event((e) => e.data.clientMsgId === 'after');
    await ws.close();

    const afterMem = await settledMemory();
    const grown = (afterMem.bytes - before.bytes) / 2 ** 20;
    console.log(
      `# heap+buffers ${(before.bytes / 2 ** 20).toFixed(1)} MiB before, ${(afterMem.bytes / 2 ** 20).toFixed(1)} MiB after (gc forced: ${afterMem.exact})`,
    );
    assert.ok(grown < (afterMem.exact ? 24 : 64), `memory grew by ${grown.toFixed(1)} MiB`);
  });

  it('text that Postgres cannot store (NUL, unpaired surrogates) is refused with 400 everywhere, and the writer keeps storing', async () => {
    const cases: Array<[string, string, Record<string, unknown>]> = [
      [
        'POST',
        '/v1/messages',
        { kind: 'direct', to: friend.id, clientMsgId: 'nul-1', contentType: 'text', content: 'a\u0000b' },
      ],
      [
        'POST',
        '/v1/messages',
        { kind: 'direct', to: friend.id, clientMsgId: 'n\u0000', contentType: 'text', content: 'ab' },
      ],
      [
        'POST',
        '/v1/messages',
        { kind: 'direct', to: friend.id, clientMsgId: 'sur-1', contentType: 'text', content: 'x\ud800' },
      ],
      ['POST', '/v1/groups', { name: 'g\u0000', memberIds: [] }],
      ['POST', '/v1/friends/requests', { userId: friend.id, message: '\u0000' }],
      [
        'POST',
        '/v1/auth/register',
        { username: 'nulname1', password: 'correct horse battery', displayName: 'x\u0000' },
      ],
      ['POST', '/v1/auth/login', { username: me.username, password: 'correct horse battery', deviceName: '\udc00' }],
    ];
    for (const [method, path, body] of cases) {
      const r = await call(base, method, path, { token: me.token, body });
      assert.equal(r.status, 400, `${path} ${JSON.stringify(body)}: ${JSON.stringify(r.body)}`);
      assertContractAnswer(r, path);
    }
    const q = await call(base, 'GET', '/v1/users?query=a%00', { token: me.token });
    assert.equal(q.status, 400);
    // Over WebSocket too; and a message sent right after is stored (no poisoned writer batch).
    const ws = new JsonWs(base);
    await ws.login(me.token);
    ws.send({
      op: 'send',
      kind: 'direct',
      to: friend.id,
      clientMsgId: 'ws-nul',
      contentType: 'text',
      content: '\u0000',
    });
    assert.equal((await ws.inbox.find((f) => f.op === 'error' && f.clientMsgId === 'ws-nul')).code, 'bad_request');
    ws.send({
      op: 'send',
      kind: 'direct',
      to: friend.id,
      clientMsgId: 'after-nul',
      contentType: 'text',
      content: 'fine \u{1F600} \u202e',
    });
    const ack = await ws.inbox.find((f) => f.op === 'ack' && f.clientMsgId === 'after-nul');
    await ws.close();
    await eventually(
      async () =>
        (
          await c.db
            .sql`select content from messages where conversation_id = ${ack.conversationId} and seq = ${ack.seq}`
        )[0]?.content === 'fine \u{1F600} \u202e',
      5000,
      'the message stored',
    );
  });

  describe('forged and tampered JWTs', () => {
    const claims = () => ({ sub: me.id, sid: 'x', did: me.deviceId, exp: Math.floor(Date.now() / 1000) + 600 });
    const realClaims = () => jwt.decode(me.token) as Record<string, unknown>;

    it('a token signed here with the gate secret is accepted (so the refusals below are about the token, not the key)', async () => {
      const c0 = realClaims();
      const t = jwt.sign({ sid: c0.sid, did: c0.did }, GATE_SECRET, {
        algorithm: 'HS256',
        subject: me.id,
        expiresIn: 60,
      });
      assert.equal((await call(base, 'GET', '/v1/me', { token: t })).status, 200);
    });

    it('alg none, RS256, HS256 keyed with the public key, a wrong key, expired, and tampered sub/sid are all 401 on HTTP, ?access_token and WebSocket', async () => {
      const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
      const c0 = realClaims();
      const real = { ...c0 };
      const [h, , s] = me.token.split('.') as [string, string, string];
      const hs = (payload: object, key: string) => {
        const head = b64({ alg: 'HS256', typ: 'JWT' });
        const body = b64(payload);
        return `${head}.${body}.${createHmac('sha256', key).update(`${head}.${body}`).digest('base64url')}`;
      };
      const forged: Record<string, string> = {
        'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${b64(real)}.`,
        'alg None': `${b64({ alg: 'None', typ: 'JWT' })}.${b64(real)}.`,
        'alg none, signature kept': `${b64({ alg: 'none', typ: 'JWT' })}.${b64(real)}.${s}`,
        'RS256 with an attacker key': jwt.sign(real, privateKey, { algorithm: 'RS256' }),
        'HS256 keyed with the public key PEM': hs(real, publicPem),
        'HS256 with a wrong key': hs(real, 'another-secret-that-is-long-enough-for-hs256'),
        expired: jwt.sign({ sid: c0.sid, did: c0.did }, GATE_SECRET, {
          algorithm: 'HS256',
          subject: me.id,
          expiresIn: -30,
        }),
        'not yet valid': jwt.sign({ sid: c0.sid, did: c0.did }, GATE_SECRET, {
          algorithm: 'HS256',
          subject: me.id,
          expiresIn: 60,
          notBefore: 3600,
        }),
        'sub changed, not re-signed': `${h}.${b64({ ...real, sub: friend.id })}.${s}`,
        'sid changed, not re-signed': `${h}.${b64({ ...real, sid: 'someone-elses-session' })}.${s}`,
        'exp extended, not re-signed': `${h}.${b64({ ...real, exp: (real.exp as number) + 86_400 })}.${s}`,
        'header alg swapped to HS512': `${b64({ alg: 'HS512', typ: 'JWT' })}.${b64(real)}.${s}`,
        'claims missing': jwt.sign({}, GATE_SECRET, { algorithm: 'HS256', expiresIn: 60 }),
        'claims of the wrong type': jwt.sign({ sid: 1, did: ['x'] }, GATE_SECRET, {
          algorithm: 'HS256',
          subject: me.id,
          expiresIn: 60,
        }),
        'two dots': '..',
        huge: `${h}.${'A'.repeat(8000)}.${s}`,
        'unsigned made-up claims': `${b64({ alg: 'HS256' })}.${b64(claims())}.`,
      };
      for (const [what, token] of Object.entries(forged)) {
        const r = await call(base, 'GET', '/v1/me', { token });
        assert.equal(r.status, 401, `${what}: ${JSON.stringify(r.body)}`);
        assertContractAnswer(r, what);
        const q = await call(base, 'GET', `/v1/sync?access_token=${encodeURIComponent(token)}`);
        assert.equal(q.status, 401, `${what} as ?access_token`);
        const ws = new JsonWs(base);
        await ws.opened();
        ws.send({ op: 'login', token });
        const closed = await ws.closed;
        assert.equal(closed.code, 4401, `${what} over WebSocket`);
      }
      // A query token is not taken where the contract does not allow it.
      assert.equal((await call(base, 'GET', `/v1/me?access_token=${me.token}`)).status, 401);
      assert.equal((await call(base, 'GET', '/v1/me', { token: me.token })).status, 200);
    });

    it('a revoked session is refused on HTTP (401) and WebSocket (4403), though its JWT is valid', async () => {
      const u = await newUser(base, 'hrev');
      assert.equal(
        (await call(base, 'POST', '/v1/auth/logout', { token: u.token, raw: '{"garbage":' })).status,
        400,
        'a body that is not JSON is refused first',
      );
      assert.equal((await call(base, 'GET', '/v1/me', { token: u.token })).status, 200);
      assert.equal(
        (await call(base, 'POST', '/v1/auth/logout', { token: u.token, body: { userId: me.id, all: true } })).status,
        204,
        'logout ignores its fields',
      );
      assert.equal((await call(base, 'GET', '/v1/me', { token: me.token })).status, 200, 'and logged out no one else');
      assert.equal((await call(base, 'GET', '/v1/me', { token: u.token })).status, 401);
      const ws = new JsonWs(base);
      await ws.opened();
      ws.send({ op: 'login', token: u.token });
      assert.equal((await ws.closed).code, 4403);
      const stale = await call(base, 'POST', '/v1/auth/refresh', { body: { refreshToken: u.refreshToken } });
      assert.equal(stale.status, 401);
    });
  });

  describe('upload abuse', () => {
    const up = async (fd: FormData | string, headers: Record<string, string> = {}) => {
      const res = await fetch(`${base}/v1/files`, {
        method: 'POST',
        body: fd,
        headers: { authorization: `Bearer ${me.token}`, ...headers },
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers } as Reply;
    };
    const one = (bytes: Buffer | string, name: string, type = 'application/octet-stream') => {
      const fd = new FormData();
      fd.append('file', new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], { type }), name);
      return fd;
    };

    it('oversized, many fields, several files, no file, and a broken multipart body are refused with 413/400', async () => {
      const big = await up(one(Buffer.alloc(MAX_UPLOAD + 1), 'big.bin'));
      assert.equal(big.status, 413);
      assertContractAnswer(big, 'oversized');
      const many = new FormData();
      for (let i = 0; i < 50; i++) many.append(`f${i}`, 'x');
      many.append('file', new Blob(['x']), 'x.txt');
      assert.equal((await up(many)).status, 400);
      const two = one('a', 'a.txt');
      two.append('file', new Blob(['b']), 'b.txt');
      assert.equal((await up(two)).status, 400);
      assert.equal((await up(new FormData())).status, 400);
      const fieldName = new FormData();
      fieldName.append('x'.repeat(500), 'v');
      assertContractAnswer(await up(fieldName), 'long field name');
      for (const raw of [
        '--b\r\n',
        '--b\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nabc',
        'not multipart at all',
        '--b--',
      ]) {
        const r = await up(raw, { 'content-type': 'multipart/form-data; boundary=b' });
        assert.equal(r.status, 400, JSON.stringify(raw));
        assertContractAnswer(r, 'broken multipart');
      }
      const noBoundary = await up('x', { 'content-type': 'multipart/form-data' });
      assertContractAnswer(noBoundary, 'no boundary');
      assert.equal(noBoundary.status, 400);
    });

    it('generated filenames (traversal, controls, bidi overrides, broken unicode) are stored as one harmless name', async () => {
      // The name goes as RFC 7578's `filename*` (UTF-8, percent-encoded), which carries any character,
      // controls included: every generated name reaches the server, so every run checks what it kept.
      // (A plain quoted `filename` cannot carry most controls: the multipart parser refuses those
      // bodies with 400 before any name is stored.) An empty name means "not a file" in multipart.
      const upNamed = (name: string) =>
        up(
          `--b\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''${percentEncoded(name)}\r\n` +
            'Content-Type: application/octet-stream\r\n\r\npayload\r\n--b--\r\n',
          { 'content-type': 'multipart/form-data; boundary=b' },
        );
      let checked = 0;
      await fc.assert(
        fc.asyncProperty(
          nastyString().filter((s) => s.length > 0),
          async (name) => {
            const r = await upNamed(name.slice(0, 1000));
            assert.equal(r.status, 201, `upload named ${JSON.stringify(name).slice(0, 60)}: ${JSON.stringify(r.body)}`);
            const stored: string = r.body.name;
            assert.doesNotMatch(
              stored,
              /[/\\\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/,
              `stored name ${JSON.stringify(stored)}`,
            );
            assert.ok(!stored.startsWith('.') && stored.length > 0, stored);
            const d = await fetch(`${base}${r.body.url}`, { headers: { authorization: `Bearer ${me.token}` } });
            assert.equal(d.status, 200);
            assert.match(
              d.headers.get('content-disposition') ?? '',
              /^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%!._~'()*-]*$/,
            );
            assert.equal(await d.text(), 'payload');
            checked++;
          },
        ),
        { numRuns: RUNS * 2 },
      );
      assert.equal(checked, RUNS * 2, 'every generated name was stored and checked');
    });

    it('HTML and SVG payloads download as attachments with nosniff and a sandbox CSP, never as markup', async () => {
      const payloads: Array<[string, string, string]> = [
        ['page.html', '<!doctype html><script>alert(1)</script>', 'text/html'],
        ['pic.svg', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', 'image/svg+xml'],
        ['x.png', '<html><script>alert(1)</script></html>', 'image/png'],
        [
          'x.xhtml',
          '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>',
          'application/xhtml+xml',
        ],
      ];
      for (const [name, body, type] of payloads) {
        const r = await up(one(body, name, type));
        assert.equal(r.status, 201, name);
        // XML may be recognised as such; what matters is that nothing is served as a document a browser renders.
        assert.doesNotMatch(r.body.contentType, /html|svg/, `${name} recorded as ${r.body.contentType}`);
        const d = await fetch(`${base}${r.body.url}`, { headers: { authorization: `Bearer ${me.token}` } });
        assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
        assert.match(d.headers.get('content-disposition') ?? '', /^attachment;/);
        assert.match(d.headers.get('content-security-policy') ?? '', /sandbox/);
        assert.doesNotMatch(d.headers.get('content-type') ?? '', /html|svg/);
        await d.arrayBuffer();
      }
      const anon = await fetch(`${base}/v1/files/${params.fileId}`);
      assert.equal(anon.status, 401);
    });
  });
});
