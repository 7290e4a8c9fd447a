import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Express } from 'express';
import { CLOSE, ERRORS } from '../src/errors.js';
import { PROJECT_ROOT } from '../src/paths.js';
import { WS_PATH } from '../src/transports/ws.js';
import type { Gate } from '../src/gate.js';
import { postgresAvailable, redisAvailable } from './helpers/stores.js';
import { startGates, type Cluster } from './helpers/gate.js';

/**
 * docs/API.md stays the whole contract: every route a gate serves, every error code and every
 * WebSocket close code is written in it. A route added without documentation fails here.
 */

const API_DOC = readFileSync(path.join(PROJECT_ROOT, 'docs', 'API.md'), 'utf8');

const skip = !((await postgresAvailable()) && (await redisAvailable()));

/** What this walk reads of an express (router 2) layer. */
interface Layer {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle: unknown;
  rawPath?: unknown;
}

function stackOf(handle: unknown): Layer[] | undefined {
  const stack = typeof handle === 'function' ? (handle as { stack?: unknown }).stack : undefined;
  return Array.isArray(stack) ? (stack as Layer[]) : undefined;
}

/** `METHOD /path` of every route in `stack` and the routers mounted in it, below `prefix`. */
function routesOf(stack: Layer[], prefix = ''): string[] {
  const out: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? (layer.route.path as unknown[]) : [layer.route.path];
      for (const p of paths) {
        assert.equal(typeof p, 'string', `a route path this walk cannot read: ${String(p)}`);
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on) out.push(`${method === '_all' ? 'ALL' : method.toUpperCase()} ${prefix}${p as string}`);
        }
      }
      continue;
    }
    const inner = stackOf(layer.handle);
    if (!inner) continue;
    assert.equal(
      typeof layer.rawPath,
      'string',
      `a router mounted on a path this walk cannot read: ${String(layer.rawPath)}`,
    );
    const mount = layer.rawPath === '/' ? '' : (layer.rawPath as string);
    out.push(...routesOf(inner, prefix + mount));
  }
  return out;
}

/** The express app the gate's HTTP server hands its requests to (all but the hot routes, which it also has). */
function appOf(gate: Gate): Express {
  return gate.app;
}

/** Every HTTP route of the gate, and the WebSocket upgrade (served beside express, on the same server). */
function gateRoutes(gate: Gate): string[] {
  const stack = stackOf(appOf(gate).router);
  assert.ok(stack, 'the app has a router stack');
  return [...new Set([...routesOf(stack), `GET ${WS_PATH}`])];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The routes `doc` does not name as `METHOD /path` (a longer path does not count for a shorter one). */
function undocumented(routes: readonly string[], doc: string): string[] {
  return routes.filter((r) => !new RegExp(`${escape(r)}(?![\\w/:-])`).test(doc));
}

describe('docs/ARCHITECTURE.md', () => {
  const doc = readFileSync(path.join(PROJECT_ROOT, 'docs', 'ARCHITECTURE.md'), 'utf8');
  const named = [
    ...new Set(
      [...doc.matchAll(/\b(?:src|client|bench|sql|test|proto|public)\/[\w./-]*/g)].map((m) =>
        m[0].replace(/[.,]+$/, ''),
      ),
    ),
  ];

  it('names only paths that exist', () => {
    assert.ok(named.filter((p) => p.startsWith('src/')).length >= 40, 'the page names the sources');
    const missing = named.filter((p) => !existsSync(path.join(PROJECT_ROOT, p)));
    assert.deepEqual(missing, [], 'paths named in docs/ARCHITECTURE.md that do not exist');
  });
});

describe('docs/API.md', () => {
  it('names every error code of src/errors.ts', () => {
    const missing = Object.keys(ERRORS).filter((code) => !API_DOC.includes(`\`${code}\``));
    assert.deepEqual(missing, [], 'error codes missing from docs/API.md');
  });

  it('names every WebSocket close code the gate uses, and the frame-size close', () => {
    const codes = [...Object.values(CLOSE), 1009];
    const missing = codes.filter((code) => !API_DOC.includes(`\`${code}\``));
    assert.deepEqual(missing, [], 'close codes missing from docs/API.md');
  });

  describe('routes', { skip }, () => {
    let c: Cluster;
    let routes: string[];

    before(async () => {
      c = await startGates(1);
      routes = gateRoutes(c.gates[0]!);
    });

    after(async () => {
      await c?.stop();
    });

    it('the walk finds the gate’s routes, mounted routers included', () => {
      for (const r of ['GET /healthz', 'POST /v1/auth/login', 'GET /v1/sync', 'POST /v1/messages', 'GET /v1/ws'])
        assert.ok(routes.includes(r), `${r} found`);
      assert.ok(routes.length > 30, `found ${routes.length} routes`);
    });

    it('documents every route the gate serves as METHOD /path', () => {
      assert.deepEqual(undocumented(routes, API_DOC), [], 'routes missing from docs/API.md');
    });

    it('a route whose every mention is taken out of the text counts as missing, even beside a longer path', () => {
      const doc = API_DOC.replace(/GET \/v1\/me(?![\w/:-])/g, '');
      assert.ok(doc.includes('GET /v1/me/sessions'), 'the longer path is still there');
      assert.ok(!undocumented(routes, API_DOC).includes('GET /v1/me'), 'documented in the real text');
      assert.ok(undocumented(routes, doc).includes('GET /v1/me'), 'missing once taken out');
    });
  });
});
