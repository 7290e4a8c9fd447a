import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { postgresAvailable, redisAvailable } from './helpers/stores.js';
import { startGates, type Cluster } from './helpers/gate.js';
import { call } from './helpers/http.js';
import { ConfigError, loadConfig } from '../src/config.js';

/**
 * Who may read /metrics: with METRICS_TOKEN set, only a scraper presenting it as a bearer token;
 * without it, anyone who reaches the port (a deployment that keeps /metrics off its public routes).
 */

const skip = !((await postgresAvailable()) && (await redisAvailable()));
const TOKEN = 'scrape-me-if-you-can-0123456789';

describe('/metrics access', { skip }, () => {
  let guarded: Cluster;
  let open: Cluster;

  before(async () => {
    [guarded, open] = await Promise.all([startGates(1, { env: { METRICS_TOKEN: TOKEN } }), startGates(1)]);
  });

  after(async () => {
    await Promise.all([guarded?.stop(), open?.stop()]);
  });

  it('with METRICS_TOKEN set, a scrape without a token is refused with 401 unauthorized and no metrics', async () => {
    const r = await call(guarded.urls[0]!, 'GET', '/metrics');
    assert.equal(r.status, 401);
    assert.equal(r.body.error, 'unauthorized');
    assert.equal(typeof r.body.message, 'string');
    assert.match(r.headers.get('www-authenticate') ?? '', /^Bearer/);
    assert.doesNotMatch(JSON.stringify(r.body), /im_|nodejs_/);
  });

  it('with METRICS_TOKEN set, a wrong token, another scheme or the token in the query string is refused', async () => {
    const base = guarded.urls[0]!;
    for (const [what, headers, path] of [
      ['a token of the same length', { authorization: `Bearer ${TOKEN.replace(/.$/, 'X')}` }, '/metrics'],
      ['a prefix of the token', { authorization: `Bearer ${TOKEN.slice(0, 10)}` }, '/metrics'],
      ['the token and more', { authorization: `Bearer ${TOKEN}x` }, '/metrics'],
      ['an empty bearer', { authorization: 'Bearer ' }, '/metrics'],
      ['basic auth', { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` }, '/metrics'],
      ['the query string', {}, `/metrics?access_token=${TOKEN}`],
    ] as const) {
      const r = await call(base, 'GET', path, { headers });
      assert.equal(r.status, 401, what);
      assert.equal(r.body.error, 'unauthorized', what);
    }
  });

  it('with METRICS_TOKEN set, the right bearer token gets the Prometheus text', async () => {
    const r = await call(guarded.urls[0]!, 'GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /text\/plain/);
    assert.match(r.body as string, /^# TYPE im_http_requests_total counter/m);
  });

  it('the refusals are counted as unauthorized like any other', async () => {
    const base = guarded.urls[0]!;
    await call(base, 'GET', '/metrics');
    const r = await call(base, 'GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.match(r.body as string, /^im_rejected_total\{code="unauthorized"\} [1-9]/m);
  });

  it('without METRICS_TOKEN, /metrics stays open', async () => {
    const r = await call(open.urls[0]!, 'GET', '/metrics');
    assert.equal(r.status, 200);
    assert.match(r.body as string, /^# TYPE im_writer_backlog gauge/m);
  });
});

describe('METRICS_TOKEN', () => {
  it('is refused at start when it is short or holds spaces, naming the variable', () => {
    for (const v of ['short', 'has a space in it somewhere']) {
      assert.throws(
        () => loadConfig({ METRICS_TOKEN: v }),
        (err: unknown) => err instanceof ConfigError && err.message.includes('METRICS_TOKEN'),
        v,
      );
    }
    assert.equal(loadConfig({ METRICS_TOKEN: TOKEN }).METRICS_TOKEN, TOKEN);
    assert.equal(loadConfig({}).METRICS_TOKEN, undefined);
  });
});
