import * as messages from '../store/messages.js';
import type { SendStep } from './types.js';

/**
 * Dedup + sequence: one atomic broker step per conversation. When the counter is missing (new
 * conversation, or Redis lost it) it is seeded from Postgres, so seq never goes backwards; and a
 * retry whose message Postgres already holds gets that message's seq back.
 */
export const sequence: SendStep = {
  name: 'sequence',
  async run(s) {
    const { ctx, sender, request: r } = s;
    const conversationId = s.conversationId!;
    const now = ctx.now();
    let seqd = await ctx.broker.sequence(conversationId, sender.deviceId, r.clientMsgId, now);
    if (!seqd) {
      const stored = await messages.findByClientId(ctx.sql, conversationId, sender.deviceId, r.clientMsgId);
      if (stored) {
        s.message = stored;
        s.fresh = false;
        return;
      }
      await ctx.broker.seedSequence(conversationId, await messages.maxSeq(ctx.sql, conversationId));
      seqd = await ctx.broker.sequence(conversationId, sender.deviceId, r.clientMsgId, now);
      if (!seqd) throw new Error('sequence counter missing right after seeding');
    }
    s.fresh = seqd.fresh;
    s.message = {
      conversationId,
      seq: seqd.seq,
      kind: r.kind,
      from: sender.userId,
      to: r.to,
      fromDevice: sender.deviceId,
      clientMsgId: r.clientMsgId,
      contentType: r.contentType,
      content: r.content,
      createdAt: seqd.createdAt,
    };
  },
};
