import type { Subscription } from './inbox.js';
import {
  INBOX_COPIES,
  MAX_STREAM_GROUPS,
  type GroupEntry,
  type GroupNotice,
  type GroupRead,
  type GroupStreams,
} from './groups.js';
import type { MemoryLife } from './memory-life.js';

interface Stream {
  entries: Array<{ seq: number; json: string; excluded: readonly string[] }>;
  /** The greatest seq trimmed away (0: none). */
  trimmed: number;
}

/**
 * Large-group streams in this process's memory (see GroupStreams), bounded by length like inboxes.
 * Notices are delivered synchronously, in append order.
 */
export class MemoryGroupStreams implements GroupStreams {
  private readonly streams = new Map<string, Stream>();
  private readonly rows = new Map<string, Map<string, number>>();
  private readonly listeners = new Map<string, Set<(n: GroupNotice) => void>>();
  /** Per group, the members with INBOX_COPIES rows. */
  private readonly copies = new Map<string, Set<string>>();

  constructor(
    private readonly life: MemoryLife,
    private readonly maxLen: number,
    /** The conversation's last seq handed out (null: none). */
    private readonly lastSeq: (conversationId: string) => number | null,
  ) {
    life.onClose(() => this.listeners.clear());
  }

  async append(entry: GroupEntry): Promise<string[]> {
    this.life.check();
    const copies = [...(this.copies.get(entry.conversationId) ?? [])];
    let s = this.streams.get(entry.conversationId);
    if (!s) this.streams.set(entry.conversationId, (s = { entries: [], trimmed: 0 }));
    const last = s.entries.at(-1)?.seq ?? s.trimmed;
    if (entry.seq <= last) return copies;
    s.entries.push({ seq: entry.seq, json: JSON.stringify(entry.event), excluded: [...entry.excluded] });
    if (s.entries.length > this.maxLen) s.trimmed = s.entries.splice(0, s.entries.length - this.maxLen).at(-1)!.seq;
    const set = this.listeners.get(entry.conversationId);
    if (!set) return copies;
    const json = s.entries.at(-1)!.json;
    for (const l of [...set]) {
      try {
        l({ entry: { ...entry, event: JSON.parse(json) as GroupEntry['event'] }, prev: last });
      } catch {
        // a listener's failure stays its own
      }
    }
    return copies;
  }

  async read(conversationId: string, afterSeq: number, limit: number): Promise<GroupRead> {
    this.life.check();
    const s = this.streams.get(conversationId);
    if (!s) return { kind: 'entries', entries: [] };
    if (afterSeq < s.trimmed) return { kind: 'expired' };
    const entries: GroupEntry[] = [];
    for (const e of s.entries) {
      if (e.seq <= afterSeq) continue;
      if (entries.length >= limit) break;
      entries.push({
        conversationId,
        seq: e.seq,
        event: JSON.parse(e.json) as GroupEntry['event'],
        excluded: e.excluded,
      });
    }
    return { kind: 'entries', entries };
  }

  async last(conversationIds: readonly string[]): Promise<number[]> {
    this.life.check();
    return conversationIds.map((id) => {
      const s = this.streams.get(id);
      return s ? (s.entries.at(-1)?.seq ?? s.trimmed) : 0;
    });
  }

  async join(conversationId: string, userIds: readonly string[]): Promise<void> {
    this.life.check();
    const [streamLast] = await this.last([conversationId]);
    const from = Math.max(streamLast!, this.lastSeq(conversationId) ?? 0);
    for (const u of userIds) {
      let r = this.rows.get(u);
      if (!r) this.rows.set(u, (r = new Map()));
      if (r.has(conversationId)) continue;
      const streams = [...r.values()].filter((v) => v !== INBOX_COPIES).length;
      if (streams < MAX_STREAM_GROUPS) {
        r.set(conversationId, from);
        continue;
      }
      let c = this.copies.get(conversationId);
      if (!c) this.copies.set(conversationId, (c = new Set()));
      c.add(u);
      r.set(conversationId, INBOX_COPIES);
    }
  }

  private readonly marked = new Set<string>();

  async ensure(conversationId: string, members: readonly string[]): Promise<boolean> {
    if (this.marked.has(conversationId)) return false;
    await this.join(conversationId, members);
    this.marked.add(conversationId);
    return true;
  }

  async followed(conversationId: string): Promise<boolean> {
    this.life.check();
    return this.marked.has(conversationId);
  }

  async leave(conversationId: string, userIds: readonly string[]): Promise<void> {
    this.life.check();
    for (const u of userIds) {
      this.rows.get(u)?.delete(conversationId);
      this.copies.get(conversationId)?.delete(u);
    }
  }

  async memberships(userId: string): Promise<Map<string, number>> {
    this.life.check();
    return new Map([...(this.rows.get(userId) ?? [])].filter(([, v]) => v !== INBOX_COPIES));
  }

  async subscribe(conversationId: string, listener: (n: GroupNotice) => void): Promise<Subscription> {
    this.life.check();
    let set = this.listeners.get(conversationId);
    if (!set) this.listeners.set(conversationId, (set = new Set()));
    set.add(listener);
    return {
      unsubscribe: () => {
        const s = this.listeners.get(conversationId);
        if (s && s.delete(listener) && s.size === 0) this.listeners.delete(conversationId);
      },
    };
  }
}
