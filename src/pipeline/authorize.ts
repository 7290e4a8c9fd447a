import type { SendStep } from './types.js';

/**
 * Who may send (the conversation access rule, src/services/access.ts): sets the conversation and
 * its recipients, every member, the sender included (for their other devices).
 */
export const authorize: SendStep = {
  name: 'authorize',
  async run(s) {
    const { conversationId, members, all } = await s.ctx.access.forSend(s.sender.userId, s.request.kind, s.request.to);
    s.conversationId = conversationId;
    s.recipients = members;
    if (all) s.members = all;
  },
};
