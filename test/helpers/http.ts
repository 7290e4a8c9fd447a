/** A tiny JSON-over-fetch client for tests: every call returns status, headers and parsed body. */
export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = any>(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.raw !== undefined) {
    body = opts.raw;
    headers['content-type'] ??= 'application/json';
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(base + path, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
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
