import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { Context } from '../context.js';
import { ApiError } from '../errors.js';
import { bearerToken } from '../auth/bearer.js';
import { authenticate, type Principal } from '../services/auth.js';
import type { SendPipeline } from '../pipeline/pipeline.js';
import type { LongPoll } from '../transports/longpoll.js';
import type { SendAnswer } from './answers.js';
import { corsHeaders, sendError, writeJson } from './middleware.js';

/** `application/json`, with no parameter but a UTF-8 charset (anything else goes through express). */
const JSON_TYPE = /^application\/json\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/**
 * The two routes a web client calls per message, `POST /v1/messages` and `GET /v1/sync`, served on
 * the plain node request before the express stack: no router walk past every other route, no
 * middleware closures, no express request and response objects. Same contract as the express routes
 * they stand for (which stay, and serve what this path does not take: a body with a Content-Encoding
 * or a charset other than UTF-8, another content type): the same CORS headers, token rule, body limit,
 * refusals and request counter.
 */
export class HotRoutes {
  private readonly cors: (req: IncomingMessage, res: ServerResponse) => void;

  constructor(
    private readonly ctx: Context,
    private readonly pipeline: SendPipeline,
    private readonly longPoll: LongPoll,
  ) {
    this.cors = corsHeaders(ctx.config.CORS_ORIGINS);
  }

  /** Serves `req` when it is a hot route; false leaves it to the express app. */
  serve(req: IncomingMessage, res: ServerResponse): boolean {
    const url = req.url;
    if (url === undefined) return false;
    if (req.method === 'POST' && url === '/v1/messages') {
      const type = req.headers['content-type'];
      if (type === undefined || !JSON_TYPE.test(type) || req.headers['content-encoding'] !== undefined) return false;
      this.begin(res, 'POST /v1/messages');
      this.readBody(req, res);
      return true;
    }
    if (req.method === 'GET' && url.startsWith('/v1/sync') && (url.length === 8 || url[8] === '?')) {
      this.begin(res, 'GET /v1/sync');
      this.sync(req, res, url);
      return true;
    }
    return false;
  }

  /** CORS headers, and the answer counted (and logged at debug) as the express stack does its own (gate.ts). */
  private begin(res: ServerResponse, route: string): void {
    const { ctx } = this;
    const start = performance.now();
    res.once('finish', () => {
      ctx.metrics.httpRequests.inc({ route, status: res.statusCode });
      if (ctx.log.isLevelEnabled('debug'))
        ctx.log.debug(
          {
            method: res.req.method,
            path: route.slice(route.indexOf(' ') + 1),
            status: res.statusCode,
            ms: performance.now() - start,
          },
          'request',
        );
    });
    this.cors(res.req, res);
  }

  private sync(req: IncomingMessage, res: ServerResponse, url: string): void {
    const query = url.length > 9 ? parseQuery(url.slice(9)) : {};
    let p: Principal;
    try {
      const token = query['access_token'];
      p = authenticate(
        this.ctx,
        bearerToken(req.headers.authorization, typeof token === 'string' ? token : null, true),
      );
    } catch (err) {
      return sendError(this.ctx, req, res, err);
    }
    void this.longPoll.poll(req, res, p, query);
  }

  /** Reads the JSON body within MAX_BODY_BYTES, as express.json does, then sends. */
  private readBody(req: IncomingMessage, res: ServerResponse): void {
    const limit = this.ctx.config.MAX_BODY_BYTES;
    const tooLarge = () => sendError(this.ctx, req, res, new ApiError('too_large', 'request body too large'));
    if (Number(req.headers['content-length']) > limit) {
      tooLarge();
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        tooLarge();
        return;
      }
      chunks.push(chunk);
    });
    req.once('error', () => {
      failed = true;
      res.destroy();
    });
    req.once('end', () => {
      if (failed) return;
      let body: unknown;
      try {
        const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8');
        body = text.length === 0 ? {} : JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      } catch {
        return sendError(this.ctx, req, res, new ApiError('bad_request', 'body: not valid JSON'));
      }
      void this.send(req, res, body);
    });
  }

  private async send(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    try {
      const p = authenticate(this.ctx, bearerToken(req.headers.authorization, undefined, false));
      writeJson(res, 200, (await this.pipeline.send(this.ctx, p, body)) satisfies SendAnswer);
    } catch (err) {
      sendError(this.ctx, req, res, err);
    }
  }
}
