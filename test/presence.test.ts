import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { postgresAvailable, redisAvailable } from './helpers/stores.js';
import { startGates, type Cluster } from './helpers/gate.js';
import { befriend, call, eventually, login, newUser, type TestUser } from './helpers/http.js';
import { JsonWs, ProtoWs, SseClient, disposeClients } from './helpers/ws.js';

const skip = !((await postgresAvailable()) && (await redisAvailable()));

/** A presence settle a gate made once a grace period was over, and whether it found the user gone. */
interface Settle {
  userId: string;
  gone: boolean;
}

/**
 * Records every presence settle the gates' brokers make (still against the real Redis): the end of
 * a grace period is an event a test can wait for, instead of sleeping past it.
 */
function recordSettles(c: Cluster): Settle[] {
  const settles: Settle[] = [];
  for (const broker of c.brokers) {
    const presence = broker.presence;
    const settle = presence.settle.bind(presence);
    presence.settle = async (userId, now) => {
      const gone = await settle(userId, now);
      settles.push({ userId, gone });
      return gone;
    };
  }
  return settles;
}

describe('presence', { skip }, () => {
  let c: Cluster;
  let g0: string;
  let g1: string;
  let settles: Settle[];
  before(async () => {
    c = await startGates(2, { env: { PRESENCE_GRACE_MS: '200' } });
    [g0, g1] = c.urls as [string, string];
    settles = recordSettles(c);
  });
  const settledFor = (userId: string) =>
    eventually(async () => settles.find((x) => x.userId === userId), 3000, 'the grace period to be settled');
  after(async () => {
    disposeClients();
    await c?.stop();
  });

  async function pair(): Promise<[TestUser, TestUser]> {
    const a = await newUser(g0, 'pra');
    const b = await newUser(g0, 'prb');
    await befriend(g0, a, b);
    return [a, b];
  }

  const friendState = async (viewer: TestUser, id: string) =>
    (
      (await call(g1, 'GET', '/v1/friends', { token: viewer.token })).body.friends as Array<{
        user: { id: string };
        online: boolean;
        lastSeen: number | null;
      }>
    ).find((f) => f.user.id === id)!;

  it('a friend hears online when the first device connects and offline once the last one has left for the grace period', async () => {
    const [a, b] = await pair();
    const watcher = new JsonWs(g1);
    await watcher.login(b.token);
    const presence = () => watcher.events().filter((e) => e.type === 'presence' && e.data.userId === a.id);

    const phone = new ProtoWs(g0);
    await phone.login(a.token);
    const online = await watcher.event((e) => e.type === 'presence' && e.data.userId === a.id);
    assert.equal(online.data.online, true);
    assert.equal(typeof online.data.at, 'number');
    assert.equal(online.cursor, undefined);
    assert.equal((await friendState(b, a.id)).online, true);

    const laptop = await login(g1, a.username, { deviceId: 'pr-laptop' });
    const sse = new SseClient(g1, laptop.token);
    await sse.ready();
    await phone.close();
    const phoneLeft = await settledFor(a.id);
    assert.equal(phoneLeft.gone, false, 'the grace period ended with a device left');
    assert.deepEqual(
      presence().map((e) => e.data.online),
      [true],
      'no second online, no offline while a device is left',
    );

    sse.close();
    const t0 = Date.now();
    const offline = await watcher.event(
      (e) => e.type === 'presence' && e.data.userId === a.id && e.data.online === false,
      3000,
    );
    assert.ok(Date.now() - t0 >= 150, 'not before the grace period');
    assert.ok(offline.data.at >= t0 - 50);
    assert.deepEqual(
      presence().map((e) => e.data.online),
      [true, false],
      'one online, one offline: none for the phone that left first',
    );
    const state = await friendState(b, a.id);
    assert.equal(state.online, false);
    assert.ok(state.lastSeen !== null && state.lastSeen >= t0 - 1000);
    await watcher.close();
  });

  it('a reconnect within the grace period, even to another gate, is not announced', async () => {
    const [a, b] = await pair();
    const watcher = new SseClient(g0, b.token);
    await watcher.ready();
    const first = new JsonWs(g0);
    await first.login(a.token);
    await watcher.inbox.find((x) => x.type === 'presence' && x.data.data.online === true);
    await first.close();
    const second = new JsonWs(g1);
    await second.login(a.token);
    const firstLeft = await settledFor(a.id);
    assert.equal(firstLeft.gone, false, 'the grace period ended with the reconnected device there');
    const onOff = () => watcher.inbox.items.filter((x) => x.type === 'presence').map((x) => x.data.data.online);
    assert.deepEqual(onOff(), [true]);
    await second.close();
    await watcher.inbox.find((x) => x.type === 'presence' && x.data.data.online === false, 3000);
    assert.deepEqual(onOff(), [true, false], 'nothing announced for the reconnect');
    watcher.close();
  });

  it('a protobuf client hears a friend’s presence as ClientStatus', async () => {
    const [a, b] = await pair();
    const watcher = new ProtoWs(g0);
    await watcher.login(b.token);
    const sse = new SseClient(g1, a.token);
    await sse.ready();
    const f = await watcher.inbox.find((x) => x.body === 'event' && !!x.event.status);
    assert.equal(f.event!.status!.userId, a.id);
    assert.equal(f.event!.status!.status, true);
    assert.equal(f.event!.cursor, '');
    sse.close();
    const off = await watcher.inbox.find((x) => x.body === 'event' && x.event.status?.status === false, 3000);
    assert.equal(off.event!.status!.userId, a.id);
    await watcher.close();
  });

  it('a device that long-polls counts as online while it polls, and goes offline once it stops', async () => {
    const [a, b] = await pair();
    const watcher = new JsonWs(g1);
    await watcher.login(b.token);
    const head = (await call(g0, 'GET', '/v1/sync', { token: a.token })).body.cursor as string;
    // Polls that time out at once, one after another, as a client's loop does.
    let polling = true;
    const loop = (async () => {
      while (polling)
        await call(g0, 'GET', `/v1/sync?cursor=${encodeURIComponent(head)}&timeout=0`, { token: a.token });
    })();
    const online = await watcher.event((e) => e.type === 'presence' && e.data.userId === a.id);
    assert.equal(online.data.online, true);
    assert.equal((await friendState(b, a.id)).online, true);
    const sessions = (await call(g1, 'GET', '/v1/me/sessions', { token: a.token })).body.sessions as Array<{
      online: boolean;
    }>;
    assert.ok(
      sessions.some((s) => s.online),
      'the polling device is online in its sessions',
    );

    polling = false;
    await loop;
    const offline = await watcher.event((e) => e.type === 'presence' && e.data.userId === a.id && !e.data.online, 8000);
    assert.equal(offline.data.online, false);
    assert.equal((await friendState(b, a.id)).online, false);
  });
});
