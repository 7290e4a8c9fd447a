import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Broker } from '../../src/broker/broker.js';
import { parseBusMessage, type BusMessage } from '../../src/broker/bus.js';
import { brokers, uid, waitFor, type BrokerFactory, type ConformanceOptions } from './kit.js';

/** The GateBus contract (src/broker/bus.ts): every subscriber hears what is published after it subscribed. */
export function busConformance(name: string, factory: BrokerFactory, opts: ConformanceOptions = {}): void {
  describe(`GateBus contract: ${name}`, { skip: opts.skip ?? false, concurrency: true }, () => {
    const { shared } = brokers(factory);
    let b: Broker;
    before(() => {
      b = shared();
    });

    it('tells a subscriber it is live before subscribe resolves, then delivers every message to every subscriber in order', async () => {
      const heard: [BusMessage[], BusMessage[]] = [[], []];
      let live = 0;
      const subs = await Promise.all(
        heard.map((into) =>
          b.bus.subscribe(
            (m) => into.push(m),
            () => live++,
          ),
        ),
      );
      assert.equal(live, 2, 'each subscriber was told it is live');
      const sent: BusMessage[] = [
        { kind: 'revoked', sessionId: uid('s'), until: 123 },
        { kind: 'pair', a: uid('a'), b: uid('b') },
        { kind: 'group', groupId: uid('g') },
      ];
      for (const m of sent) await b.bus.publish(m);
      const mine = (ms: BusMessage[]) => ms.filter((m) => sent.some((s) => JSON.stringify(s) === JSON.stringify(m)));
      await waitFor(() => heard.every((h) => mine(h).length === 3), 'both subscribers heard all three');
      for (const h of heard) assert.deepEqual(mine(h), sent);
      for (const s of subs) s.unsubscribe();
    });

    it('stops delivering to a subscriber once it unsubscribes', async () => {
      const gone: BusMessage[] = [];
      const kept: BusMessage[] = [];
      const s1 = await b.bus.subscribe(
        (m) => gone.push(m),
        () => {},
      );
      const s2 = await b.bus.subscribe(
        (m) => kept.push(m),
        () => {},
      );
      s1.unsubscribe();
      const m: BusMessage = { kind: 'group', groupId: uid('g') };
      await b.bus.publish(m);
      await waitFor(() => kept.some((x) => JSON.stringify(x) === JSON.stringify(m)), 'the remaining subscriber');
      assert.ok(!gone.some((x) => JSON.stringify(x) === JSON.stringify(m)));
      s2.unsubscribe();
    });

    it('reads only well-formed messages off the wire', () => {
      assert.deepEqual(parseBusMessage('{"kind":"pair","a":"x","b":"y"}'), { kind: 'pair', a: 'x', b: 'y' });
      for (const bad of ['', 'nope', '{"kind":"revoked","sessionId":1,"until":2}', '{"kind":"other"}', '[]', 'null']) {
        assert.equal(parseBusMessage(bad), null, bad);
      }
    });
  });
}
