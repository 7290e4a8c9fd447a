import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { postgresAvailable, redisAvailable, TEST_PG_URL } from './helpers/stores.js';
import { freePort } from './cluster/redis-cluster.js';
import { PgProxy } from './chaos/pg-proxy.js';
import { connectDb, type Sql } from '../src/store/db.js';
import { startGates, type Cluster } from './helpers/gate.js';
import { befriend, call, eventually, newUser, type TestUser } from './helpers/http.js';
import type { BlobStore, PutOptions } from '../src/files/blob-store.js';
import { PostgresBlobStore } from '../src/files/postgres.js';
import { DiskBlobStore } from '../src/files/disk.js';
import { sanitizeName } from '../src/files/names.js';

const skip = !((await postgresAvailable()) && (await redisAvailable()));

interface Upload {
  status: number;
  body: any;
}

/** Uploads with a real multipart body built by fetch's FormData; `parts` overrides the single `file` part. */
async function upload(
  base: string,
  token: string | undefined,
  bytes: Buffer,
  name = 'blob.bin',
  parts?: (fd: FormData) => void,
): Promise<Upload> {
  const fd = new FormData();
  if (parts) parts(fd);
  else fd.append('file', blob(bytes), name);
  const res = await fetch(`${base}/v1/files`, {
    method: 'POST',
    body: fd,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** A Blob holding a copy of `bytes` (Blob wants an ArrayBuffer-backed view). */
const blob = (bytes: Buffer, type = 'application/octet-stream') => new Blob([new Uint8Array(bytes)], { type });

/** The single number a `select ...::int as n` query returns. */
async function one(q: Promise<{ n: number }[]>): Promise<number> {
  return (await q)[0]!.n;
}

async function download(base: string, token: string | undefined, url: string, headers: Record<string, string> = {}) {
  const res = await fetch(base + url, {
    headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** A valid 1x1 RGBA PNG, built chunk by chunk. */
function tinyPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const pixels = deflateSync(Buffer.from([0, 255, 0, 0, 255])); // filter byte + one red pixel
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const HTML = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
const SVG = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

describe('files', { skip }, () => {
  let c: Cluster;
  let g1: string;
  let g2: string;
  let alice: TestUser;
  let bob: TestUser;
  before(async () => {
    c = await startGates(2);
    [g1, g2] = c.urls as [string, string];
    alice = await newUser(g1, 'fa');
    bob = await newUser(g1, 'fb');
    await befriend(g1, alice, bob);
  });
  after(async () => c?.stop());

  it('publishes the limits a client checks before it uploads (signed-in users only)', async () => {
    const r = await call(g1, 'GET', '/v1/limits', { token: alice.token });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { maxUploadBytes: c.config.MAX_UPLOAD_BYTES, recallWindowSec: c.config.RECALL_WINDOW });
    assert.equal((await call(g1, 'GET', '/v1/limits')).status, 401);
  });

  it('a 1.5 MiB upload through one gate downloads byte-for-byte through the other', async () => {
    const bytes = randomBytes(1.5 * 1024 * 1024);
    const up = await upload(g1, alice.token, bytes, 'random.bin');
    assert.equal(up.status, 201);
    assert.deepEqual(Object.keys(up.body).sort(), ['contentType', 'id', 'name', 'size', 'url']);
    assert.equal(up.body.url, `/v1/files/${up.body.id}`);
    assert.equal(up.body.size, bytes.length);
    assert.equal(up.body.name, 'random.bin');
    assert.equal(up.body.contentType, 'application/octet-stream');
    assert.equal(
      await one(c.db.sql`select count(*)::int as n from file_chunks where file_id = ${up.body.id}`),
      6,
      'stored as 256 KiB chunks',
    );
    const down = await download(g2, bob.token, up.body.url);
    assert.equal(down.status, 200);
    assert.equal(down.headers.get('content-length'), String(bytes.length));
    assert.ok(down.bytes.equals(bytes));
    assert.equal(down.headers.get('etag'), `"${createHash('sha256').update(bytes).digest('hex')}"`);
    assert.match(down.headers.get('content-disposition')!, /^attachment;/);
  });

  it('a PNG comes back inline as image/png whatever type the client claimed', async () => {
    const png = tinyPng();
    const fd = (f: FormData) => f.append('file', blob(png, 'text/html'), 'dot.png');
    const up = await upload(g1, alice.token, png, '', fd);
    assert.equal(up.status, 201);
    assert.equal(up.body.contentType, 'image/png');
    const down = await download(g2, alice.token, up.body.url);
    assert.equal(down.status, 200);
    assert.equal(down.headers.get('content-type'), 'image/png');
    assert.match(down.headers.get('content-disposition')!, /^inline;/);
    assert.equal(down.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(down.bytes.equals(png));
  });

  it('HTML and SVG are never rendered: attachment, nosniff, a sandboxing CSP, not their own type', async () => {
    for (const [bytes, name] of [
      [HTML, 'page.html'],
      [SVG, 'pic.svg'],
    ] as const) {
      const fd = (f: FormData) =>
        f.append('file', blob(bytes, name.endsWith('svg') ? 'image/svg+xml' : 'text/html'), name);
      const up = await upload(g1, alice.token, bytes, name, fd);
      assert.equal(up.status, 201);
      assert.doesNotMatch(up.body.contentType, /html|svg/);
      const down = await download(g2, bob.token, up.body.url);
      assert.equal(down.status, 200);
      assert.equal(down.headers.get('x-content-type-options'), 'nosniff');
      assert.match(
        down.headers.get('content-disposition')!,
        new RegExp(`^attachment; filename="${name}"; filename\\*=UTF-8''${name}$`),
      );
      assert.equal(down.headers.get('content-security-policy'), "default-src 'none'; sandbox");
      assert.doesNotMatch(down.headers.get('content-type')!, /html|svg/);
      assert.ok(down.bytes.equals(bytes));
    }
  });

  it('a filename with ../, backslashes and control characters is reduced to a harmless name', async () => {
    // fetch's FormData sends CR/LF as %0D%0A, which the parser turns back into CR/LF.
    const nasty = '../../etc/\\..\\pass\r\nwd\u202egpj.exe';
    const up = await upload(g1, alice.token, Buffer.from('hello'), nasty);
    assert.equal(up.status, 201);
    assert.equal(up.body.name, 'passwdgpj.exe');
    assert.notEqual(up.body.id, up.body.name);
    assert.equal(up.body.contentType, 'text/plain');
    const [row] = await c.db.sql<{ name: string }[]>`select name from files where id = ${up.body.id}`;
    assert.equal(row!.name, 'passwdgpj.exe');
    const down = await download(g1, alice.token, up.body.url);
    assert.equal(down.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(
      down.headers.get('content-disposition'),
      `attachment; filename="passwdgpj.exe"; filename*=UTF-8''passwdgpj.exe`,
    );
    // RFC 5987 `filename*` can carry any byte, NUL and ESC included.
    const raw = (disposition: string) =>
      call(g1, 'POST', '/v1/files', {
        token: alice.token,
        raw: `--xx\r\nContent-Disposition: form-data; name="file"; ${disposition}\r\n\r\nhi\r\n--xx--\r\n`,
        headers: { 'content-type': 'multipart/form-data; boundary=xx' },
      });
    const encoded = await raw(`filename*=UTF-8''..%2F..%2Fa%00b%1B%07c%C2%85.txt`);
    assert.equal(encoded.status, 201);
    assert.equal(encoded.body.name, 'abc.txt');
    // A raw control character in the part header is not a valid header: refused before anything is stored.
    assert.equal((await raw('filename="a\u0007b.txt"')).status, 400);
    const dots = await upload(g1, alice.token, Buffer.from('x'), '..');
    assert.equal(dots.body.name, 'file');
    const utf = await upload(g1, alice.token, Buffer.from('x'), 'résumé "final".txt');
    assert.equal(utf.body.name, 'résumé "final".txt');
    const d2 = await download(g1, alice.token, utf.body.url);
    assert.equal(
      d2.headers.get('content-disposition'),
      `attachment; filename="r_sum_ _final_.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22.txt`,
    );
  });

  it('sanitizeName strips paths, controls and bidi overrides, and falls back to "file"', () => {
    assert.equal(sanitizeName('a/b/c.txt'), 'c.txt');
    assert.equal(sanitizeName('C:\\Users\\x\\doc.pdf'), 'doc.pdf');
    assert.equal(sanitizeName('.hidden'), 'hidden');
    assert.equal(sanitizeName('dir/'), 'file');
    assert.equal(sanitizeName('\u0000\u0001'), 'file');
    assert.equal(sanitizeName(undefined), 'file');
    assert.equal(Array.from(sanitizeName('😀'.repeat(500))).length, 200);
  });

  it('without a token upload and download are 401; an unknown or malformed id is 404', async () => {
    const up = await upload(g1, undefined, Buffer.from('x'));
    assert.equal(up.status, 401);
    assert.equal(up.body.error, 'unauthorized');
    const mine = await upload(g1, alice.token, Buffer.from('x'));
    assert.equal((await download(g2, undefined, mine.body.url)).status, 401);
    const unknown = await call(g2, 'GET', '/v1/files/AAAAAAAAAAAAAAAAAAAAAA', { token: bob.token });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error, 'not_found');
    assert.equal((await call(g2, 'GET', '/v1/files/..%2F..%2Fetc', { token: bob.token })).status, 404);
  });

  it('refuses a missing file, a wrong field, two files and too many fields with 400', async () => {
    const cases: [string, (f: FormData) => void][] = [
      ['no file', (f) => f.append('note', 'hello')],
      ['wrong field', (f) => f.append('upload', new Blob(['x']), 'x.txt')],
      [
        'two files',
        (f) => {
          f.append('file', new Blob(['a']), 'a.txt');
          f.append('file', new Blob(['b']), 'b.txt');
        },
      ],
      [
        'many fields',
        (f) => {
          for (let i = 0; i < 10; i++) f.append(`f${i}`, 'v');
          f.append('file', new Blob(['a']), 'a.txt');
        },
      ],
    ];
    const before = await one(c.db.sql`select count(*)::int as n from files`);
    for (const [what, parts] of cases) {
      const r = await upload(g1, alice.token, Buffer.alloc(0), '', parts);
      assert.equal(r.status, 400, what);
      assert.equal(r.body.error, 'bad_request', what);
    }
    const json = await call(g1, 'POST', '/v1/files', { token: alice.token, body: { file: 'x' } });
    assert.equal(json.status, 400);
    const broken = await call(g1, 'POST', '/v1/files', {
      token: alice.token,
      raw: '--xx\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nabc',
      headers: { 'content-type': 'multipart/form-data; boundary=xx' },
    });
    assert.equal(broken.status, 400);
    assert.equal(
      await one(c.db.sql`select count(*)::int as n from files`),
      before,
      'nothing stored by refused uploads',
    );
  });

  it('serves single byte ranges (206) across chunk boundaries, 416 past the end, and 304 for a matching ETag', async () => {
    const bytes = randomBytes(600 * 1024);
    const up = await upload(g1, alice.token, bytes);
    const mid = await download(g2, bob.token, up.body.url, { range: 'bytes=262000-524300' });
    assert.equal(mid.status, 206);
    assert.equal(mid.headers.get('content-range'), `bytes 262000-524300/${bytes.length}`);
    assert.ok(mid.bytes.equals(bytes.subarray(262000, 524301)));
    const tail = await download(g2, bob.token, up.body.url, { range: 'bytes=-100' });
    assert.equal(tail.status, 206);
    assert.ok(tail.bytes.equals(bytes.subarray(bytes.length - 100)));
    const open = await download(g2, bob.token, up.body.url, { range: `bytes=${bytes.length - 5}-` });
    assert.ok(open.bytes.equals(bytes.subarray(bytes.length - 5)));
    const past = await download(g2, bob.token, up.body.url, { range: `bytes=${bytes.length}-` });
    assert.equal(past.status, 416);
    assert.equal(past.headers.get('content-range'), `bytes */${bytes.length}`);
    const multi = await download(g2, bob.token, up.body.url, { range: 'bytes=0-1,5-6' });
    assert.equal(multi.status, 200, 'several ranges: the whole file');
    const etag = mid.headers.get('etag')!;
    const cached = await download(g1, bob.token, up.body.url, { 'if-none-match': etag });
    assert.equal(cached.status, 304);
    assert.equal(cached.bytes.length, 0);
    assert.equal((await download(g1, bob.token, up.body.url, { 'if-none-match': '"other"' })).status, 200);
    const stale = await download(g1, bob.token, up.body.url, { range: 'bytes=0-9', 'if-range': '"other"' });
    assert.equal(stale.status, 200, 'If-Range that does not match: the whole file');
  });

  it("an image message must point at the sender's own upload of an image; its content becomes the server's record", async () => {
    const send = (u: TestUser, to: TestUser, contentType: string, content: string) =>
      call(g1, 'POST', '/v1/messages', {
        token: u.token,
        body: { kind: 'direct', to: to.id, clientMsgId: randomBytes(6).toString('hex'), contentType, content },
      });
    const bobsPng = await upload(g1, bob.token, tinyPng(), 'bob.png');
    const alicesText = await upload(g1, alice.token, Buffer.from('just text'), 'a.txt');
    const alicesPng = await upload(g1, alice.token, tinyPng(), 'mine.png');

    const theirs = await send(alice, bob, 'image', JSON.stringify(bobsPng.body));
    assert.equal(theirs.status, 403);
    assert.equal(theirs.body.error, 'forbidden');
    const notImage = await send(alice, bob, 'image', JSON.stringify(alicesText.body));
    assert.equal(notImage.status, 400);
    assert.equal((await send(alice, bob, 'image', 'not json')).status, 400);
    assert.equal((await send(alice, bob, 'file', JSON.stringify({ name: 'x' }))).status, 400);
    assert.equal((await send(alice, bob, 'file', JSON.stringify({ id: 'AAAAAAAAAAAAAAAAAAAAAA' }))).status, 404);

    const fileMsg = await send(alice, bob, 'file', JSON.stringify(alicesText.body));
    assert.equal(fileMsg.status, 200);
    const lying = { ...alicesPng.body, name: 'other.exe', size: 1, contentType: 'text/html' };
    const ok = await send(alice, bob, 'image', JSON.stringify(lying));
    assert.equal(ok.status, 200);
    const history = await eventually(
      async () => {
        const h = await call(g2, 'GET', `/v1/conversations/${ok.body.conversationId}/messages`, { token: bob.token });
        return h.body.messages?.find((m: { seq: number }) => m.seq === ok.body.seq);
      },
      5000,
      'the image message in history',
    );
    assert.deepEqual(JSON.parse(history.content), alicesPng.body);
  });
});

describe('file limits', { skip }, () => {
  let c: Cluster;
  let base: string;
  before(async () => {
    c = await startGates(1, { env: { MAX_UPLOAD_BYTES: '1024', UPLOAD_QUOTA_BYTES: '1500' } });
    base = c.urls[0]!;
  });
  after(async () => c?.stop());

  const count = (table: 'files' | 'file_chunks') => one(c.db.sql`select count(*)::int as n from ${c.db.sql(table)}`);

  it('a file over MAX_UPLOAD_BYTES is 413 too_large and nothing is stored', async () => {
    const u = await newUser(base, 'big');
    const r = await upload(base, u.token, randomBytes(5000));
    assert.equal(r.status, 413);
    assert.equal(r.body.error, 'too_large');
    assert.match(r.body.message, /1024/);
    const edge = await upload(base, u.token, randomBytes(1025));
    assert.equal(edge.status, 413);
    assert.equal(await count('files'), 0);
    assert.equal(await count('file_chunks'), 0);
  });

  it('a body declared far over the limit is refused before it is read', async () => {
    const u = await newUser(base, 'huge');
    const r = await upload(base, u.token, randomBytes(2 * 1024 * 1024));
    assert.equal(r.status, 413);
    assert.equal(r.body.error, 'too_large');
    assert.equal(await count('files'), 0);
  });

  it('the per-user quota refuses with 413 "upload quota exceeded", also for concurrent uploads', async () => {
    const u = await newUser(base, 'quota');
    assert.equal((await upload(base, u.token, randomBytes(1000))).status, 201);
    const over = await upload(base, u.token, randomBytes(1000));
    assert.equal(over.status, 413);
    assert.equal(over.body.error, 'too_large');
    assert.equal(over.body.message, 'upload quota exceeded');
    assert.equal(await one(c.db.sql`select count(*)::int as n from files where owner_id = ${u.id}`), 1);

    const v = await newUser(base, 'race');
    const both = await Promise.all([
      upload(base, v.token, randomBytes(1000)),
      upload(base, v.token, randomBytes(1000)),
    ]);
    assert.deepEqual(both.map((r) => r.status).sort(), [201, 413]);
    assert.equal(
      await one(c.db.sql`select coalesce(sum(size), 0)::int as n from files where owner_id = ${v.id}`),
      1000,
    );
    // Another user's quota is their own.
    const w = await newUser(base, 'other');
    assert.equal((await upload(base, w.token, randomBytes(1000))).status, 201);
  });
});

/**
 * The Postgres store, except that a failure of the upload body reaches it `delayMs` late, so the
 * store's cleanup of a refused upload runs well after the multipart parser has given up.
 */
class LateFailureStore extends PostgresBlobStore {
  constructor(
    sql: Sql,
    private readonly delayMs: number,
  ) {
    super(sql);
  }

  override put(source: AsyncIterable<Uint8Array>, opts: PutOptions) {
    const delayMs = this.delayMs;
    async function* late() {
      try {
        yield* source;
      } catch (err) {
        await new Promise((r) => setTimeout(r, delayMs));
        throw err;
      }
    }
    return super.put(late(), opts);
  }
}

describe('refused uploads with a slow store', { skip }, () => {
  let c: Cluster;
  let base: string;
  before(async () => {
    c = await startGates(1, { blobStore: (db) => new LateFailureStore(db.sql, 300) });
    base = c.urls[0]!;
  });
  after(async () => c?.stop());

  it('a body cut off inside its file is answered 400 only once the store has removed what it began', async () => {
    const u = await newUser(base, 'cut');
    const files = () => one(c.db.sql`select count(*)::int as n from files`);
    const chunks = () => one(c.db.sql`select count(*)::int as n from file_chunks`);
    const cut = await call(base, 'POST', '/v1/files', {
      token: u.token,
      raw: `--xx\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n\r\n${'a'.repeat(300 * 1024)}`,
      headers: { 'content-type': 'multipart/form-data; boundary=xx' },
    });
    assert.equal(cut.status, 400);
    assert.equal(cut.body.error, 'bad_request');
    assert.equal(await files(), 0, 'no row, not even one still uploading');
    assert.equal(await chunks(), 0);
    // The gate still takes a whole upload afterwards.
    assert.equal((await upload(base, u.token, randomBytes(10))).status, 201);
  });
});

describe("uploads while the file store's Postgres is away", { skip }, () => {
  let c: Cluster;
  let base: string;
  let proxy: PgProxy;
  let storeSql: Sql | undefined;
  before(async () => {
    const target = new URL(TEST_PG_URL);
    proxy = new PgProxy({ host: target.hostname, port: Number(target.port || 5432) }, await freePort());
    await proxy.restore();
    // The gate's own queries go straight to Postgres; only the file store's go through the proxy.
    c = await startGates(1, {
      blobStore: (db) => new PostgresBlobStore((storeSql = connectDb(proxy.url(db.url), { max: 2 }))),
    });
    base = c.urls[0]!;
  });
  after(async () => {
    await c?.stop();
    await storeSql?.end({ timeout: 1 });
    await proxy?.close();
  });

  it(
    'upload and download are 503 unavailable meanwhile, the gate keeps serving, and both work once it is back',
    { timeout: 30_000 },
    async () => {
      const u = await newUser(base, 'outage');
      const before = await upload(base, u.token, randomBytes(1000));
      assert.equal(before.status, 201);
      await proxy.cut();

      const refused = await upload(base, u.token, randomBytes(1000));
      assert.equal(refused.status, 503);
      assert.equal(refused.body.error, 'unavailable');
      const down = await call(base, 'GET', before.body.url, { token: u.token });
      assert.equal(down.status, 503);
      assert.equal(down.body.error, 'unavailable');
      assert.equal(
        (await call(base, 'GET', '/v1/me', { token: u.token })).status,
        200,
        'routes that do not touch files still answer',
      );

      await proxy.restore();
      let after: Upload | undefined;
      await eventually(
        async () => (after = await upload(base, u.token, randomBytes(1000))).status === 201,
        10_000,
        'an upload after Postgres came back',
      );
      assert.equal(after!.status, 201);
      assert.equal((await download(base, u.token, before.body.url)).status, 200);
      assert.equal(
        await one(c.db.sql`select count(*)::int as n from files where owner_id = ${u.id}`),
        2,
        'the two accepted uploads, nothing of the refused one',
      );
    },
  );
});

/** The BlobStore contract, run against every implementation. */
function blobStoreConformance(
  name: string,
  make: (c: Cluster) => Promise<{ store: BlobStore; cleanup(): Promise<void> }>,
) {
  describe(`BlobStore conformance: ${name}`, { skip }, () => {
    let c: Cluster;
    let store: BlobStore;
    let cleanup: () => Promise<void>;
    let owner: string;
    let seq = 0;
    const opts = (extra: { maxBytes?: number; quotaBytes?: number } = {}) => ({
      id: `conf${name}${seq++}`,
      ownerId: owner,
      name: 'n.bin',
      maxBytes: extra.maxBytes ?? 1 << 20,
      quotaBytes: extra.quotaBytes ?? 1 << 30,
      now: Date.now(),
    });
    async function* pieces(bytes: Buffer, size = 777) {
      for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
    }
    const readAll = async (s: NodeJS.ReadableStream) => {
      const out: Buffer[] = [];
      for await (const b of s) out.push(b as Buffer);
      return Buffer.concat(out);
    };

    before(async () => {
      c = await startGates(1);
      owner = (await newUser(c.urls[0]!, 'conf')).id;
      ({ store, cleanup } = await make(c));
    });
    after(async () => {
      await cleanup?.();
      await c?.stop();
    });

    it('put then stat and open return the same bytes, whole and by range', async () => {
      const bytes = randomBytes(10_000);
      const meta = await store.put(pieces(bytes), opts());
      assert.equal(meta.size, bytes.length);
      assert.equal(meta.sha256, createHash('sha256').update(bytes).digest('hex'));
      assert.deepEqual(await store.stat(meta.id), meta);
      assert.ok((await readAll(store.open(meta))).equals(bytes));
      for (const [start, end] of [
        [0, 0],
        [999, 1000],
        [1500, 8999],
        [9999, 9999],
      ] as const) {
        assert.ok(
          (await readAll(store.open(meta, { start, end }))).equals(bytes.subarray(start, end + 1)),
          `${start}-${end}`,
        );
      }
    });

    it('an empty file is stored and reads back empty', async () => {
      const meta = await store.put(pieces(Buffer.alloc(0)), opts());
      assert.equal(meta.size, 0);
      assert.equal((await readAll(store.open(meta))).length, 0);
    });

    it('past maxBytes or the quota put rejects with too_large and leaves nothing visible', async () => {
      const o = opts({ maxBytes: 5000 });
      await assert.rejects(store.put(pieces(randomBytes(6000)), o), { code: 'too_large' });
      assert.equal(await store.stat(o.id), null);
      const q = opts({ quotaBytes: 1 });
      await assert.rejects(store.put(pieces(randomBytes(100)), q), {
        code: 'too_large',
        message: 'upload quota exceeded',
      });
      assert.equal(await store.stat(q.id), null);
      assert.equal(await one(c.db.sql`select count(*)::int as n from files where id in (${o.id}, ${q.id})`), 0);
    });

    it('delete removes the file; reading it afterwards fails', async () => {
      const meta = await store.put(pieces(randomBytes(3000)), opts());
      assert.equal(await store.delete(meta.id), true);
      assert.equal(await store.stat(meta.id), null);
      assert.equal(await store.delete(meta.id), false);
      await assert.rejects(readAll(store.open(meta)));
    });
  });
}

blobStoreConformance('postgres', async (c) => ({
  store: new PostgresBlobStore(c.db.sql, 1000),
  cleanup: async () => {},
}));
blobStoreConformance('disk', async (c) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'im-files-'));
  return { store: new DiskBlobStore(c.db.sql, dir), cleanup: () => rm(dir, { recursive: true, force: true }) };
});
