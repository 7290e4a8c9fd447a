import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Broker } from '../../src/broker/broker.js';
import { brokers, uid, type BrokerFactory, type ConformanceOptions } from './kit.js';

/** The PresenceTracker contract (src/broker/presence.ts). */
export function presenceConformance(name: string, factory: BrokerFactory, opts: ConformanceOptions = {}): void {
  describe(`PresenceTracker contract: ${name}`, { skip: opts.skip ?? false, concurrency: true }, () => {
    const { shared } = brokers(factory);
    let b: Broker;
    before(() => {
      b = shared();
    });

    describe('presence', { concurrency: true }, () => {
      it('announces online on the first connection and offline after the last one settles', async () => {
        const u = uid('u');
        const now = Date.now();
        assert.deepEqual(await b.presence.get([u], now), [{ online: false, lastSeen: null }]);
        assert.equal(await b.presence.add(u, 'c1', 30_000, now), true, 'first connection');
        assert.equal(await b.presence.add(u, 'c2', 30_000, now), false, 'second connection');
        assert.equal(await b.presence.add(u, 'c1', 30_000, now + 1), false, 'renewal');
        await b.presence.remove(u, 'c1');
        assert.equal(await b.presence.settle(u, now + 2), false, 'a connection remains');
        assert.deepEqual(await b.presence.get([u], now + 2), [{ online: true, lastSeen: null }]);
        await b.presence.remove(u, 'c2');
        assert.equal(await b.presence.settle(u, now + 3), true, 'the last one left');
        assert.deepEqual(await b.presence.get([u], now + 3), [{ online: false, lastSeen: now + 3 }]);
        assert.equal(await b.presence.settle(u, now + 4), false, 'announced offline once');
        assert.equal(await b.presence.add(u, 'c3', 30_000, now + 5), true, 'back online');
        assert.deepEqual(await b.presence.get([u], now + 5), [{ online: true, lastSeen: now + 3 }]);
      });

      it('treats a connection not renewed within its ttl as gone', async () => {
        const u = uid('u');
        const now = Date.now();
        assert.equal(await b.presence.add(u, 'c1', 1000, now), true);
        assert.deepEqual(await b.presence.get([u], now + 999), [{ online: true, lastSeen: null }]);
        assert.deepEqual(await b.presence.get([u], now + 1000), [{ online: false, lastSeen: null }]);
        assert.equal(await b.presence.settle(u, now + 2000), true);
      });

      it('never announces offline a user who was not announced online', async () => {
        const u = uid('u');
        assert.equal(await b.presence.settle(u, Date.now()), false);
        await b.presence.remove(u, 'nope');
        assert.deepEqual(await b.presence.get([u], Date.now()), [{ online: false, lastSeen: null }]);
      });

      it('answers presenceGet for several users in order', async () => {
        const [u1, u2, u3] = [uid('u'), uid('u'), uid('u')];
        const now = Date.now();
        await b.presence.add(u2, 'c', 30_000, now);
        await b.presence.add(u3, 'c', 30_000, now);
        await b.presence.remove(u3, 'c');
        await b.presence.settle(u3, now + 7);
        assert.deepEqual(await b.presence.get([u1, u2, u3], now + 8), [
          { online: false, lastSeen: null },
          { online: true, lastSeen: null },
          { online: false, lastSeen: now + 7 },
        ]);
      });
    });
  });
}
