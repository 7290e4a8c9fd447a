import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Debian's chromium; never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Where screenshots of the main views go: test-output/screenshots (git-ignored), or SCREENSHOT_DIR
 * (e.g. `SCREENSHOT_DIR=docs/screenshots` to refresh the committed ones).
 */
export const SHOT_DIR = path.resolve(root, process.env.SCREENSHOT_DIR ?? path.join('test-output', 'screenshots'));

/**
 * Why the browser suite cannot run here, or null when it can. A missing chromium skips the suite
 * with a message, except under CI=true, where it is a failure.
 */
export function browserUnavailable(): string | null {
  if (existsSync(CHROMIUM)) return null;
  const why = `${CHROMIUM} is missing (apt-get install -y chromium)`;
  if (process.env.CI === 'true') throw new Error(`the browser test needs chromium under CI=true: ${why}`);
  console.warn(`# ${why}: the browser suite is skipped`);
  return why;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Builds public/dist/app.js, so the suite also runs without `npm test`'s pretest step. */
export function buildDemo(): void {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-client.mjs')], {
    cwd: root,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`building the demo failed:\n${r.stdout}\n${r.stderr}`);
}

export function shotPath(name: string): string {
  mkdirSync(SHOT_DIR, { recursive: true });
  return path.join(SHOT_DIR, name);
}

/** A small valid PNG (a `size`×`size` two-colour checkerboard), made here so the test needs no fixture file. */
export function tinyPng(size = 16): Buffer {
  const raw = Buffer.alloc((size * 3 + 1) * size);
  for (let y = 0; y < size; y++) {
    const row = y * (size * 3 + 1);
    raw[row] = 0;
    for (let x = 0; x < size; x++) {
      const on = (x >> 2) % 2 === (y >> 2) % 2;
      raw.set(on ? [36, 87, 197] : [250, 200, 40], row + 1 + x * 3);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

export const PASSWORD = 'correct horse battery';

/**
 * Collects what makes a console unclean: uncaught exceptions, console errors (a CSP violation is one),
 * answers of 400 and above, and requests that failed (a cancelled request, such as a long-poll a
 * transport switch ends, is not a failure).
 */
export function watchErrors(page: Page, into: string[], who: string): void {
  page.on('pageerror', (err) => into.push(`${who}: ${err.message}`));
  page.on('console', (msg) => {
    // Failed requests are reported below with their URL.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) into.push(`${who}: ${msg.text()}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) into.push(`${who}: ${res.status()} ${res.request().method()} ${res.url()}`);
  });
  page.on('requestfailed', (req) => {
    const why = req.failure()?.errorText ?? '';
    if (why !== 'net::ERR_ABORTED') into.push(`${who}: ${req.method()} ${req.url()} failed: ${why}`);
  });
}

/** Waits until the page says a transport is live (`want`: that one); returns its name. */
export async function liveTransport(page: Page, want?: string, timeout = 10_000): Promise<string> {
  const handle = await page.waitForFunction(
    (w) => {
      const s = document.querySelector('#transport')?.getAttribute('data-state');
      return s && s !== 'offline' && (!w || s === w) ? s : false;
    },
    want,
    { timeout },
  );
  return (await handle.jsonValue()) as string;
}

/** Registers through the page's form and waits until a transport is live. */
export async function register(page: Page, base: string, username: string, displayName: string): Promise<void> {
  await page.goto(base);
  await page.fill('#register-username', username);
  await page.fill('#register-display', displayName);
  await page.fill('#register-password', PASSWORD);
  await page.click('#register-form button[type=submit]');
  await page.locator('#app-view').waitFor({ state: 'visible' });
  await liveTransport(page);
}

/** Types a message and sends it with Enter. */
export async function say(page: Page, text: string): Promise<void> {
  await page.fill('#composer-input', text);
  await page.press('#composer-input', 'Enter');
}

/** The seqs of the delivered messages on screen, in order. */
export function seqsOnScreen(page: Page): Promise<number[]> {
  return page.$$eval('#message-list [data-testid=message][data-seq]', (els) =>
    els.map((e) => Number((e as HTMLElement).dataset.seq)),
  );
}

/** How far the message list is from its end, in pixels (0: at the end). */
export function distanceFromEnd(page: Page): Promise<number> {
  return page.$eval('#message-list', (el) => el.scrollHeight - el.scrollTop - el.clientHeight);
}
