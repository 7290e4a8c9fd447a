import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { postgresAvailable, redisAvailable } from './helpers/stores.js';
import { startGates, type Cluster } from './helpers/gate.js';
import { browserUnavailable, buildDemo, launchBrowser, shotPath, tinyPng } from './helpers/browser.js';

const storesUp = (await postgresAvailable()) && (await redisAvailable());
const skip: boolean | string = !storesUp || (browserUnavailable() ?? false);

const PASSWORD = 'correct horse battery';
const run = Date.now().toString(36);

/** Console errors and uncaught exceptions of a page (a CSP violation shows up here too). */
function watchErrors(page: Page, into: string[], who: string): void {
  page.on('pageerror', (err) => into.push(`${who}: ${err.message}`));
  page.on('console', (msg) => {
    // Failed requests are reported below with their URL.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) into.push(`${who}: ${msg.text()}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && !res.url().endsWith('/favicon.ico'))
      into.push(`${who}: ${res.status()} ${res.request().method()} ${res.url()}`);
  });
}

async function register(page: Page, base: string, username: string): Promise<void> {
  await page.goto(base);
  await page.fill('#register-username', username);
  await page.fill('#register-display', username.replace(/\d.*$/, ''));
  await page.fill('#register-password', PASSWORD);
  await page.click('#register-form button[type=submit]');
  await page.locator('#app-view').waitFor({ state: 'visible' });
  await liveTransport(page);
}

async function liveTransport(page: Page, want?: string): Promise<string> {
  const handle = await page.waitForFunction(
    (w) => {
      const s = document.querySelector('#transport')?.getAttribute('data-state');
      return s && s !== 'offline' && (!w || s === w) ? s : false;
    },
    want,
    { timeout: 10_000 },
  );
  return (await handle.jsonValue()) as string;
}

async function say(page: Page, text: string): Promise<void> {
  await page.fill('#composer-input', text);
  await page.press('#composer-input', 'Enter');
}

/** The seqs of the delivered messages on screen, in order. */
function seqsOnScreen(page: Page): Promise<number[]> {
  return page.$$eval('#message-list [data-testid=message][data-seq]', (els) =>
    els.map((e) => Number((e as HTMLElement).dataset.seq)),
  );
}

describe('browser demo', { skip }, () => {
  let c: Cluster;
  let browser: Browser;
  before(async () => {
    buildDemo();
    [c, browser] = await Promise.all([startGates(1), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await c?.stop();
  });

  it(
    'two users befriend, chat both ways with typing, a read receipt and an image, and a transport switch loses nothing',
    { timeout: 60_000 },
    async () => {
      const base = c.urls[0]!;
      const errors: string[] = [];
      const [ctxA, ctxB] = await Promise.all([
        browser.newContext({ viewport: { width: 1100, height: 760 } }),
        browser.newContext({ viewport: { width: 1100, height: 760 } }),
      ]);
      const [a, b] = await Promise.all([ctxA.newPage(), ctxB.newPage()]);
      watchErrors(a, errors, 'alice');
      watchErrors(b, errors, 'bob');
      const alice = `alice${run}`;
      const bob = `bob${run}`;
      await Promise.all([register(a, base, alice), register(b, base, bob)]);
      const bobFirst = await liveTransport(b);

      // Alice finds Bob and asks; Bob sees the request arrive live and accepts.
      await a.fill('#search-input', bob.slice(0, 8));
      await a.press('#search-input', 'Enter');
      await a.locator(`[data-testid=search-result][data-username="${bob}"] button[data-action=add]`).click();
      await a.locator('[data-testid=outgoing-request]').waitFor();
      await b.locator('[data-testid=incoming-request] button[data-action=accept]').click();
      const bobInAlice = a.locator('[data-testid=friend]', { hasText: bob.replace(/\d.*$/, '') });
      await bobInAlice.waitFor();
      await b.locator('[data-testid=friend]').waitFor();
      await a.waitForSelector('[data-testid=friend][data-online=true]', { timeout: 10_000 });

      // Alice writes; the message goes sending → sent.
      await bobInAlice.locator('button[data-action=chat]').click();
      await say(a, 'Hello Bob');
      const first = a.locator('#message-list [data-testid=message][data-mine=true]', { hasText: 'Hello Bob' });
      await first.and(a.locator('[data-status=sent]')).waitFor();

      // Bob sees an unread chat, opens it: Alice's message turns "read".
      const conv = b.locator('[data-testid=conversation]', { hasText: 'Hello Bob' });
      await conv.locator('[data-testid=unread]').waitFor();
      await conv.click();
      await b.locator('#message-list [data-testid=message]', { hasText: 'Hello Bob' }).waitFor();
      await first.and(a.locator('[data-status=read]')).waitFor();

      // Bob types: Alice sees it; then his answer arrives.
      await b.locator('#composer-input').pressSequentially('Hi Alice!', { delay: 40 });
      await a.locator('#typing', { hasText: 'typing…' }).waitFor();
      await b.press('#composer-input', 'Enter');
      await a.locator('#message-list [data-testid=message][data-mine=false]', { hasText: 'Hi Alice!' }).waitFor();

      // Alice sends an image; both see it, fetched with the auth header into a blob: URL.
      await a.setInputFiles('#file-input', { name: 'checker.png', mimeType: 'image/png', buffer: tinyPng(16) });
      const imageShown = (p: Page) =>
        p.waitForFunction(
          () => {
            const img = document.querySelector<HTMLImageElement>('#message-list [data-testid=image]');
            return !!img && img.src.startsWith('blob:') && img.complete && img.naturalWidth === 16;
          },
          undefined,
          { timeout: 10_000 },
        );
      await Promise.all([imageShown(a), imageShown(b)]);

      // Bob switches transport while Alice keeps writing: every message arrives, once.
      const others = ['longpoll', 'sse', 'ws'].filter((t) => t !== bobFirst);
      for (const [round, next] of others.entries()) {
        await b.selectOption('#transport-select', next);
        for (let i = 1; i <= 4; i++) await say(a, `burst ${round}.${i}`);
        await liveTransport(b, next);
        await b.locator('#message-list [data-testid=message]', { hasText: `burst ${round}.4` }).waitFor();
      }
      await a.locator('#message-list [data-status=read]', { hasText: `burst ${others.length - 1}.4` }).waitFor();
      const seen = await seqsOnScreen(b);
      assert.deepEqual(
        seen,
        Array.from({ length: seen.length }, (_, i) => i + 1),
        'bob holds every seq exactly once, in order',
      );
      assert.deepEqual(await seqsOnScreen(a), seen, 'both sides hold the same messages');
      assert.equal(seen.length, 3 + others.length * 4);
      assert.equal(await b.locator('#transport').getAttribute('data-state'), others[others.length - 1]);

      await Promise.all([a.screenshot({ path: shotPath('alice.png') }), b.screenshot({ path: shotPath('bob.png') })]);
      await b.setViewportSize({ width: 390, height: 844 });
      await b.screenshot({ path: shotPath('bob-phone.png') });
      assert.deepEqual(errors, [], 'no page errors (CSP violations included)');
      await Promise.all([ctxA.close(), ctxB.close()]);
    },
  );
});
