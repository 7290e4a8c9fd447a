import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LargeGroupInboxes, rowsChanged, type GroupStreams } from '../src/broker/groups.js';
import type { Notice } from '../src/broker/inbox.js';
import { Faults } from '../src/broker/faults.js';
import { MemoryGroupStreams } from '../src/broker/memory-groups.js';
import { MemoryInboxes } from '../src/broker/memory-inbox.js';
import { MemoryLife } from '../src/broker/memory-life.js';
import type { DurableEvent } from '../src/events.js';
import { DEFAULT_LIMITS, uid, waitFor } from './broker/kit.js';

/**
 * A member's live subscription follows the channels of their large groups (src/broker/groups.ts) and
 * drops one at once when they are removed from it, whatever reload of their rows is under way.
 */
describe('a large-group member subscription', () => {
  it('does not take a group back from rows read before the member was removed from it', async () => {
    const life = new MemoryLife();
    const own = new MemoryInboxes(life, DEFAULT_LIMITS, new Faults());
    const streams = new MemoryGroupStreams(life, DEFAULT_LIMITS.inboxMaxLen, () => 0);
    // Rows are read at once, but the answer can be held back (a slow Redis).
    let hold: Promise<void> | null = null;
    const slow: GroupStreams = Object.assign(Object.create(streams) as GroupStreams, {
      async memberships(userId: string) {
        const rows = await streams.memberships(userId);
        if (hold) await hold;
        return rows;
      },
    });
    const inboxes = new LargeGroupInboxes(own, slow);
    const [u, other] = [uid('u'), uid('u')];
    const [g, g2] = [`g:${uid('grp')}`, `g:${uid('grp')}`];
    await streams.ensure(g, [u, other]);
    const heard: Notice[] = [];
    const sub = await inboxes.subscribe(u, (n) => heard.push(n));
    try {
      const message = (conversationId: string, seq: number): DurableEvent => ({
        type: 'message',
        at: seq,
        data: {
          conversationId,
          seq,
          kind: 'group',
          from: other,
          to: conversationId.slice(2),
          fromDevice: 'd',
          clientMsgId: `c${seq}`,
          contentType: 'text',
          content: `m${seq}`,
          createdAt: seq,
        },
      });
      const groupMessages = () => heard.filter((n) => n.kind === 'event' && n.group?.conversationId === g).length;
      await streams.append({ conversationId: g, seq: 1, event: message(g, 1), excluded: [] });
      await waitFor(() => groupMessages() === 1, 'the first group message');

      // A reload of the rows begins (another group became followed) and its answer is held back...
      let release!: () => void;
      hold = new Promise<void>((r) => (release = r));
      await streams.ensure(g2, [u, other]);
      await rowsChanged(own, [u]);
      // ...while the member is removed from the first group, as the groups service does it.
      await streams.leave(g, [u]);
      const removed = await own.append(
        { type: 'group', at: 2, data: { groupId: g.slice(2), action: 'member_removed', userIds: [u] } },
        [u],
      );
      await waitFor(() => heard.some((n) => n.kind === 'event' && n.event.cursor === removed[0]), 'the removal');
      hold = null;
      release();

      // Whatever the held reload read, the group stays dropped: a later message of it never comes,
      // while one of the other group does.
      await streams.append({ conversationId: g, seq: 2, event: message(g, 2), excluded: [] });
      await streams.append({ conversationId: g2, seq: 1, event: message(g2, 1), excluded: [] });
      await waitFor(
        () => heard.some((n) => n.kind === 'event' && n.group?.conversationId === g2),
        'the other group followed',
      );
      assert.equal(groupMessages(), 1, 'no message of the group the member left');
    } finally {
      sub.unsubscribe();
      life.close();
    }
  });
});
