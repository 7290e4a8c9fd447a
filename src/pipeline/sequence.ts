import { rateLimited } from '../errors.js';
import * as messages from '../store/messages.js';
import { numbered, type MessageDraft } from '../broker/message-json.js';
import { fanOut } from './fanout.js';
import { rowsChanged } from '../broker/groups.js';
import type { SendStep } from './types.js';

/**
 * Rate point + dedup + sequence + fan-out + log: one broker step (one round trip on a single Redis
 * node). When the counter is missing (new conversation, or Redis lost it) it is seeded from
 * Postgres, so seq never goes backwards; and a retry whose message Postgres already holds gets that
 * message's seq back, and its fan-out redone.
 */
export const sequence: SendStep = {
  name: 'sequence',
  async run(s) {
    const { ctx, sender, request: r } = s;
    const conversationId = s.conversationId!;
    const recipients = s.recipients!;
    const draft: MessageDraft = {
      conversationId,
      kind: r.kind,
      from: sender.userId,
      to: r.to,
      fromDevice: sender.deviceId,
      clientMsgId: r.clientMsgId,
      contentType: r.contentType,
      content: r.content,
    };
    const now = ctx.now();
    const stream = largeGroupStream(ctx.config.GROUP_FANOUT_LIMIT, recipients, s.members);
    let out = await ctx.sequencer.send({ draft, recipients, now, rate: s.rate ?? null, stream });
    if (out.kind === 'unfollowed') {
      // The group's first message in its stream: every member this gate knows reads it from now on.
      if (await ctx.groups.ensure(conversationId, s.members!)) await rowsChanged(ctx.inboxes, s.members!);
      out = await ctx.sequencer.send({ draft, recipients, now, rate: s.rate ?? null, stream });
    }
    if (out.kind === 'unseeded') {
      const stored = await messages.findByClientId(ctx.sql, conversationId, sender.deviceId, r.clientMsgId);
      if (stored) {
        s.message = stored;
        s.fresh = false;
        await fanOut(ctx, stored, recipients, stream, s.members);
        return;
      }
      await ctx.sequencer.seed(conversationId, await messages.maxSeq(ctx.sql, conversationId));
      // The rate point was taken by the first call.
      out = await ctx.sequencer.send({ draft, recipients, now, rate: null, stream });
      if (out.kind === 'unseeded' || out.kind === 'unfollowed') throw new Error(`${out.kind} right after seeding`);
    }
    if (out.kind === 'rate_limited') throw rateLimited(out.waitMs / 1000, 'sending too fast');
    if (out.kind !== 'sent') throw new Error(`large group not followed after ensuring it`);
    s.fresh = out.fresh;
    s.message = numbered(draft, out.seq, out.createdAt);
  },
};

/**
 * Fan-out on read for a group message to more than `limit` recipients: the message goes once to the
 * group's stream, and the members left out of `recipients` (they blocked the sender) are named there.
 */
export function largeGroupStream(
  limit: number,
  recipients: readonly string[],
  members: readonly string[] | undefined,
): { excluded: string[] } | undefined {
  if (!members || recipients.length <= limit) return undefined;
  if (recipients.length === members.length) return { excluded: [] };
  const kept = new Set(recipients);
  return { excluded: members.filter((m) => !kept.has(m)) };
}
