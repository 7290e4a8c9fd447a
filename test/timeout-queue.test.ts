import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TimeoutQueue } from '../src/timeout-queue.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `cond` holds (checked every 10 ms), failing after 3 s. */
async function until(cond: () => boolean, what: string): Promise<void> {
  const end = performance.now() + 3000;
  while (!cond()) {
    if (performance.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('TimeoutQueue', () => {
  it('times items out in the order they were added, each no sooner than its duration; a deleted one never', async () => {
    const out: [string, number][] = [];
    const q = new TimeoutQueue<string>(120, (item) => out.push([item, performance.now()]));
    const tA = performance.now();
    q.add('a');
    await sleep(40);
    const tB = performance.now();
    q.add('b');
    q.add('c');
    assert.equal(q.delete('c'), true);
    assert.equal(q.delete('c'), false);
    await until(() => out.length === 2, 'a and b');
    await sleep(200);
    assert.deepEqual(
      out.map(([item]) => item),
      ['a', 'b'],
    );
    assert.ok(out[0]![1] - tA >= 119, `a after ${(out[0]![1] - tA).toFixed(0)} ms`);
    assert.ok(out[1]![1] - tB >= 119, `b after ${(out[1]![1] - tB).toFixed(0)} ms`);
  });

  it('adding an item again starts its time again, behind the others', async () => {
    const out: [string, number][] = [];
    const q = new TimeoutQueue<string>(100, (item) => out.push([item, performance.now()]));
    q.add('a');
    q.add('b');
    await sleep(60);
    const again = performance.now();
    q.add('a');
    await until(() => out.length === 2, 'both');
    assert.deepEqual(
      out.map(([item]) => item),
      ['b', 'a'],
    );
    assert.ok(out[1]![1] - again >= 99, `a ${(out[1]![1] - again).toFixed(0)} ms after it was added again`);
  });

  it('flush times everything out now; clear forgets everything; an item timed out may add another', async () => {
    const out: string[] = [];
    const q: TimeoutQueue<string> = new TimeoutQueue<string>(50, (item) => {
      out.push(item);
      if (item === 'again') q.add('later');
    });
    q.add('x');
    q.add('y');
    q.flush();
    assert.deepEqual(out, ['x', 'y']);
    q.add('z');
    q.clear();
    q.add('again');
    await until(() => out.length === 4, 'again and later');
    await sleep(100);
    assert.deepEqual(out, ['x', 'y', 'again', 'later']);
  });
});
