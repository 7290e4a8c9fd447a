import type { Response as AgentResponse } from 'superagent';
import request from 'supertest';
import { bodyOf, checkEveryFetch, checkReply } from './openapi.js';

// Answers to plain fetch calls (tests', and the client library's) are checked as `call`'s are.
checkEveryFetch();

/** What every test call returns: status, headers and the body (parsed JSON, else the text). */
export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options';

/** Collects the answer as text whatever its type, so `call` decides how to read it. */
function asText(res: AgentResponse, done: (err: Error | null, body: string) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
  res.on('error', (err: Error) => done(err, ''));
}

/**
 * One HTTP call through supertest against a running gate (`base` is its URL). A JSON body is sent as
 * JSON, `raw` as it is (application/json unless the headers say otherwise); the answer's body is
 * parsed as JSON when it is JSON, else kept as text. An answer of a route the API document describes
 * must match it (status, media type, body schema, required headers), or the call throws.
 */
export async function call<T = any>(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  let req = request(base)[method.toLowerCase() as Method](path);
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.raw !== undefined || opts.body !== undefined) headers['content-type'] ??= 'application/json';
  for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
  if (opts.raw !== undefined) req = req.send(opts.raw);
  else if (opts.body !== undefined) req = req.send(JSON.stringify(opts.body));
  const res = await req.buffer(true).parse(asText);
  const parsed = bodyOf(res.body as string);
  const out = new Headers();
  for (const [k, v] of Object.entries(res.headers as Record<string, string | string[]>)) {
    for (const one of Array.isArray(v) ? v : [v]) out.append(k, one);
  }
  const reply = { status: res.status, body: parsed as T, headers: out };
  checkReply(method, path, reply);
  return reply;
}
export interface TestUser {
  id: string;
  username: string;
  token: string;
  refreshToken: string;
  deviceId: string;
}

let counter = 0;

/** Registers and logs in a fresh user (a unique username per call). */
export async function newUser(
  base: string,
  name = 'user',
  device?: { deviceId?: string; deviceName?: string },
): Promise<TestUser> {
  const username = `${name}${Date.now().toString(36)}${(counter++).toString(36)}`.slice(0, 32);
  const reg = await call(base, 'POST', '/v1/auth/register', { body: { username, password: 'correct horse battery' } });
  if (reg.status !== 201) throw new Error(`register failed: ${reg.status} ${JSON.stringify(reg.body)}`);
  return login(base, username, device);
}

export async function login(
  base: string,
  username: string,
  device?: { deviceId?: string; deviceName?: string },
): Promise<TestUser> {
  const r = await call(base, 'POST', '/v1/auth/login', {
    body: { username, password: 'correct horse battery', ...device },
  });
  if (r.status !== 200) throw new Error(`login failed: ${r.status} ${JSON.stringify(r.body)}`);
  return {
    id: r.body.user.id,
    username,
    token: r.body.accessToken,
    refreshToken: r.body.refreshToken,
    deviceId: r.body.deviceId,
  };
}

/** Makes two users friends (request + accept). */
export async function befriend(base: string, a: TestUser, b: TestUser): Promise<void> {
  const req = await call(base, 'POST', '/v1/friends/requests', { token: a.token, body: { userId: b.id } });
  if (req.status !== 201) throw new Error(`friend request failed: ${req.status} ${JSON.stringify(req.body)}`);
  const acc = await call(base, 'POST', `/v1/friends/requests/${req.body.request.id}/accept`, { token: b.token });
  if (acc.status !== 200) throw new Error(`accept failed: ${acc.status}`);
}

/** Polls `check` until it returns a truthy value or `ms` pass. */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  ms = 5000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
