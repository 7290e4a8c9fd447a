import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { postgresAvailable, redisAvailable } from './helpers/stores.js';
import { startGates, type Cluster } from './helpers/gate.js';
import { call, login, type TestUser } from './helpers/http.js';
import {
  browserUnavailable,
  buildDemo,
  distanceFromEnd,
  launchBrowser,
  liveTransport,
  PASSWORD,
  register,
  say,
  seqsOnScreen,
  shotPath,
  tinyPng,
  watchErrors,
} from './helpers/browser.js';

const storesUp = (await postgresAvailable()) && (await redisAvailable());
const skip: boolean | string = !storesUp || (browserUnavailable() ?? false);

const run = Date.now().toString(36);
/** Short tokens, so the pages refresh every few seconds while the tests run. */
const ACCESS_TOKEN_TTL = 6;
/** Shorter still on the gate without a reuse grace, so two tabs go through several refreshes quickly. */
const STRICT_TOKEN_TTL = 3;
/** A small upload limit, so the oversized file is small too. */
const MAX_UPLOAD = 1024 * 1024;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/**
 * Alice and Bob in Chromium (desktop, and Bob on a phone at the end), Carol over the API. The tests
 * run in order and build on each other: friends, then chat, then tabs, reloads and transports. On a
 * second gate, which allows no reuse of a rotated-out refresh token, Dana has two tabs of her own.
 */
describe('browser demo', { skip }, () => {
  let c: Cluster;
  /** REFRESH_REUSE_GRACE_MS=0: a refresh token presented twice ends its device session at once. */
  let strict: Cluster;
  let base: string;
  let browser: Browser;
  let ctxA: BrowserContext;
  let ctxB: BrowserContext;
  let a: Page;
  let b: Page;
  let a2: Page;
  let carol: TestUser;
  const errors: string[] = [];
  const alice = `alice${run}`;
  const bob = `bob${run}`;
  /** Bob's WebSockets go through this switch: during an "outage" none connects. */
  const ws = { down: false, open: new Set<WebSocketRoute>() };
  const mine = (p: Page, text: string) =>
    p.locator('#message-list [data-testid=message][data-mine=true]', { hasText: text });
  const theirs = (p: Page, text: string) =>
    p.locator('#message-list [data-testid=message][data-mine=false]', { hasText: text });

  before(async () => {
    buildDemo();
    [c, strict, browser] = await Promise.all([
      startGates(1, { env: { ACCESS_TOKEN_TTL: String(ACCESS_TOKEN_TTL), MAX_UPLOAD_BYTES: String(MAX_UPLOAD) } }),
      startGates(1, { env: { ACCESS_TOKEN_TTL: String(STRICT_TOKEN_TTL), REFRESH_REUSE_GRACE_MS: '0' } }),
      launchBrowser(),
    ]);
    base = c.urls[0]!;
    [ctxA, ctxB] = await Promise.all([
      browser.newContext({ viewport: DESKTOP }),
      browser.newContext({ viewport: DESKTOP }),
    ]);
    await ctxB.routeWebSocket(/\/v1\/ws/, (route) => {
      if (ws.down) return route.close({ code: 1011, reason: 'outage' });
      route.connectToServer();
      ws.open.add(route);
      route.onClose(() => ws.open.delete(route));
    });
    [a, b] = await Promise.all([ctxA.newPage(), ctxB.newPage()]);
    watchErrors(a, errors, 'alice');
    watchErrors(b, errors, 'bob');
  });
  after(async () => {
    await browser?.close();
    await Promise.all([c?.stop(), strict?.stop()]);
  });

  it('the login page shows no connection state, states the password rules up front, and clears an error once a field changes', async () => {
    await a.goto(base);
    await a.locator('#login-form').waitFor();
    assert.equal(await a.locator('#transport').isVisible(), false, 'no "Offline" pill before login');
    assert.equal(await a.locator('#transport-select').isVisible(), false, 'no transport selector before login');
    assert.match(await a.locator('[data-testid=password-rules]').innerText(), /8–128 characters/);
    // Headless Chromium does not fetch the icon itself (a desktop one does, on every load): fetch what the page links.
    const icon = await a.evaluate(async () => {
      const href = document.querySelector<HTMLLinkElement>('link[rel=icon]')?.href ?? '/favicon.ico';
      const res = await fetch(href);
      return { status: res.status, type: res.headers.get('content-type'), bytes: (await res.arrayBuffer()).byteLength };
    });
    assert.equal(icon.status, 200, 'the icon is served');
    assert.match(icon.type ?? '', /^image\//);
    assert.ok(icon.bytes > 0);
    await a.fill('#login-username', `nobody${run}`);
    await a.fill('#login-password', 'not the password');
    await a.click('#login-form button[type=submit]');
    await a.locator('#login-error', { hasText: /Wrong username or password/ }).waitFor();
    // The page answered a wrong password with its error; the console check leaves that 401 out.
    errors.splice(0);
    await a.screenshot({ path: shotPath('desktop-login.png') });
    await a.type('#login-password', 'x');
    assert.equal(await a.locator('#login-error').innerText(), '');
  });

  it('two people who ask each other become friends at once, and neither page keeps a stale "Sent"', async () => {
    await Promise.all([register(a, base, alice, 'Alice'), register(b, base, bob, 'Bob')]);
    for (const [p, other] of [
      [a, bob],
      [b, alice],
    ] as const) {
      await p.fill('#search-input', other);
      await p.press('#search-input', 'Enter');
      await p.locator(`[data-testid=search-result][data-username="${other}"]`).waitFor();
    }
    await a.locator(`[data-testid=search-result][data-username="${bob}"] button[data-action=add]`).click();
    await a.locator('[data-testid=outgoing-request]').waitFor();
    // Bob asks too (he would not know Alice asked a moment ago): they are friends, on both pages, live.
    await b.locator(`[data-testid=search-result][data-username="${alice}"] button[data-action=add]`).click();
    for (const [p, other] of [
      [a, bob],
      [b, alice],
    ] as const) {
      await p.locator('[data-testid=friend]', { hasText: other === bob ? 'Bob' : 'Alice' }).waitFor();
      await p.locator(`[data-testid=search-result][data-username="${other}"] [data-state=friend]`).waitFor();
      await p.locator('[data-testid=outgoing-request], [data-testid=incoming-request]').first().waitFor({
        state: 'detached',
      });
    }
    await a.waitForSelector('[data-testid=friend][data-online=true]', { timeout: 10_000 });
  });

  it('two people chat: presence in the header, a clickable link, typing, Shift+Enter for a second line, a read receipt live', async () => {
    await a.locator('[data-testid=friend] button[data-action=chat]').click();
    await a.locator('#chat-subtitle', { hasText: 'online' }).waitFor();
    await say(a, 'Hello Bob, the plan: https://example.com/plan?v=1.');
    const hello = mine(a, 'Hello Bob');
    await hello.and(a.locator('[data-status=sent]')).waitFor();
    const link = hello.locator('a');
    assert.equal(await link.getAttribute('href'), 'https://example.com/plan?v=1');
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.equal(await a.locator('#message-list [data-testid=day]').first().innerText(), 'Today');

    // Bob has an unread chat (and the tab's title counts it); he opens it and Alice's message turns "read".
    const conv = b.locator('[data-testid=conversation]', { hasText: 'Hello Bob' });
    await conv.locator('[data-testid=unread]').waitFor();
    assert.match(await b.title(), /^\(1\) /);
    await conv.click();
    await theirs(b, 'Hello Bob').waitFor();
    await hello.and(a.locator('[data-status=read]')).waitFor();
    await b.waitForFunction(() => !document.title.startsWith('('));

    await b.locator('#composer-input').pressSequentially('Hi Alice!', { delay: 30 });
    await a.locator('#typing', { hasText: 'typing…' }).waitFor();
    await b.press('#composer-input', 'Shift+Enter');
    await b.locator('#composer-input').pressSequentially('How are you?');
    await b.press('#composer-input', 'Enter');
    const reply = theirs(a, 'Hi Alice!');
    await reply.waitFor();
    assert.equal(await reply.locator('.body').innerText(), 'Hi Alice!\nHow are you?');
    assert.equal(await theirs(a, 'How are you?').count(), 1, 'one message of two lines');
  });

  it('a reply from the reader turns the message "read" at once, before any read receipt', async () => {
    const made = await call(base, 'POST', '/v1/auth/register', {
      body: { username: `carol${run}`, password: PASSWORD, displayName: 'Carol' },
    });
    assert.equal(made.status, 201);
    carol = await login(base, `carol${run}`);
    const ask = await call(base, 'POST', '/v1/friends/requests', {
      token: carol.token,
      body: { userId: await idOf(a) },
    });
    assert.equal(ask.status, 201);
    await a.locator('[data-testid=incoming-request] button[data-action=accept]').click();
    await a.locator(`[data-testid=friend][data-user-id="${carol.id}"] button[data-action=chat]`).click();
    await say(a, 'Hi Carol, are you there?');
    const asked = mine(a, 'Hi Carol');
    await asked.and(a.locator('[data-status=sent]')).waitFor();
    // Carol answers from her app at once, without ever sending a read marker.
    const sent = await call(base, 'POST', '/v1/messages', {
      token: carol.token,
      body: { kind: 'direct', to: await idOf(a), clientMsgId: 'c1', contentType: 'text', content: 'Here!' },
    });
    assert.equal(sent.status, 200);
    await theirs(a, 'Here!').waitFor();
    await asked.and(a.locator('[data-status=read]')).waitFor();
  });

  it('images are shown to both and open larger; a file over the limit is refused in the page, in words, before any upload', async () => {
    await a.locator('[data-testid=conversation]', { hasText: /Hi Alice|How are you/ }).click();
    await theirs(a, 'How are you?').waitFor();
    for (let i = 1; i <= 3; i++) {
      await a.setInputFiles('#file-input', { name: `board${i}.png`, mimeType: 'image/png', buffer: tinyPng(120) });
      await mine(a, `board${i}.png`).and(a.locator('[data-status=sent], [data-status=read]')).waitFor();
    }
    const shown = (p: Page) =>
      p.waitForFunction(
        () => {
          const imgs = [...document.querySelectorAll<HTMLImageElement>('#message-list [data-testid=image]')];
          return (
            imgs.length === 3 && imgs.every((i) => i.src.startsWith('blob:') && i.complete && i.naturalWidth === 120)
          );
        },
        undefined,
        { timeout: 10_000 },
      );
    await Promise.all([shown(a), shown(b)]);
    await mine(a, 'board3.png').and(a.locator('[data-status=read]')).waitFor();
    await a.screenshot({ path: shotPath('desktop-images.png') });
    await b.locator('#message-list button.image-open').first().click();
    await b.locator('#lightbox[open] img[src^="blob:"]').waitFor();
    await b.keyboard.press('Escape');
    await b.locator('#lightbox').waitFor({ state: 'hidden' });

    const uploads: string[] = [];
    a.on('request', (r) => r.url().endsWith('/v1/files') && uploads.push(r.method()));
    await a.setInputFiles('#file-input', {
      name: 'huge.bin',
      mimeType: 'application/octet-stream',
      buffer: Buffer.alloc(MAX_UPLOAD + 1),
    });
    await a.locator('#notice', { hasText: 'at most 1 MB' }).waitFor();
    assert.match(await a.locator('#notice').innerText(), /“huge\.bin” is 1 MB: files can be at most 1 MB\./);
    assert.deepEqual(uploads, [], 'nothing was uploaded');
    assert.equal(await a.locator('[data-action=retry]').count(), 0, 'no retry that cannot succeed');
  });

  it('a second tab of the account shows what the first one sends, live', async () => {
    a2 = await ctxA.newPage();
    watchErrors(a2, errors, 'alice tab 2');
    await a2.goto(base);
    await liveTransport(a2);
    await a2.locator(`[data-testid=friend][data-user-id="${await idOf(b)}"] button[data-action=chat]`).click();
    await say(a, 'Sent from the first tab');
    await mine(a2, 'Sent from the first tab').waitFor();
    await say(a2, 'And from the second one');
    await mine(a, 'And from the second one').waitFor();
    await say(b, 'Still there, both of you?');
    await Promise.all([theirs(a, 'Still there').waitFor(), theirs(a2, 'Still there').waitFor()]);
    await a2.close();
  });

  it('two tabs take turns refreshing their shared session: with no reuse grace on the gate, both stay logged in through several refreshes', async () => {
    // Both tabs plan each refresh for the same moment (the shared token's mid-life). Were each to
    // present the refresh token on its own, the second would present a rotated-out one, and this
    // gate would end the device session in both tabs.
    const strictBase = strict.urls[0]!;
    const ctx = await browser.newContext({ viewport: DESKTOP });
    const wanted = 4;
    const refreshes: number[] = [];
    let refuse: (err: Error) => void = () => undefined;
    let enough: () => void = () => undefined;
    // A refusal fails the test at once, rather than a later step on a page sent back to the login form.
    const refused = new Promise<never>((_, reject) => (refuse = reject));
    const refreshed = new Promise<void>((resolve) => (enough = resolve));
    ctx.on('response', (r) => {
      if (!r.url().endsWith('/v1/auth/refresh')) return;
      refreshes.push(r.status());
      if (r.status() !== 200) refuse(new Error(`a refresh was refused, ending the session: ${refreshes.join(', ')}`));
      else if (refreshes.length === wanted) enough();
    });
    const [t1, t2] = [await ctx.newPage(), await ctx.newPage()];
    watchErrors(t1, errors, 'dana tab 1');
    watchErrors(t2, errors, 'dana tab 2');
    let timer: NodeJS.Timeout | undefined;
    const steps = async () => {
      await register(t1, strictBase, `dana${run}`, 'Dana');
      await t2.goto(strictBase);
      await liveTransport(t2);
      // A group of her own, so each tab has a chat to send in and to see the other's messages live.
      await t1.fill('#group-name', 'Notes');
      await t1.click('#group-form button[type=submit]');
      await t1.locator('#chat-subtitle', { hasText: '1 member' }).waitFor();
      await t2.locator('[data-testid=conversation]', { hasText: '# Notes' }).click();
      await t2.locator('#chat-subtitle', { hasText: '1 member' }).waitFor();
      // A refresh every STRICT_TOKEN_TTL / 2 s; the deadline leaves room for twice as many.
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`${wanted} refreshes in time (saw ${refreshes.join(', ') || 'none'})`)),
          wanted * STRICT_TOKEN_TTL * 1000,
        );
      });
      await Promise.race([refreshed, late]);
      // Each tab's next request carries the access token it holds now; the other tab shows it live.
      await say(t1, 'From the first tab, after the refreshes');
      await mine(t2, 'From the first tab, after the refreshes').waitFor();
      await say(t2, 'And from the second');
      await mine(t1, 'And from the second').waitFor();
    };
    await Promise.race([steps(), refused]).finally(() => clearTimeout(timer));
    assert.deepEqual(
      refreshes.filter((s) => s !== 200),
      [],
      `no refresh was refused: ${refreshes.join(', ')}`,
    );
    assert.equal(await t1.locator('#app-view').isVisible(), true);
    assert.equal(await t2.locator('#app-view').isVisible(), true);
    await ctx.close();
  });

  it('after a reload the open chat comes back pinned to its end under the images, with its read receipts; a message below the view offers "New messages ↓"', async () => {
    // Bob reads this one (his page has the chat open) but writes nothing after it: after the reload
    // only the conversation list can say he read it.
    await say(a, 'Read but not answered');
    await mine(a, 'Read but not answered').and(a.locator('[data-status=read]')).waitFor();
    await a.reload();
    await liveTransport(a);
    await mine(a, 'Read but not answered').and(a.locator('[data-status=read]')).waitFor();
    await a.waitForFunction(
      () =>
        [...document.querySelectorAll<HTMLImageElement>('#message-list [data-testid=image]')].every(
          (i) => i.complete && i.naturalWidth > 0,
        ),
      undefined,
      { timeout: 10_000 },
    );
    await a.waitForFunction(() => {
      const l = document.querySelector('#message-list')!;
      return l.scrollHeight - l.scrollTop - l.clientHeight < 2;
    });
    assert.ok(
      (await a.$eval('#message-list', (l) => l.scrollHeight - l.clientHeight)) > 200,
      'the chat is taller than its view',
    );

    await a.$eval('#message-list', (l) => (l.scrollTop = 0));
    await a.waitForFunction(() => document.querySelector('#message-list')!.scrollTop === 0);
    await say(b, 'Look down here');
    await theirs(a, 'Look down here').waitFor();
    await a.locator('[data-testid=new-messages]').click();
    await a.locator('[data-testid=new-messages]').waitFor({ state: 'hidden' });
    assert.ok((await distanceFromEnd(a)) < 2);
    await a.screenshot({ path: shotPath('desktop-chat.png') });
  });

  it('Auto goes back to WebSocket after an outage, saying so in the transport pill; switching transports loses and repeats nothing', async () => {
    assert.equal(await liveTransport(b), 'ws');
    ws.down = true;
    for (const route of ws.open) await route.close({ code: 1012, reason: 'restart' });
    await b.waitForSelector('#transport[data-state=sse][data-probe]', { timeout: 15_000 });
    assert.match(await b.locator('#transport-probe').innerText(), /WebSocket/);
    ws.down = false;
    await b.waitForSelector('#transport[data-state=ws]:not([data-probe])', { timeout: 15_000 });

    for (const [round, next] of ['longpoll', 'sse', 'ws'].entries()) {
      await b.selectOption('#transport-select', next);
      for (let i = 1; i <= 2; i++) await say(a, `burst ${round}.${i}`);
      await liveTransport(b, next);
      await theirs(b, `burst ${round}.2`).waitFor();
    }
    await b.selectOption('#transport-select', 'auto');
    const seen = await seqsOnScreen(b);
    assert.deepEqual(
      seen,
      Array.from({ length: seen.length }, (_, i) => i + 1),
      'bob holds every seq once, in order',
    );
    assert.deepEqual(await seqsOnScreen(a), seen, 'both sides hold the same messages');
  });

  it('a group: its member count in the header, renamed by its owner for everyone; a friend blocked and unblocked', async () => {
    await a.fill('#group-name', 'Weekend');
    await a.locator('#group-members input[type=checkbox]').first().check();
    await a.locator('#group-members input[type=checkbox]').nth(1).check();
    await a.click('#group-form button[type=submit]');
    await a.locator('#chat-subtitle', { hasText: '3 members' }).waitFor();
    await a.locator('#members summary').click();
    await a.locator('[data-testid=member]').nth(2).waitFor();
    await a.fill('#rename-input', 'Weekend trip');
    await a.click('#rename-form button[type=submit]');
    await a.locator('#chat-title', { hasText: 'Weekend trip' }).waitFor();
    await b.locator('[data-testid=conversation]', { hasText: '# Weekend trip' }).waitFor();
    await a.screenshot({ path: shotPath('desktop-group.png') });

    const friend = a.locator(`[data-testid=friend][data-user-id="${carol.id}"]`);
    await friend.locator('summary').click();
    await friend.locator('button[data-action=block]').click();
    await a.locator(`[data-testid=blocked][data-user-id="${carol.id}"] button[data-action=unblock]`).click();
    await a.locator('#blocked-section').waitFor({ state: 'hidden' });
  });

  it("a member added, one removed and one leaving, and a friend removed: the others' pages follow live, and the owner is told in words why she cannot leave", async () => {
    const ctxD = await browser.newContext({ viewport: DESKTOP });
    const d = await ctxD.newPage();
    watchErrors(d, errors, 'dave');
    await register(d, base, `dave${run}`, 'Dave');
    const [aliceId, bobId, daveId] = await Promise.all([idOf(a), idOf(b), idOf(d)]);
    await d.fill('#search-input', alice);
    await d.press('#search-input', 'Enter');
    await d.locator(`[data-testid=search-result][data-username="${alice}"] button[data-action=add]`).click();
    await a.locator(`[data-testid=incoming-request][data-user-id="${daveId}"] button[data-action=accept]`).click();
    await d.locator(`[data-testid=friend][data-user-id="${aliceId}"]`).waitFor();

    // Alice makes a group with Bob, then adds Dave from its panel; both see it.
    const club = (p: Page) => p.locator('[data-testid=conversation]', { hasText: '# Book club' });
    const member = (id: string) => a.locator(`#member-list [data-testid=member][data-user-id="${id}"]`);
    await a.fill('#group-name', 'Book club');
    await a.locator('#group-members label', { hasText: 'Bob' }).locator('input').check();
    await a.click('#group-form button[type=submit]');
    await a.locator('#chat-subtitle', { hasText: '2 members' }).waitFor();
    await club(b).click();
    await b.locator('#chat-subtitle', { hasText: '2 members' }).waitFor();
    await a.locator('#members summary').click();
    await a.locator('#add-members label', { hasText: 'Dave' }).locator('input').check();
    await a.click('#add-members-form button[type=submit]');
    await member(daveId).waitFor();
    await b.locator('#chat-subtitle', { hasText: '3 members' }).waitFor();
    await club(d).click();
    await d.locator('#chat-subtitle', { hasText: '3 members' }).waitFor();

    // Alice removes Dave: his open chat closes and the group leaves his list; Bob's header counts two.
    await member(daveId).locator('button[data-action=remove-member]').click();
    await member(daveId).waitFor({ state: 'detached' });
    await b.locator('#chat-subtitle', { hasText: '2 members' }).waitFor();
    await d.locator('#chat-pane').waitFor({ state: 'hidden' });
    await club(d).waitFor({ state: 'detached' });

    // The owner cannot leave while Bob is in it: the page says why, in the gateway's words.
    await a.click('#leave-group');
    await a.locator('#notice', { hasText: 'Could not leave' }).waitFor();
    assert.equal(
      await a.locator('#notice').innerText(),
      'Could not leave: the owner cannot leave a group that has other members',
    );
    await a.locator('#chat-title', { hasText: 'Book club' }).waitFor();
    // That refusal is the one failed request this test expects.
    const refusal = errors.findIndex((e) => e.startsWith('alice: 409 DELETE '));
    assert.ok(refusal >= 0, `the refusal was answered with 409: ${errors.join('; ')}`);
    errors.splice(refusal, 1);

    // Bob leaves: the group leaves his page; Alice's header and member list follow.
    await b.locator('#members summary').click();
    await b.click('#leave-group');
    await b.locator('#chat-pane').waitFor({ state: 'hidden' });
    await club(b).waitFor({ state: 'detached' });
    await a.locator('#chat-subtitle', { hasText: '1 member' }).waitFor();
    await member(bobId).waitFor({ state: 'detached' });
    await member(aliceId).waitFor();

    // Alice removes Dave as a friend: she is told; Dave's page drops her and offers to ask again.
    const daveRow = a.locator(`[data-testid=friend][data-user-id="${daveId}"]`);
    await daveRow.locator('summary').click();
    await daveRow.locator('button[data-action=unfriend]').click();
    await a.locator('#notice', { hasText: 'Dave is no longer your friend.' }).waitFor();
    await daveRow.waitFor({ state: 'detached' });
    assert.equal(await a.locator('#add-members label', { hasText: 'Dave' }).count(), 0, 'no longer offered');
    await d.locator(`[data-testid=friend][data-user-id="${aliceId}"]`).waitFor({ state: 'detached' });
    await d.locator('#friend-list', { hasText: 'No friends yet.' }).waitFor();
    await d.locator(`[data-testid=search-result][data-username="${alice}"] button[data-action=add]:enabled`).waitFor();

    // Bob goes back to his chat with Alice, which the phone views show.
    await b.locator(`[data-testid=friend][data-user-id="${aliceId}"] button[data-action=chat]`).click();
    await b.locator('#chat-subtitle', { hasText: 'online' }).waitFor();
    await ctxD.close();
  });

  it('screenshots of the phone views; the phone shows who is logged in and has 44 px tap targets; a clean console', async () => {
    await b.setViewportSize(PHONE);
    await b.screenshot({ path: shotPath('phone-chat.png') });
    assert.equal(await b.locator('#me').isVisible(), true, 'the account is shown on the phone');
    assert.deepEqual(await smallTargets(b), [], 'every visible control of the chat is at least 44 px tall and wide');
    await b.click('#chat-back');
    await b.screenshot({ path: shotPath('phone-chats.png') });
    assert.deepEqual(
      await smallTargets(b),
      [],
      'every visible control of the chat list is at least 44 px tall and wide',
    );
    assert.deepEqual(errors, [], 'no page errors, console errors or failed requests');
  });
});

/**
 * Visible controls smaller than 44 px either way (WCAG's target size). A checkbox counts by its label,
 * which is the target; the file input by the "Attach" label around it.
 */
function smallTargets(p: Page): Promise<string[]> {
  return p.$$eval('button, select, input, textarea, summary, label.check, label.attach', (els) =>
    els
      .filter((e) => {
        const r = e.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) return false;
        const input = e as HTMLInputElement;
        return !(e.tagName === 'INPUT' && (input.type === 'checkbox' || input.type === 'file'));
      })
      .filter((e) => {
        const r = e.getBoundingClientRect();
        return r.height < 44 || r.width < 44;
      })
      .map((e) => {
        const r = e.getBoundingClientRect();
        return `${e.tagName.toLowerCase()}#${e.id}.${e.className} "${(e.textContent ?? '').trim().slice(0, 20)}": ${Math.round(r.width)}×${Math.round(r.height)}`;
      }),
  );
}

/** The user id of the account logged in on a page. */
async function idOf(p: Page): Promise<string> {
  return p.evaluate(() => (JSON.parse(localStorage.getItem('im.session') ?? '{}') as { user: { id: string } }).user.id);
}
