import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Context } from './context.js';
import type { Broker } from './broker/broker.js';
import type { Sql } from './store/db.js';
import { TokenService } from './auth/tokens.js';
import { createMetrics } from './metrics.js';
import { newId } from './ids.js';
import { SendPipeline } from './pipeline/pipeline.js';
import { Authorizer } from './pipeline/authorize.js';
import { loadWordList, wordFilter } from './pipeline/word-filter.js';
import { sessionsRouter } from './http/sessions.js';
import type { SendStep } from './pipeline/types.js';
import { Writer } from './store/writer.js';
import { authRouter } from './http/auth.js';
import { socialRouter } from './http/social.js';
import { messagesRouter } from './http/messages.js';
import { filesRouter } from './http/files.js';
import type { FileStore } from './files/store.js';
import { cors, errorHandler, requireAuth } from './http/middleware.js';
import { notFound } from './errors.js';
import { LongPoll } from './transports/longpoll.js';
import { LiveTransports } from './transports/live.js';
import { pathOnly } from './log.js';
import { PROJECT_ROOT } from './paths.js';

const PUBLIC_DIR = path.join(PROJECT_ROOT, 'public');
/** How long a drain keeps idle keep-alive sockets open, so a request already on its way over one is answered. */
const IDLE_GRACE_MS = 1000;

export interface GateParts {
  config: Config;
  sql: Sql;
  /** A streaming replica of `sql` for history and conversation lists (DATABASE_READ_URL). */
  replica?: Sql | null;
  broker: Broker;
  log: Logger;
  jwtSecret: string;
  /** Extra send-pipeline steps (filters), run before a seq is spent. */
  sendSteps?: SendStep[];
  /** Where uploads go; by default the store FILE_STORE names. */
  fileStore?: FileStore;
  now?: () => number;
}

/**
 * One gate: the HTTP API, the long-poll, SSE and WebSocket transports on one HTTP server, and (unless
 * WRITER=off) an in-process writer. Built from its parts, so a test can run several in one process.
 */
export class Gate {
  readonly ctx: Context;
  readonly server: http.Server;
  readonly pipeline: SendPipeline;
  private readonly longPoll: LongPoll;
  private readonly live: LiveTransports;
  private readonly writer: Writer | null;
  private draining = false;
  private ready = false;
  /** Responses not yet finished, so a drain can still mark them `Connection: close`. */
  private readonly inFlight = new Set<http.ServerResponse>();
  /** Set once a drain has closed the idle sockets. */
  private idleClosed = false;

  constructor(parts: GateParts) {
    const gateId = newId();
    const authorizer = new Authorizer();
    this.ctx = {
      config: parts.config,
      sql: parts.sql,
      replica: parts.replica ?? null,
      broker: parts.broker,
      log: parts.log.child({ gate: gateId }),
      tokens: new TokenService(parts.jwtSecret, parts.config.ACCESS_TOKEN_TTL),
      metrics: createMetrics({ backlog: () => parts.broker.logBacklog() }),
      gateId,
      now: parts.now ?? Date.now,
      authz: authorizer,
    };
    const filter = parts.config.WORD_FILTER_FILE ? [wordFilter(loadWordList(parts.config.WORD_FILTER_FILE))] : [];
    this.pipeline = new SendPipeline([...filter, ...(parts.sendSteps ?? [])], authorizer);
    this.longPoll = new LongPoll(this.ctx);
    this.live = new LiveTransports(this.ctx, this.pipeline);
    this.writer =
      parts.config.WRITER === 'inline'
        ? new Writer(parts.sql, parts.broker, this.ctx.log, this.ctx.metrics, {
            batch: parts.config.WRITER_BATCH,
            intervalMs: parts.config.WRITER_INTERVAL_MS,
            lingerMs: parts.config.WRITER_LINGER_MS,
            claimIdleMs: parts.config.WRITER_CLAIM_IDLE_MS,
            consumer: `gate-${gateId}`,
            messageRetentionDays: parts.config.MESSAGE_RETENTION_DAYS,
          })
        : null;
    this.server = http.createServer(this.buildApp(parts.fileStore));
    // While draining, every answer closes its connection: a keep-alive client then opens a new one,
    // which lands on another gate, instead of holding this one open until the hard close cuts it.
    this.server.prependListener('request', (_req, res: http.ServerResponse) => {
      if (this.draining) res.setHeader('Connection', 'close');
      this.inFlight.add(res);
      res.once('close', () => {
        this.inFlight.delete(res);
        // A response whose head went out before the drain left its socket open: once the grace for
        // idle sockets is over, close it as soon as it is idle.
        if (this.idleClosed) setImmediate(() => this.server.closeIdleConnections());
      });
    });
    this.live.attach(this.server);
    this.server.keepAliveTimeout = 65_000;
  }

  private buildApp(fileStore: FileStore | undefined): express.Express {
    const { ctx } = this;
    const app = express();
    app.disable('x-powered-by');
    app.set('trust proxy', ctx.config.TRUST_PROXY);
    app.use((req, res, next) => {
      const start = process.hrtime.bigint();
      res.on('finish', () => {
        const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
        ctx.metrics.httpRequests.inc({ route: `${req.method} ${req.baseUrl}${route}`, status: res.statusCode });
        ctx.log.debug(
          {
            method: req.method,
            path: pathOnly(req.originalUrl),
            status: res.statusCode,
            ms: Number(process.hrtime.bigint() - start) / 1e6,
          },
          'request',
        );
      });
      next();
    });

    app.get('/healthz', (_req, res) => {
      res.json({ ok: true });
    });
    app.get('/readyz', async (_req, res) => {
      const ok = this.ready && !this.draining && (await this.storesAnswer());
      res.status(ok ? 200 : 503).json({ ready: ok, draining: this.draining });
    });
    app.get('/metrics', async (_req, res) => {
      res.setHeader('Content-Type', ctx.metrics.registry.contentType);
      res.send(await ctx.metrics.registry.metrics());
    });

    const api = express.Router();
    api.use(express.json({ limit: ctx.config.MAX_BODY_BYTES, strict: false }));
    api.use('/auth', authRouter(ctx));
    api.get('/sync', requireAuth(ctx, true), this.longPoll.handle);
    api.get('/events', requireAuth(ctx, true), this.live.sse.handle);
    api.use(requireAuth(ctx));
    api.use(socialRouter(ctx));
    api.use(sessionsRouter(ctx));
    api.use(messagesRouter(ctx, this.pipeline));
    api.use(filesRouter(ctx, fileStore));
    api.use(() => {
      throw notFound('no such route');
    });
    app.use('/v1', cors(ctx.config.CORS_ORIGINS), api);

    app.use(
      helmet({
        contentSecurityPolicy: {
          directives: {
            defaultSrc: ["'self'"],
            imgSrc: ["'self'", 'blob:', 'data:'],
            connectSrc: ["'self'", 'ws:', 'wss:'],
            scriptSrc: ["'self'"],
            styleSrc: ["'self'"],
          },
        },
      }),
    );
    app.use(express.static(PUBLIC_DIR, { index: 'index.html', maxAge: '1h' }));
    app.use(errorHandler(ctx));
    return app;
  }

  private async storesAnswer(): Promise<boolean> {
    try {
      await Promise.all([this.ctx.broker.ping(), this.ctx.sql`select 1`]);
      return true;
    } catch {
      return false;
    }
  }

  /** Listens on `port` (0: any free one) and starts the in-process writer. Resolves with the base URL. */
  async start(port = this.ctx.config.PORT, host = this.ctx.config.HOST): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.writer?.start();
    this.ready = true;
    const addr = this.server.address() as AddressInfo;
    const h = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    return `http://${h === '0.0.0.0' || h === '[::]' ? '127.0.0.1' : h}:${addr.port}`;
  }

  /**
   * Drains and stops: /readyz turns 503, no new connections, every answer from now on closes its
   * connection, held polls are released, WebSocket clients are told to reconnect elsewhere (4503)
   * and event streams end, the writer flushes the batches it holds. Idle keep-alive sockets get a
   * short grace before they are closed, and whatever is still open at DRAIN_TIMEOUT_MS is cut.
   * Closing Redis and Postgres is the caller's (it opened them).
   */
  async stop(): Promise<void> {
    this.draining = true;
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    const hard = setTimeout(() => this.server.closeAllConnections(), this.ctx.config.DRAIN_TIMEOUT_MS);
    // net's close stops accepting; http's would also cut idle keep-alive sockets at once, failing
    // a request a client is sending over one right now (or one accepted but not yet read).
    const closed = new Promise<void>((resolve) => net.Server.prototype.close.call(this.server, () => resolve()));
    this.longPoll.releaseAll();
    await Promise.all([
      this.live.drain(),
      this.idleGrace(Math.min(IDLE_GRACE_MS, this.ctx.config.DRAIN_TIMEOUT_MS / 4)),
    ]);
    // Polls that came in over a kept socket during the grace.
    this.longPoll.releaseAll();
    this.idleClosed = true;
    this.server.closeIdleConnections();
    await this.writer?.stop();
    await closed;
    clearTimeout(hard);
  }

  /** Waits `ms`, or less once no connection is left. */
  private async idleGrace(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      const open = await new Promise<number>((resolve) => this.server.getConnections((err, n) => resolve(err ? 0 : n)));
      if (open === 0) return;
      await new Promise((r) => setTimeout(r, Math.min(50, until - Date.now())));
    }
  }
}
