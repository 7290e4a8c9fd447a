import { progress, progressDone, fmt } from './report.js';
import { LoopLag, Samples, round, sleep, waitFor } from './stats.js';

/**
 * One side of a 1:1 conversation as the workload sees it, whatever the system under test:
 * `send` resolves when the server acknowledged the message, `onMessage` hears the peer's messages.
 */
export interface Endpoint {
  send(content: string): Promise<void>;
  onMessage(cb: (content: string) => void): void;
}

export interface WorkloadOptions {
  label: string;
  /** By default pairs: endpoint 2i talks to 2i+1 and back, and every endpoint sends. */
  endpoints: Endpoint[];
  /** The endpoints that send (default: all). */
  senders?: number[];
  /**
   * The endpoint that must receive what endpoint `i` sends (default: its pair partner, i ^ 1). Only
   * that endpoint hearing the message counts as a delivery: a sender hearing its own message back
   * (its stream gets what it sent with POST /v1/messages) does not.
   */
  recipientOf?: (i: number) => number;
  /** `max`: each endpoint keeps `window` sends in flight; `rate`: `rate` msgs/s in all, open loop. */
  mode: 'max' | 'rate';
  rate?: number;
  window: number;
  warmupMs: number;
  durationMs: number;
  /** After sending stops: how long to wait for the last deliveries. */
  drainMs: number;
  contentBytes?: number;
  /** A rate-mode endpoint with this many sends in flight skips its turn (counted), so a stall cannot grow without bound. */
  maxInflightPerEndpoint?: number;
  /** Called when the measured window opens and closes (CPU meters, profilers). */
  onWindowStart?: () => void | Promise<void>;
  onWindowEnd?: () => void | Promise<void>;
}

export interface WorkloadResult {
  label: string;
  mode: 'max' | 'rate';
  targetRate: number | null;
  endpoints: number;
  pairs: number;
  window: number;
  measuredSeconds: number;
  /** Messages delivered to their recipient inside the measured window, per second. */
  msgsPerSec: number;
  /** Acknowledged sends inside the measured window, per second. */
  acksPerSec: number;
  latency: ReturnType<Samples['summary']>;
  ackLatency: ReturnType<Samples['summary']>;
  totals: {
    sent: number;
    acked: number;
    delivered: number;
    sendErrors: number;
    lost: number;
    duplicates: number;
    /** Copies of a message heard by an endpoint other than its recipient (the sender's own stream); not deliveries. */
    echoes: number;
    skippedTurns: number;
  };
  generatorLoopLag: { p50Ms: number; p99Ms: number; maxMs: number };
  firstError?: string;
}

/**
 * Drives the 1:1 workload: every message carries its send time (this process's clock, which both
 * ends share), so the receiver measures send-to-receive latency directly. Warm-up traffic is not
 * counted; only deliveries inside the measured window are.
 */
export async function runWorkload(o: WorkloadOptions): Promise<WorkloadResult> {
  const n = o.endpoints.length;
  const recipientOf = o.recipientOf ?? ((i: number) => i ^ 1);
  const senders = o.senders ?? o.endpoints.map((_, i) => i);
  const pad = 'x'.repeat(o.contentBytes ?? 100);
  const latency = new Samples();
  const ackLatency = new Samples();
  const acked = new Set<string>();
  const received = new Map<string, number>();
  let sent = 0;
  let sendErrors = 0;
  let skippedTurns = 0;
  let firstError: string | undefined;
  let inWindowDelivered = 0;
  let inWindowAcked = 0;
  let totalDelivered = 0;
  let echoes = 0;
  const inflight = new Array<number>(n).fill(0);
  const counters = new Array<number>(n).fill(0);

  let windowStart = Infinity;
  let windowEnd = Infinity;
  const inWindow = (t: number) => t >= windowStart && t < windowEnd;

  o.endpoints.forEach((ep, j) => {
    ep.onMessage((content) => {
      const now = performance.now();
      const bar = content.indexOf('|');
      const bar2 = content.indexOf('|', bar + 1);
      if (bar < 0 || bar2 < 0) return;
      const id = content.slice(0, bar);
      if (recipientOf(Number(id.slice(0, id.indexOf('.')))) !== j) {
        echoes++;
        return;
      }
      const t0 = Number(content.slice(bar + 1, bar2));
      const seen = received.get(id) ?? 0;
      received.set(id, seen + 1);
      if (seen > 0) return;
      totalDelivered++;
      if (inWindow(now)) {
        inWindowDelivered++;
        latency.add(now - t0);
      }
    });
  });

  const sendOne = (i: number): Promise<void> => {
    const k = counters[i]!++;
    const id = `${i}.${k}`;
    const t0 = performance.now();
    const content = `${id}|${t0.toFixed(3)}|${pad}`.slice(0, Math.max(32, o.contentBytes ?? 100));
    sent++;
    inflight[i]!++;
    return o.endpoints[i]!.send(content).then(
      () => {
        inflight[i]!--;
        acked.add(id);
        const now = performance.now();
        if (inWindow(now)) {
          inWindowAcked++;
          ackLatency.add(now - t0);
        }
      },
      (err: unknown) => {
        inflight[i]!--;
        sendErrors++;
        firstError ??= err instanceof Error ? err.message : String(err);
      },
    );
  };

  let running = true;
  const started = performance.now();
  const lag = new LoopLag().start();
  // The measured window is the meters' window: it opens once onWindowStart has finished (a CPU meter
  // that starts late on a busy machine must not cover a shorter span than the deliveries counted)
  // and closes, by the clock, when onWindowEnd is called.
  const measuredWindow = (async () => {
    await sleep(o.warmupMs);
    await o.onWindowStart?.();
    windowStart = performance.now();
    windowEnd = windowStart + o.durationMs;
    await sleep(o.durationMs);
    windowEnd = performance.now();
    await o.onWindowEnd?.();
  })();

  const ticker = setInterval(() => {
    const t = (performance.now() - started) / 1000;
    const inFlight = inflight.reduce((a, b) => a + b, 0);
    const measured = Math.max(0, Math.min(performance.now(), windowEnd) - windowStart) / 1000;
    progress(
      `[${o.label}] ${fmt(t, 0)} s  sent ${fmt(sent, 0)}  delivered ${fmt(totalDelivered, 0)}  ` +
        `${measured > 0 ? `${fmt(inWindowDelivered / measured, 0)} msg/s` : 'warming up'}  in flight ${inFlight}${sendErrors ? `  errors ${sendErrors}` : ''}`,
    );
  }, 2000);

  let loops: Promise<void>[] = [];
  let rateTimer: NodeJS.Timeout | undefined;
  if (o.mode === 'max') {
    loops = senders.flatMap((i) =>
      Array.from({ length: o.window }, async () => {
        while (running) {
          const before = sendErrors;
          await sendOne(i);
          if (sendErrors > before) await sleep(50);
        }
      }),
    );
  } else {
    const rate = o.rate ?? 100;
    const cap = o.maxInflightPerEndpoint ?? 1000;
    let issued = 0;
    let rr = 0;
    rateTimer = setInterval(() => {
      const due = Math.floor((rate * (performance.now() - started)) / 1000) - issued;
      for (let k = 0; k < due; k++) {
        issued++;
        const i = senders[rr++ % senders.length]!;
        if (inflight[i]! >= cap) {
          skippedTurns++;
          continue;
        }
        void sendOne(i);
      }
    }, 2);
  }

  await measuredWindow;
  running = false;
  clearInterval(rateTimer);
  await Promise.race([Promise.all(loops), sleep(o.drainMs)]);
  await waitFor(() => inflight.every((x) => x === 0), o.drainMs);
  await waitFor(() => [...acked].every((id) => received.has(id)), o.drainMs, 50);
  clearInterval(ticker);
  const loopLag = lag.stop();
  progressDone();

  let lost = 0;
  for (const id of acked) if (!received.has(id)) lost++;
  let duplicates = 0;
  for (const c of received.values()) if (c > 1) duplicates += c - 1;
  const seconds = (windowEnd - windowStart) / 1000;
  return {
    label: o.label,
    mode: o.mode,
    targetRate: o.mode === 'rate' ? (o.rate ?? null) : null,
    endpoints: n,
    pairs: o.senders ? senders.length : n / 2,
    window: o.window,
    measuredSeconds: round(seconds, 3),
    msgsPerSec: round(inWindowDelivered / seconds, 0),
    acksPerSec: round(inWindowAcked / seconds, 0),
    latency: latency.summary(),
    ackLatency: ackLatency.summary(),
    totals: { sent, acked: acked.size, delivered: totalDelivered, sendErrors, lost, duplicates, echoes, skippedTurns },
    generatorLoopLag: loopLag,
    ...(firstError ? { firstError } : {}),
  };
}
