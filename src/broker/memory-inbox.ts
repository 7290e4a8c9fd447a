import type { DurableEvent, EphemeralEvent } from '../events.js';
import {
  cursorPosition,
  type EphemeralNotice,
  type InboxLimits,
  type Inboxes,
  type KickNotice,
  type Notice,
  type NoticeListener,
  type ReadResult,
  type Subscription,
} from './inbox.js';
import type { Faults } from './faults.js';
import { InboxStream } from './memory-stream.js';
import type { MemoryLife } from './memory-life.js';

/**
 * Inboxes in this process's memory, with the semantics of the Redis ones. Each call runs
 * synchronously, which makes an append and its notices atomic exactly where a Lua script is in
 * Redis. Lost with the process: inboxes then come back with a new epoch. Implements Inboxes.
 */
export class MemoryInboxes implements Inboxes {
  private readonly inboxes = new Map<string, InboxStream>();
  private readonly listeners = new Map<string, Set<NoticeListener>>();
  /** Notices not yet delivered; a listener that appends while being notified queues behind, keeping order. */
  private readonly outbox: Array<{ userId: string; notice: Notice }> = [];
  private delivering = false;

  constructor(
    private readonly life: MemoryLife,
    private readonly limits: InboxLimits,
    private readonly faults: Faults,
  ) {
    life.onClose(() => this.listeners.clear());
  }

  private inbox(userId: string): InboxStream {
    let box = this.inboxes.get(userId);
    if (!box) {
      box = new InboxStream(this.limits.inboxMaxLen, this.limits.inboxMaxAgeMs);
      this.inboxes.set(userId, box);
    }
    return box;
  }

  async append(event: DurableEvent, userIds: readonly string[]): Promise<string[]> {
    this.life.check();
    const json = JSON.stringify(event);
    const now = Date.now();
    return userIds.map((u) => {
      const cursor = this.inbox(u).append(json, now);
      if (this.listeners.has(u)) {
        this.notify(u, { kind: 'event', event: { ...(JSON.parse(json) as DurableEvent), cursor } });
      }
      return cursor;
    });
  }

  async read(userId: string, after: string | null, limit: number): Promise<ReadResult> {
    this.life.check();
    const pos = after === null ? null : cursorPosition(after);
    if (after !== null && !pos) throw new Error('malformed cursor');
    return this.inbox(userId).read(pos, limit);
  }

  async head(userId: string): Promise<string> {
    this.life.check();
    return this.inbox(userId).head;
  }

  async subscribe(userId: string, listener: NoticeListener): Promise<Subscription> {
    this.life.check();
    let set = this.listeners.get(userId);
    if (!set) {
      set = new Set();
      this.listeners.set(userId, set);
    }
    set.add(listener);
    return {
      unsubscribe: () => {
        const s = this.listeners.get(userId);
        if (s && s.delete(listener) && s.size === 0) this.listeners.delete(userId);
      },
    };
  }

  async publish(userIds: readonly string[], notice: EphemeralNotice | KickNotice): Promise<void> {
    this.life.check();
    const json = notice.kind === 'ephemeral' ? JSON.stringify(notice.event) : '';
    for (const u of userIds) {
      if (!this.listeners.has(u)) continue;
      this.notify(
        u,
        notice.kind === 'kick'
          ? { kind: 'kick', sessionId: notice.sessionId }
          : { kind: 'ephemeral', event: JSON.parse(json) as EphemeralEvent },
      );
    }
  }

  /**
   * Delivers notices synchronously and in order. A throwing listener disturbs neither the caller
   * (the append has happened regardless) nor other listeners; its failure goes to the fault watchers.
   */
  private notify(userId: string, notice: Notice): void {
    this.outbox.push({ userId, notice });
    if (this.delivering) return;
    this.delivering = true;
    try {
      for (let next = this.outbox.shift(); next; next = this.outbox.shift()) {
        const set = this.listeners.get(next.userId);
        if (!set) continue;
        for (const l of [...set]) {
          if (!set.has(l)) continue;
          try {
            l(next.notice);
          } catch (error) {
            this.faults.report({ kind: 'listener', userId: next.userId, error });
          }
        }
      }
    } finally {
      this.delivering = false;
    }
  }
}
