/**
 * The peer for the 1:1 comparison: a Socket.IO server scaled out with @socket.io/redis-streams-adapter
 * (several such processes share one Redis). Semantics chosen to match the gateway's WebSocket path
 * as closely as Socket.IO allows: every user joins a room of their own; a `send` is emitted to the
 * recipient's room and to the sender's room except the sending socket (the gateway also appends to
 * the sender's inbox for their other devices), and acknowledged to the sender. There is no
 * persistence, no sequencing, no dedup and no per-message authorization here — the gateway does all
 * of those on the same path.
 *
 *   node --import tsx bench/peer/server.ts   (env PORT, REDIS_URL, PEER_PREFIX, PEER_TRANSPORTS; run as a benchmark child with IPC)
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';

const prefix = process.env.PEER_PREFIX ?? 'imb:peer:';
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
redis.on('error', () => {});

const server = http.createServer();
const io = new Server(server, {
  adapter: createAdapter(redis, { streamName: `${prefix}sio`, channelPrefix: `${prefix}sio` }),
  // PEER_TRANSPORTS=polling: the long-polling transport only (the HTTP comparison).
  transports: process.env.PEER_TRANSPORTS === 'polling' ? ['polling'] : ['websocket'],
  serveClient: false,
  perMessageDeflate: false,
});

interface SendPayload {
  to: string;
  content: string;
}

io.on('connection', (socket) => {
  const userId = String((socket.handshake.auth as { userId?: unknown }).userId ?? '');
  if (!userId) {
    socket.disconnect(true);
    return;
  }
  void socket.join(`u:${userId}`);
  let n = 0;
  socket.on('send', (m: SendPayload, ack?: (r: unknown) => void) => {
    if (!m || typeof m.to !== 'string' || typeof m.content !== 'string') {
      ack?.({ error: 'bad_request' });
      return;
    }
    const createdAt = Date.now();
    const msg = { from: userId, to: m.to, content: m.content, createdAt, n: ++n };
    socket.to(`u:${m.to}`).to(`u:${userId}`).emit('message', msg);
    ack?.({ ok: true, createdAt });
  });
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ type: 'ready', url: `http://127.0.0.1:${port}`, pid: process.pid });
});

async function stop(): Promise<void> {
  const force = setTimeout(() => process.exit(1), 5000);
  force.unref();
  await new Promise<void>((r) => io.close(() => r()));
  redis.disconnect();
  process.exit(0);
}

process.on('message', (raw) => {
  const req = raw as { id: number; cmd: string };
  if (req.cmd === 'stop') {
    process.send?.({ id: req.id, ok: true, result: { stopping: true } });
    void stop();
  } else process.send?.({ id: req.id, ok: false, error: `unknown command ${req.cmd}` });
});
process.on('disconnect', () => void stop());
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
