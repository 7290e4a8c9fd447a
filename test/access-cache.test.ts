import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AccessCache } from '../src/services/access-cache.js';

describe('authorization facts while Postgres is away', () => {
  // The cache's wait is a timer: mocked timers show exactly when a stale entry answers, with no
  // wall-clock margin for a loaded machine to break.
  const settle = () => new Promise((r) => setImmediate(r));

  it('a stale entry answers after 200 ms (not before) when the reload hangs, at once when it fails; a fresh one is never reloaded; no entry waits for the load', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    let now = 1_000_000;
    const cache = new AccessCache<string>(50, 10_000);
    assert.equal(await cache.get('k', async () => 'v1', now), 'v1');
    let loads = 0;
    assert.equal(await cache.get('k', async () => (loads++, 'v2'), now + 49), 'v1', 'fresh: not reloaded');
    assert.equal(loads, 0);

    now += 60;
    let answer: string | undefined;
    void cache.get('k', () => new Promise<string>(() => {}), now).then((v) => (answer = v));
    await settle();
    t.mock.timers.tick(199);
    await settle();
    assert.equal(answer, undefined, 'stale, reload hanging: still waiting for it at 199 ms');
    t.mock.timers.tick(1);
    await settle();
    assert.equal(answer, 'v1', 'stale, reload hanging: the stale value at 200 ms');
    assert.equal(await cache.get('k', async () => 'v3', now), 'v1', 'the hanging reload is still the one in flight');

    const other = new AccessCache<string>(50, 10_000);
    await other.get('k', async () => 'old', now);
    let failed: string | undefined;
    void other.get('k', () => Promise.reject(new Error('down')), now + 60).then((v) => (failed = v));
    await settle();
    assert.equal(failed, 'old', 'stale, reload failing: the stale value, with no wait');
    assert.equal(await other.get('k', async () => 'new', now + 60), 'new', 'the next reload after a failure is made');
    await assert.rejects(
      new AccessCache<string>(50, 10_000).get('x', () => Promise.reject(new Error('down')), now),
      /down/,
      'nothing cached: the error',
    );
    other.invalidate('k');
    assert.equal(await other.get('k', async () => 'after', now + 60), 'after');
  });
});
