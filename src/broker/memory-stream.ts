import { randomBytes } from 'node:crypto';
import type { DurableEvent } from '../events.js';
import type { ReadResult } from './inbox.js';

/** A stream position, as in Redis: `<ms>-<n>`. */
export interface StreamId {
  ms: number;
  n: number;
}

export const ZERO_ID: StreamId = { ms: 0, n: 0 };

/** The id after `last` at time `now`: strictly increasing even when the clock goes backwards. */
export function nextId(last: StreamId, now: number): StreamId {
  return now > last.ms ? { ms: now, n: 0 } : { ms: last.ms, n: last.n + 1 };
}

export function compareId(a: StreamId, b: StreamId): number {
  return a.ms !== b.ms ? a.ms - b.ms : a.n - b.n;
}

export const idString = (id: StreamId): string => `${id.ms}-${id.n}`;

/** Fresh epochs are random: a lost inbox can never come back under an epoch a client still holds. */
export const freshEpoch = (): string => randomBytes(6).toString('hex');

interface InboxEntry {
  id: StreamId;
  json: string;
}

/**
 * One user's inbox: an append-only list trimmed from the front by length and by age. It remembers the
 * greatest id it ever trimmed, so a cursor at or after it is still exact and one before it is expired.
 */
export class InboxStream {
  readonly epoch = freshEpoch();
  /** Live entries are `entries[start..]`; the prefix is trimmed and compacted away now and then. */
  private entries: InboxEntry[] = [];
  private start = 0;
  private last: StreamId = ZERO_ID;
  private maxDeleted: StreamId = ZERO_ID;

  constructor(
    private readonly maxLen: number,
    private readonly maxAgeMs: number,
  ) {}

  get head(): string {
    return this.cursorOf(this.last);
  }

  private cursorOf(id: StreamId): string {
    return `${this.epoch}-${idString(id)}`;
  }

  /** Appends one event (as JSON) and returns its cursor. */
  append(json: string, now: number): string {
    this.last = nextId(this.last, now);
    this.entries.push({ id: this.last, json });
    this.trim(now);
    return this.head;
  }

  private trim(now: number): void {
    const minMs = Math.max(0, now - this.maxAgeMs);
    const end = this.entries.length;
    let cut = this.start;
    while (cut < end && (end - cut > this.maxLen || this.entries[cut]!.id.ms < minMs)) cut++;
    if (cut === this.start) return;
    this.maxDeleted = this.entries[cut - 1]!.id;
    this.start = cut;
    if (this.start > 64 && this.start * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.start);
      this.start = 0;
    }
  }

  /** Events after position `after` (null: just the head), or `expired` with the head. */
  read(after: { epoch: string; ms: number; n: number } | null, limit: number): ReadResult {
    if (after === null) return { kind: 'events', events: [], cursor: this.head };
    const at: StreamId = { ms: after.ms, n: after.n };
    if (after.epoch !== this.epoch || compareId(at, this.maxDeleted) < 0 || compareId(at, this.last) > 0) {
      return { kind: 'expired', head: this.head };
    }
    let lo = this.start;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareId(this.entries[mid]!.id, at) <= 0) lo = mid + 1;
      else hi = mid;
    }
    const slice = this.entries.slice(lo, lo + Math.max(0, limit));
    const events = slice.map((e) => ({ ...(JSON.parse(e.json) as DurableEvent), cursor: this.cursorOf(e.id) }));
    // With nothing returned the reader stays where it is (the head when it is caught up).
    const cursor = events.length ? events[events.length - 1]!.cursor : this.cursorOf(at);
    return { kind: 'events', events, cursor };
  }
}
