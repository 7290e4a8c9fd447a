import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Broker } from '../../src/broker/broker.js';
import { brokers, uid, sleep, type BrokerFactory, type ConformanceOptions } from './kit.js';

/** The Revocations contract (src/broker/revocations.ts). */
export function revocationsConformance(name: string, factory: BrokerFactory, opts: ConformanceOptions = {}): void {
  describe(`Revocations contract: ${name}`, { skip: opts.skip ?? false, concurrency: true }, () => {
    const { shared } = brokers(factory);
    let b: Broker;
    before(() => {
      b = shared();
    });

    describe('revocation', { concurrency: true }, () => {
      it('reports a revoked session as revoked, and only that session of that user', async () => {
        const [u, v] = [uid('u'), uid('u')];
        await b.revocations.revoke(u, 's1', 60);
        assert.equal(await b.revocations.isRevoked(u, 's1'), true);
        assert.equal(await b.revocations.isRevoked(u, 's2'), false);
        assert.equal(await b.revocations.isRevoked(v, 's1'), false);
      });

      it('forgets a revocation after its TTL', async () => {
        const u = uid('u');
        await b.revocations.revoke(u, 's1', 1);
        assert.equal(await b.revocations.isRevoked(u, 's1'), true);
        await sleep(1100);
        assert.equal(await b.revocations.isRevoked(u, 's1'), false);
      });
    });
  });
}
