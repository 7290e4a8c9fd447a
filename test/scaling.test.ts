import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/paths.js';
import {
  ASSUMPTIONS,
  project,
  readMeasured,
  renderSections,
  rewriteSections,
  type Assumptions,
} from '../bench/scaling.js';

/**
 * bench/scaling.ts on fixed benchmark results (test/fixtures/scaling/): the projection is a pure
 * function of them, its arithmetic is the documented one, and a missing result names its command.
 */

const FIXTURE = path.join(PROJECT_ROOT, 'test', 'fixtures', 'scaling');
const A: Assumptions = {
  ...ASSUMPTIONS,
  steps: [10_000, 1_000_000],
  messagesPerUserPerDay: 100,
  peakFactor: 10,
  transportMix: { ws: 0.6, sse: 0.3, longpoll: 0.1 },
  groupMessageShare: 0.2,
  meanGroupMembers: 20,
  groupOnlineShare: 0.1,
  inboxMaxLen: 10_000,
  inboxMaxAgeDays: 30,
};

describe('the scaling projection', () => {
  it('gives the same projection and the same tables for the same results', () => {
    const a = project(readMeasured(FIXTURE), A);
    const b = project(readMeasured(FIXTURE), A);
    assert.deepEqual(a, b);
    const m = readMeasured(FIXTURE);
    assert.deepEqual(renderSections(m, A, a), renderSections(m, A, b));
  });

  it('takes per-message CPU from the maximal-rate runs, without the inline writer, weighted by the transport mix', () => {
    const m = readMeasured(FIXTURE);
    assert.equal(m.writer.writerUs, 16); // 1,600 ms over 100,000 rows
    assert.equal(m.perMessage.ws.gateUs, 184); // 0.2 cores at 1,000 msg/s, less the writer's 16 µs
    const p = project(m, A);
    assert.ok(Math.abs(p.direct.gateUs - (0.6 * 184 + 0.3 * 284 + 0.1 * 384)) < 1e-9);
    assert.ok(Math.abs(p.direct.redisUs - (0.6 * 20 + 0.3 * 30 + 0.1 * 40)) < 1e-9);
    const top = p.steps[1]!;
    assert.equal(top.gate.processes, Math.max(2, top.gate.byCpu, top.gate.byMemory, top.gate.byConnections));
    // 0.2 of messages go to groups of 20 with 2 online: one extra delivery each, at the mixed gate cost.
    assert.ok(Math.abs(top.gate.cores - (top.peakMessagesPerSec * p.direct.gateUs * 1.2) / 1e6) < 1e-9);
  });

  it('prices a message to a group above the fan-out limit as one stream entry, from the group benchmark when run', () => {
    const m = readMeasured(FIXTURE);
    const direct = project(m, A).direct;
    const large = project(m, { ...A, largestGroup: 5000, groupFanoutLimit: 200 }).largestGroupMessage;
    assert.equal(large.onRead, true);
    assert.equal(large.appends, 1);
    assert.equal(large.redisMs, direct.redisUs / 1000, 'without a group result: about a direct message');
    const measured = {
      ...m,
      group: { members: 5000, online: 500, gateUsPerOnline: 50, largest: { members: 5000, redisUs: 400 } },
    };
    const fromBench = project(measured, { ...A, largestGroup: 5000, groupFanoutLimit: 200 }).largestGroupMessage;
    assert.equal(fromBench.redisMs, 0.4);
    assert.equal(fromBench.gateMs, (direct.gateUs + 499 * 50) / 1000);
    // At or below the limit every member's inbox gets an append, half a 1:1 message's Redis cost each.
    const small = project(measured, { ...A, largestGroup: 200, groupFanoutLimit: 200 }).largestGroupMessage;
    assert.equal(small.onRead, false);
    assert.equal(small.appends, 200);
    assert.ok(Math.abs(small.redisMs - (direct.redisUs + 198 * (direct.redisUs / 2)) / 1000) < 1e-9);
  });

  it('fills every marked section of the document and refuses a document without one', () => {
    const m = readMeasured(FIXTURE);
    const sections = renderSections(m, A, project(m, A));
    const doc = Object.keys(sections)
      .map((k) => `<!-- scaling:${k} -->\nold\n<!-- /scaling:${k} -->`)
      .join('\n');
    const out = rewriteSections(doc, sections);
    assert.ok(!out.includes('old'));
    for (const body of Object.values(sections)) assert.ok(out.includes(body));
    assert.throws(() => rewriteSections('no markers', sections), /scaling:/);
  });

  it('names the missing result file and the command that writes it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'scaling-'));
    try {
      cpSync(path.join(FIXTURE, '1to1.json'), path.join(dir, '1to1.json'));
      cpSync(path.join(FIXTURE, 'idle.json'), path.join(dir, 'idle.json'));
      assert.throws(() => readMeasured(dir), /writer\.json \(`npm run bench -- writer --quick`\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
