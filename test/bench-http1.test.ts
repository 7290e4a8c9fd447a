import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Http1Connection } from '../bench/lib/http1.js';

/**
 * The benchmarks' lean HTTP/1.1 client (bench/lib/http1.ts) against node's own server: both body
 * framings, keep-alive across requests, a server that closes, and a kept-alive connection closed
 * while idle (the caller is told so it can send again).
 */
describe('benchmark HTTP/1.1 client', () => {
  let server: http.Server;
  let base: string;
  const sockets = new Set<import('node:net').Socket>();
  let connections = 0;

  before(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        if (req.url === '/chunked') {
          res.setHeader('x-kind', 'chunked');
          res.write('hello, ');
          res.write('wörld');
          res.end();
        } else if (req.url === '/close') {
          res.setHeader('connection', 'close');
          res.end('bye');
        } else if (req.url === '/empty') {
          res.statusCode = 304;
          res.end();
        } else {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ method: req.method, url: req.url, body, auth: req.headers.authorization ?? null }));
        }
      });
    });
    server.on('connection', (s) => {
      connections++;
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  });

  it('sends requests with headers and a body on one kept-alive connection', async () => {
    const c = Http1Connection.of(base);
    const before = connections;
    try {
      const a = await c.request('POST', '/echo?x=1', ['authorization: Bearer t'], '{"é":1}');
      assert.equal(a.status, 200);
      assert.equal(a.headers['content-type'], 'application/json');
      assert.deepEqual(JSON.parse(a.body), { method: 'POST', url: '/echo?x=1', body: '{"é":1}', auth: 'Bearer t' });
      const b = await c.request('GET', '/again', []);
      assert.equal(JSON.parse(b.body).url, '/again');
      assert.equal(connections - before, 1);
    } finally {
      c.close();
    }
  });

  it('reads chunked and empty answers, and refuses a second request in flight', async () => {
    const c = Http1Connection.of(base);
    try {
      const p = c.request('GET', '/chunked', []);
      await assert.rejects(c.request('GET', '/other', []), /already in flight/);
      const a = await p;
      assert.equal(a.headers['x-kind'], 'chunked');
      assert.equal(a.body, 'hello, wörld');
      const e = await c.request('GET', '/empty', []);
      assert.equal(e.status, 304);
      assert.equal(e.body, '');
    } finally {
      c.close();
    }
  });

  it('opens a new connection after the server closed one, and tells when a reused one was closed', async () => {
    const c = Http1Connection.of(base);
    try {
      const before = connections;
      assert.equal((await c.request('GET', '/close', [])).body, 'bye');
      assert.equal(JSON.parse((await c.request('GET', '/next', [])).body).url, '/next');
      assert.equal(connections - before, 2);
      // The kept-alive connection is dropped by the server while idle, unseen by the client yet.
      for (const s of sockets) s.destroy();
      const err = await c.request('GET', '/late', []).then(
        () => null,
        (e: Error & { reusedSocket?: boolean }) => e,
      );
      assert.ok(err, 'the request on the closed connection fails');
      assert.equal(err.reusedSocket, true);
      assert.equal(JSON.parse((await c.request('GET', '/after', [])).body).url, '/after');
    } finally {
      c.close();
    }
    await assert.rejects(c.request('GET', '/closed', []), /connection closed/);
  });
});
