import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Node's own HTTP server doing no work: it reads each request's body and answers a fixed JSON the
 * size of a send's answer. The HTTP benchmark drives it like the gate's routes, as the floor any
 * gate built on node's http module pays per request on this machine (bench/http.ts). Started with
 * IPC by spawnProc; tells its URL in its `ready` message.
 */
const ANSWER = JSON.stringify({
  conversationId: `d:${'a'.repeat(26)}:${'b'.repeat(26)}`,
  seq: 1,
  createdAt: Date.now(),
});

const server = http.createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(ANSWER));
    res.end(ANSWER);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ type: 'ready', url: `http://127.0.0.1:${port}` });
});
process.on('disconnect', () => process.exit(0));
