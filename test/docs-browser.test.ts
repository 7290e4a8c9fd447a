import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { postgresAvailable, redisAvailable } from './helpers/stores.js';
import { startGates, type Cluster } from './helpers/gate.js';
import { call } from './helpers/http.js';
import { browserUnavailable, launchBrowser, shotPath } from './helpers/browser.js';

const storesUp = (await postgresAvailable()) && (await redisAvailable());
const skip: boolean | string = !storesUp || (browserUnavailable() ?? false);

describe('the API reference page', { skip }, () => {
  let c: Cluster;
  let browser: Browser;
  before(async () => {
    [c, browser] = await Promise.all([startGates(1), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await c?.stop();
  });

  it('is served under the same strict Content-Security-Policy as the demo: no inline script, no other origin', async () => {
    const page = await call(c.urls[0]!, 'GET', '/docs/');
    assert.equal(page.status, 200);
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.doesNotMatch(String(page.body), /<script>|<script(?![^>]*\bsrc=)[^>]*>/);
    assert.equal((await call(c.urls[0]!, 'GET', '/docs/vendor/index.html')).status, 404);
  });

  it('renders every operation in Chromium with no console error, fetching nothing from another origin', async () => {
    const base = c.urls[0]!;
    const errors: string[] = [];
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    // Offline but for the gate: any other request is refused and reported.
    await context.route('**/*', (route) =>
      route.request().url().startsWith(`${base}/`)
        ? route.continue()
        : (errors.push(`request to another origin: ${route.request().url()}`), route.abort()),
    );
    const page = await context.newPage();
    page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
    // A CSP violation is reported as a console error.
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') errors.push(`console ${msg.type()}: ${msg.text()}`);
    });
    page.on('response', (res) => {
      if (res.status() >= 400) errors.push(`${res.status()} ${res.url()}`);
    });
    try {
      await page.goto(`${base}/docs`);
      await page.locator('.opblock').first().waitFor({ timeout: 20_000 });
      const doc = (await call(base, 'GET', '/v1/openapi.json')).body as { paths: Record<string, object> };
      const count = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
      assert.equal(await page.locator('.opblock').count(), count);
      assert.equal(await page.locator('.opblock-summary-path[data-path="/v1/messages"]').count(), 1);

      // Open one operation with a request body and an event schema, as a reader would.
      const send = page.locator('#operations-messages-sendMessage');
      await send.locator('.opblock-summary').click();
      await send.locator('.opblock-body').waitFor();
      await page.screenshot({ path: shotPath('docs.png') });
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
