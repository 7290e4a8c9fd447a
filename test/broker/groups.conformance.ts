import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Broker } from '../../src/broker/broker.js';
import { parseCursor } from '../../src/broker/cursor.js';
import { MAX_STREAM_GROUPS, rowsChanged } from '../../src/broker/groups.js';
import type { Notice } from '../../src/broker/inbox.js';
import type { MessageDraft } from '../../src/broker/message-json.js';
import type { DurableEvent, Message } from '../../src/events.js';
import { brokers, uid, waitFor, type BrokerFactory, type ConformanceOptions } from './kit.js';

type Read = Array<DurableEvent & { cursor: string }>;

/**
 * Large groups (src/broker/groups.ts): a message sent with `stream` is kept once in the group's
 * stream, and the inboxes gates read (`broker.inboxes`) merge it in for every member with a row.
 */
export function groupsConformance(name: string, factory: BrokerFactory, opts: ConformanceOptions = {}): void {
  describe(`Large groups contract: ${name}`, { skip: opts.skip ?? false, concurrency: true }, () => {
    const { shared, make } = brokers(factory);
    let b: Broker;
    before(() => {
      b = shared();
    });

    const draft = (conversationId: string, clientMsgId: string, from = 'owner'): MessageDraft => ({
      conversationId,
      kind: 'group',
      from,
      to: conversationId.slice(2),
      fromDevice: 'dev',
      clientMsgId,
      contentType: 'text',
      content: `text of ${clientMsgId}`,
    });
    /** A group of `members` with its counter seeded; `large` gives them rows. */
    const group = async (t: Broker, members: string[], large = true) => {
      const conv = `g:${uid('grp')}`;
      await t.sequencer.seed(conv, 0);
      if (large) await t.groups.ensure(conv, members);
      return conv;
    };
    let clock = 1_800_000_000_000;
    const sendTo = async (
      t: Broker,
      conv: string,
      members: string[],
      id: string,
      mode: 'large' | 'small',
      excluded: string[] = [],
    ) => {
      const out = await t.sequencer.send({
        draft: draft(conv, id),
        recipients: members.filter((m) => !excluded.includes(m)),
        now: clock++,
        rate: null,
        ...(mode === 'large' ? { stream: { excluded } } : {}),
      });
      assert.equal(out.kind, 'sent');
      return out.kind === 'sent' ? out.seq : 0;
    };
    /** Every event after `cursor`, `page` at a time, and the last cursor. */
    const readAll = async (t: Broker, user: string, cursor: string, page = 2) => {
      const events: Read = [];
      for (;;) {
        const r = await t.inboxes.read(user, cursor, page);
        assert.equal(r.kind, 'events');
        if (r.kind !== 'events') return { events, cursor };
        events.push(...r.events);
        if (r.events.length === 0) return { events, cursor: r.cursor };
        cursor = r.cursor;
      }
    };
    const seqs = (events: Read, conv: string) =>
      events.filter((e) => e.type === 'message' && e.data.conversationId === conv).map((e) => (e.data as Message).seq);

    it('keeps a large group message once, in the stream, and merges it into every member read', async () => {
      const [u1, u2] = [uid('u'), uid('u')];
      const conv = await group(b, [u1, u2]);
      const start = await b.inboxes.head(u1);
      await b.inboxes.append({ type: 'friend_added', at: clock++, data: { userId: 'x' } }, [u1]);
      for (let i = 1; i <= 3; i++) await sendTo(b, conv, [u1, u2], `m${i}`, 'large');
      await b.inboxes.append({ type: 'friend_added', at: clock++, data: { userId: 'y' } }, [u1]);
      // Not in the member's own inbox: only the two friend events are there.
      const own = await b.groups.read(conv, 0, 10);
      assert.equal(own.kind === 'entries' && own.entries.length, 3);
      const all = await readAll(b, u1, start);
      assert.deepEqual(
        all.events.map((e) => (e.type === 'message' ? e.data.seq : e.type)),
        ['friend_added', 1, 2, 3, 'friend_added'],
      );
      // Each event's cursor resumes exactly after it, and the last one is the head.
      for (let i = 0; i < all.events.length; i++) {
        const rest = await readAll(b, u1, all.events[i]!.cursor, 10);
        assert.equal(rest.events.length, all.events.length - i - 1);
      }
      assert.equal(await b.inboxes.head(u1), all.cursor);
      assert.ok(parseCursor(all.cursor)!.groups.size === 1, all.cursor);
      assert.ok(all.cursor.length <= 80);
    });

    it('keeps the inbox order in a merged read, whatever the times of its events', async () => {
      const [u1, u2] = [uid('u'), uid('u')];
      const conv = await group(b, [u1, u2]);
      const start = await b.inboxes.head(u1);
      await b.inboxes.append({ type: 'friend_added', at: 2_000_000_000_000, data: { userId: 'late' } }, [u1]);
      await b.inboxes.append({ type: 'friend_added', at: 1_000, data: { userId: 'early' } }, [u1]);
      await sendTo(b, conv, [u1, u2], 'a', 'large');
      for (const page of [1, 2, 10]) {
        const all = await readAll(b, u1, start, page);
        assert.deepEqual(
          all.events.map((e) => (e.type === 'friend_added' ? e.data.userId : e.type)),
          ['message', 'late', 'early'],
          `pages of ${page}`,
        );
      }
    });

    it('switches between fan-out on write and on read without losing or repeating a message', async () => {
      const [u1, u2] = [uid('u'), uid('u')];
      const conv = await group(b, [u1, u2], false);
      const start = await b.inboxes.head(u1);
      const start2 = await b.inboxes.head(u2);
      await sendTo(b, conv, [u1, u2], 'a', 'small');
      await sendTo(b, conv, [u1, u2], 'b', 'small');
      assert.equal(
        (
          await b.sequencer.send({
            draft: draft(conv, 'c'),
            recipients: [u1, u2],
            now: clock++,
            rate: null,
            stream: { excluded: [] },
          })
        ).kind,
        'unfollowed',
        'a stream needs rows first',
      );
      await b.groups.ensure(conv, [u1, u2]);
      const mid = (await readAll(b, u2, start2)).cursor;
      await sendTo(b, conv, [u1, u2], 'c', 'large');
      await sendTo(b, conv, [u1, u2], 'd', 'large');
      await sendTo(b, conv, [u1, u2], 'e', 'small');
      await sendTo(b, conv, [u1, u2], 'f', 'large');
      await sendTo(b, conv, [u1, u2], 'g', 'small');
      assert.deepEqual(seqs((await readAll(b, u1, start)).events, conv), [1, 2, 3, 4, 5, 6, 7]);
      assert.deepEqual(seqs((await readAll(b, u2, mid)).events, conv), [3, 4, 5, 6, 7]);
      assert.deepEqual(seqs((await readAll(b, u1, start, 100)).events, conv), [1, 2, 3, 4, 5, 6, 7]);
    });

    it('starts a joining member after the current seq, and stops a leaving one at once', async () => {
      const [u1, u2, late] = [uid('u'), uid('u'), uid('u')];
      const conv = await group(b, [u1, u2]);
      await sendTo(b, conv, [u1, u2], 'a', 'large');
      await sendTo(b, conv, [u1, u2], 'b', 'large');
      const lateStart = await b.inboxes.head(late);
      await b.groups.join(conv, [late]);
      await sendTo(b, conv, [u1, u2, late], 'c', 'large');
      assert.deepEqual(seqs((await readAll(b, late, lateStart)).events, conv), [3]);
      const u2Start = await b.inboxes.head(u2);
      await b.groups.leave(conv, [u2]);
      await sendTo(b, conv, [u1, late], 'd', 'large');
      assert.deepEqual(seqs((await readAll(b, u2, u2Start)).events, conv), []);
      assert.deepEqual(seqs((await readAll(b, late, lateStart)).events, conv), [3, 4]);
    });

    it('skips a member who blocked the sender, moving the cursor past the entry', async () => {
      const [u1, blocker] = [uid('u'), uid('u')];
      const conv = await group(b, [u1, blocker]);
      const start = await b.inboxes.head(blocker);
      await sendTo(b, conv, [u1, blocker], 'a', 'large', [blocker]);
      await sendTo(b, conv, [u1, blocker], 'b', 'large');
      const r = await readAll(b, blocker, start);
      assert.deepEqual(seqs(r.events, conv), [2]);
      assert.deepEqual(seqs((await readAll(b, u1, await b.inboxes.head(u1))).events, conv), []);
    });

    it('tells subscribers of each entry with the seq before it, only while the row stands', async () => {
      const [u1, u2] = [uid('u'), uid('u')];
      const conv = await group(b, [u1, u2]);
      const heard: Notice[] = [];
      const sub = await b.inboxes.subscribe(u1, (n) => heard.push(n));
      try {
        await sendTo(b, conv, [u1, u2], 'a', 'large');
        await sendTo(b, conv, [u1, u2], 'b', 'small');
        await sendTo(b, conv, [u1, u2], 'c', 'large');
        await waitFor(() => heard.length >= 3, 'three notices');
        const places = heard.map((n) => (n.kind === 'event' ? (n.group ?? n.event.cursor) : n.kind));
        assert.deepEqual(places[0], { conversationId: conv, seq: 1, prev: 0, from: 0 });
        assert.equal(typeof places[1], 'string', 'the small-group message comes by the inbox');
        assert.deepEqual(places[2], { conversationId: conv, seq: 3, prev: 1, from: 0 });
        // The member leaves: their own `group` event drops the group before the next message.
        await b.groups.leave(conv, [u1]);
        await b.inboxes.append(
          { type: 'group', at: clock++, data: { groupId: conv.slice(2), action: 'member_removed', userIds: [u1] } },
          [u1, u2],
        );
        await waitFor(() => heard.length >= 4, 'the group event');
        await sendTo(b, conv, [u2], 'd', 'large');
        // A later message to the member's own inbox shows the group's one (sent before it) was not passed on.
        await b.inboxes.append({ type: 'friend_added', at: clock++, data: { userId: 'z' } }, [u1]);
        await waitFor(() => heard.length >= 5, 'the marker');
        assert.equal(heard.length, 5);
        assert.ok(heard.every((n) => n.kind !== 'event' || n.group?.seq !== 4));
      } finally {
        sub.unsubscribe();
      }
    });

    it('tells subscribers who were live before the group was followed, so they hear its messages', async () => {
      const [u1, u2] = [uid('u'), uid('u')];
      const conv = await group(b, [u1, u2], false);
      const heard: Notice[] = [];
      const sub = await b.inboxes.subscribe(u1, (n) => heard.push(n));
      try {
        assert.equal(await b.groups.ensure(conv, [u1, u2]), true);
        assert.equal(await b.groups.ensure(conv, [u1, u2]), false, 'once per group');
        await rowsChanged(b.inboxes, [u1, u2]);
        await sendTo(b, conv, [u1, u2], 'a', 'large');
        await waitFor(() => heard.some((n) => n.kind === 'event' && n.group?.seq === 1), 'the message');
        assert.ok(
          heard.every((n) => n.kind !== 'kick'),
          'the signal is not passed on',
        );
      } finally {
        sub.unsubscribe();
      }
    });

    it(`gives a member of more than ${MAX_STREAM_GROUPS} large groups the others' messages in the inbox`, async () => {
      const [u, other] = [uid('u'), uid('u')];
      const convs: string[] = [];
      for (let i = 0; i <= MAX_STREAM_GROUPS; i++) convs.push(await group(b, [u, other]));
      const start = await b.inboxes.head(u);
      for (const conv of convs) await sendTo(b, conv, [u, other], 'x', 'large');
      const r = await readAll(b, u, start);
      for (const conv of convs) assert.deepEqual(seqs(r.events, conv), [1], conv);
      assert.equal(parseCursor(r.cursor)!.groups.size, MAX_STREAM_GROUPS);
      assert.ok(r.cursor.length <= 80, r.cursor);
      assert.equal((await b.inboxes.read(u, r.cursor, 10)).kind, 'events');
    });

    it('answers expired for a position the stream was trimmed past', async () => {
      const t = await make({ inboxMaxLen: 5 });
      const u = uid('u');
      const conv = await group(t, [u]);
      const start = await t.inboxes.head(u);
      await sendTo(t, conv, [u], 'a', 'large');
      const after1 = (await readAll(t, u, start)).cursor;
      for (let i = 0; i < 400; i++) await sendTo(t, conv, [u], `m${i}`, 'large');
      const r = await t.inboxes.read(u, after1, 10);
      assert.equal(r.kind, 'expired');
      if (r.kind === 'expired') assert.equal((await t.inboxes.read(u, r.head, 10)).kind, 'events');
    });
  });
}
