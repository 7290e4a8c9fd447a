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
import { ConversationAccess } from './services/access.js';
import { RevokedSessions } from './auth/revoked.js';
import { loadWordList, wordFilter } from './pipeline/word-filter.js';
import { sessionsRouter } from './http/sessions.js';
import type { SendStep } from './pipeline/types.js';
import { Writer, writerOptions } from './store/writer.js';
import { authRouter } from './http/auth.js';
import { socialRouter } from './http/social.js';
import { messagesRouter } from './http/messages.js';
import { filesRouter } from './http/files.js';
import type { BlobStore } from './files/blob-store.js';
import { cors, errorHandler, me, requireAuth, requireStreamAuth } from './http/middleware.js';
import { docsViewerRouter, openApiHandler } from './http/docs.js';
import { metricsAccess } from './http/metrics-access.js';
import { issueStreamTicket } from './services/auth.js';
import type { StreamTicketAnswer } from './http/answers.js';
import { notFound } from './errors.js';
import { LongPoll } from './transports/longpoll.js';
import { HotRoutes } from './http/hot-routes.js';
import { LiveTransports } from './transports/live.js';
import { Presence } from './transports/presence.js';
import { pathOnly } from './log.js';
import { reportFault } from './services/faults.js';
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
  blobStore?: BlobStore;
  now?: () => number;
}

/**
 * One gate: the HTTP API, the long-poll, SSE and WebSocket transports on one HTTP server, and (unless
 * WRITER=off) an in-process writer. Built from its parts, so a test can run several in one process.
 */
export class Gate {
  readonly ctx: Context;
  readonly server: http.Server;
  /** The express app the server runs (its router stack is what the API document is checked against). */
  readonly app: express.Express;
  readonly pipeline: SendPipeline;
  private readonly longPoll: LongPoll;
  /** Who is online through this gate: its live connections and its long-polling devices. */
  private readonly presence: Presence;
  private readonly live: LiveTransports;
  private readonly writer: Writer | null;
  private readonly broker: Broker;
  private draining = false;
  private ready = false;
  /** Responses not yet finished, so a drain can still mark them `Connection: close`. */
  private readonly inFlight = new Set<http.ServerResponse>();
  /** Set once a drain has closed the idle sockets. */
  private idleClosed = false;
  /** Stops hearing of the broker's faults. */
  private readonly unwatchFaults: () => void;

  constructor(parts: GateParts) {
    const gateId = newId();
    this.broker = parts.broker;
    const log = parts.log.child({ gate: gateId });
    this.ctx = {
      config: parts.config,
      sql: parts.sql,
      inboxes: parts.broker.inboxes,
      groups: parts.broker.groups,
      sequencer: parts.broker.sequencer,
      persistence: parts.broker.persistence,
      presence: parts.broker.presence,
      bus: parts.broker.bus,
      rateLimits: parts.broker.rateLimits,
      log,
      replica: parts.replica ?? null,
      tokens: new TokenService(parts.jwtSecret, parts.config.ACCESS_TOKEN_TTL),
      metrics: createMetrics({
        backlog: () => parts.broker.persistence.backlog(),
        deadLetters: () => parts.broker.persistence.deadLetterCount(),
      }),
      gateId,
      now: parts.now ?? Date.now,
      access: new ConversationAccess(parts.sql, parts.broker.bus, log),
      revoked: new RevokedSessions(parts.sql, parts.broker.bus, (parts.config.ACCESS_TOKEN_TTL + 60) * 1000, log),
    };
    this.unwatchFaults = parts.broker.onFault((fault) => reportFault(this.ctx, fault));
    const filter = parts.config.WORD_FILTER_FILE ? [wordFilter(loadWordList(parts.config.WORD_FILTER_FILE))] : [];
    this.pipeline = new SendPipeline([...filter, ...(parts.sendSteps ?? [])]);
    this.presence = new Presence(this.ctx);
    this.longPoll = new LongPoll(this.ctx, this.presence);
    this.live = new LiveTransports(this.ctx, this.pipeline, this.presence);
    this.writer =
      parts.config.WRITER === 'inline'
        ? new Writer(
            parts.sql,
            parts.broker.persistence,
            this.ctx.log,
            this.ctx.metrics,
            writerOptions(parts.config, 'gate'),
          )
        : null;
    this.app = this.buildApp(parts.blobStore);
    const hot = new HotRoutes(this.ctx, this.pipeline, this.longPoll);
    this.server = http.createServer((req, res) => {
      if (!hot.serve(req, res)) this.app(req, res);
    });
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

  private buildApp(blobStore: BlobStore | undefined): express.Express {
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
    app.get('/metrics', metricsAccess(ctx.config.METRICS_TOKEN), async (_req, res) => {
      res.setHeader('Content-Type', ctx.metrics.registry.contentType);
      res.send(await ctx.metrics.registry.metrics());
    });

    const api = express.Router();
    api.get('/openapi.json', openApiHandler());
    api.use(express.json({ limit: ctx.config.MAX_BODY_BYTES, strict: false }));
    api.use('/auth', authRouter(ctx));
    api.get('/sync', requireAuth(ctx, true), this.longPoll.handle);
    api.get('/events', requireStreamAuth(ctx), this.live.sse.handle);
    api.use(requireAuth(ctx));
    api.post('/events/ticket', async (req, res) => {
      res.json((await issueStreamTicket(ctx, me(req))) satisfies StreamTicketAnswer);
    });
    api.use(socialRouter(ctx));
    api.use(sessionsRouter(ctx));
    api.use(messagesRouter(ctx, this.pipeline));
    api.use(filesRouter(ctx, blobStore));
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
    app.use(docsViewerRouter());
    app.use(express.static(PUBLIC_DIR, { index: 'index.html', maxAge: '1h' }));
    app.use(errorHandler(ctx));
    return app;
  }

  private async storesAnswer(): Promise<boolean> {
    try {
      await Promise.all([this.broker.ping(), this.ctx.sql`select 1`]);
      return true;
    } catch {
      return false;
    }
  }

  /** Listens on `port` (0: any free one) and starts the in-process writer. Resolves with the base URL. */
  async start(port = this.ctx.config.PORT, host = this.ctx.config.HOST): Promise<string> {
    // Before the first request: tokens are checked against the revoked sessions, access facts follow the bus.
    await this.ctx.revoked.start();
    await this.ctx.access.start();
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
    // The users who left through the drain are settled (no grace timer outlives the gate).
    this.longPoll.presence.stop();
    await this.presence.stop();
    this.idleClosed = true;
    this.server.closeIdleConnections();
    await this.writer?.stop();
    await closed;
    clearTimeout(hard);
    this.longPoll.close();
    this.ctx.revoked.stop();
    this.ctx.access.stop();
    this.unwatchFaults();
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
