/** Latency samples (ms) and their percentiles. */
export class Samples {
  private values: number[] = [];
  private sorted = true;

  add(v: number): void {
    this.values.push(v);
    this.sorted = false;
  }

  get count(): number {
    return this.values.length;
  }

  /** The p-th percentile (0..100), nearest-rank; NaN when empty. */
  pct(p: number): number {
    if (this.values.length === 0) return NaN;
    if (!this.sorted) {
      this.values.sort((a, b) => a - b);
      this.sorted = true;
    }
    const rank = Math.min(this.values.length - 1, Math.max(0, Math.ceil((p / 100) * this.values.length) - 1));
    return this.values[rank]!;
  }

  max(): number {
    return this.pct(100);
  }

  mean(): number {
    if (this.values.length === 0) return NaN;
    return this.values.reduce((a, b) => a + b, 0) / this.values.length;
  }

  summary(): { count: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number; meanMs: number } {
    return {
      count: this.count,
      p50Ms: round(this.pct(50)),
      p95Ms: round(this.pct(95)),
      p99Ms: round(this.pct(99)),
      maxMs: round(this.max()),
      meanMs: round(this.mean()),
    };
  }
}

export function round(v: number, digits = 2): number {
  if (!Number.isFinite(v)) return v;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits until `check` is true or `ms` pass; returns whether it became true. */
export async function waitFor(check: () => boolean | Promise<boolean>, ms: number, stepMs = 20): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(stepMs);
  }
}

/** Runs `fn` over `items` with at most `limit` at once. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      out[i] = await fn(items[i]!, i);
    }
  });
  await Promise.all(workers);
  return out;
}

/** Event-loop lag of this process: how late a 10 ms timer fires, sampled while running. */
export class LoopLag {
  private readonly s = new Samples();
  private timer: NodeJS.Timeout | undefined;
  private last = 0;

  start(): this {
    this.last = performance.now();
    this.timer = setInterval(() => {
      const now = performance.now();
      this.s.add(Math.max(0, now - this.last - 10));
      this.last = now;
    }, 10);
    return this;
  }

  stop(): { p50Ms: number; p99Ms: number; maxMs: number } {
    clearInterval(this.timer);
    return { p50Ms: round(this.s.pct(50)), p99Ms: round(this.s.pct(99)), maxMs: round(this.s.max()) };
  }
}
