import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AccessCache } from '../src/services/access-cache.js';

describe('authorization facts while Postgres is away', () => {
  it('a stale entry answers within about 200 ms when the reload hangs or fails; a fresh one is never reloaded; no entry waits for the load', async () => {
    const cache = new AccessCache<string>(50, 10_000);
    assert.equal(await cache.get('k', async () => 'v1'), 'v1');
    let loads = 0;
    assert.equal(await cache.get('k', async () => (loads++, 'v2')), 'v1', 'fresh: not reloaded');
    assert.equal(loads, 0);
    await new Promise((r) => setTimeout(r, 60));
    const t0 = Date.now();
    assert.equal(
      await cache.get('k', () => new Promise<string>(() => {})),
      'v1',
      'stale, reload hanging: the stale value',
    );
    assert.ok(Date.now() - t0 < 1000);
    assert.equal(await cache.get('k', async () => 'v3'), 'v1', 'the hanging reload is still the one in flight');
    const other = new AccessCache<string>(50, 10_000);
    await other.get('k', async () => 'old');
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(
      await other.get('k', () => Promise.reject(new Error('down'))),
      'old',
      'stale, reload failing: the stale value',
    );
    assert.equal(await other.get('k', async () => 'new'), 'new', 'the next reload after a failure is made');
    await assert.rejects(
      new AccessCache<string>(50, 10_000).get('x', () => Promise.reject(new Error('down'))),
      /down/,
      'nothing cached: the error',
    );
    other.invalidate('k');
    assert.equal(await other.get('k', async () => 'after'), 'after');
  });
});
