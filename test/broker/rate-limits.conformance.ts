import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Broker } from '../../src/broker/broker.js';
import { brokers, uid, type BrokerFactory, type ConformanceOptions } from './kit.js';

/** The RateLimits contract (src/broker/rate-limits.ts) and the broker's liveness. */
export function rateLimitsConformance(name: string, factory: BrokerFactory, opts: ConformanceOptions = {}): void {
  describe(`RateLimits contract: ${name}`, { skip: opts.skip ?? false, concurrency: true }, () => {
    const { shared, make } = brokers(factory);
    let b: Broker;
    before(() => {
      b = shared();
    });

    describe('rate limits and liveness', { concurrency: true }, () => {
      it('allows limit points per window, then answers the wait in ms', async () => {
        const key = uid('k');
        for (let i = 0; i < 3; i++) assert.equal(await b.rateLimits.consume(key, 3, 10), 0);
        const wait = await b.rateLimits.consume(key, 3, 10);
        assert.ok(wait > 0 && wait <= 10_000, `wait ${wait}`);
        assert.equal(await b.rateLimits.consume(uid('k'), 3, 10), 0, 'other keys have their own counter');
      });

      it('takes several points at once', async () => {
        const key = uid('k');
        assert.equal(await b.rateLimits.consume(key, 5, 10, 5), 0);
        assert.ok((await b.rateLimits.consume(key, 5, 10, 1)) > 0);
      });

      it('answers ping while open and rejects it once closed', async () => {
        const t = await make();
        await t.ping();
        await t.close();
        await assert.rejects(t.ping());
      });
    });
  });
}
