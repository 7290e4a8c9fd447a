import type { MemoryLife } from './memory-life.js';
import {
  sendInSteps,
  type MessageSend,
  type SendOutcome,
  type SendParts,
  type Sequenced,
  type Sequencer,
} from './sequencer.js';

/** How often expired dedup records are dropped. */
const SWEEP_MS = 60_000;

/**
 * Sequencing in this process's memory: counters and dedup records in maps, and `send` as its steps
 * (each synchronous, so as atomic as the Redis script). Implements Sequencer.
 */
export class MemorySequencer implements Sequencer {
  private readonly counters = new Map<string, number>();
  /** Dedup records by conversation, device and clientMsgId: the first answer and when it expires (ms). */
  private readonly dedup = new Map<string, { seq: number; createdAt: number; expires: number }>();
  private readonly parts: SendParts;

  constructor(
    private readonly life: MemoryLife,
    private readonly dedupTtlSec: number,
    parts: Omit<SendParts, 'sequencer'>,
  ) {
    this.parts = { ...parts, sequencer: this };
    const sweeper = setInterval(() => this.sweep(Date.now()), SWEEP_MS);
    sweeper.unref();
    life.onClose(() => clearInterval(sweeper));
  }

  async sequence(
    conversationId: string,
    deviceId: string,
    clientMsgId: string,
    now: number,
  ): Promise<Sequenced | null> {
    this.life.check();
    const key = `${conversationId}\u0000${deviceId}\u0000${clientMsgId}`;
    const wall = Date.now();
    const seen = this.dedup.get(key);
    if (seen && seen.expires > wall) return { seq: seen.seq, createdAt: seen.createdAt, fresh: false };
    const last = this.counters.get(conversationId);
    if (last === undefined) return null;
    const seq = last + 1;
    this.counters.set(conversationId, seq);
    this.dedup.set(key, { seq, createdAt: now, expires: wall + this.dedupTtlSec * 1000 });
    return { seq, createdAt: now, fresh: true };
  }

  /** As `last`, synchronously (the memory group streams' join). */
  lastSync(conversationId: string): number | null {
    return this.counters.get(conversationId) ?? null;
  }

  async last(conversationId: string): Promise<number | null> {
    this.life.check();
    return this.counters.get(conversationId) ?? null;
  }

  async seed(conversationId: string, lastSeq: number): Promise<void> {
    this.life.check();
    if (!this.counters.has(conversationId)) this.counters.set(conversationId, lastSeq);
  }

  async send(send: MessageSend): Promise<SendOutcome> {
    return sendInSteps(this.parts, send);
  }

  private sweep(now: number): void {
    for (const [k, d] of this.dedup) if (d.expires <= now) this.dedup.delete(k);
  }
}
