import type { SendStep } from './types.js';

/**
 * Sends per user per second (SEND_RATE_PER_SECOND), counted in the broker so every gate shares the
 * budget. The point is taken by the broker in the same step that sequences the message (one round
 * trip per send): this step names the budget, and a send refused by it gets no seq.
 */
export const rateLimit: SendStep = {
  name: 'rate-limit',
  async run(s) {
    s.rate = { key: `send:${s.sender.userId}`, limit: s.ctx.config.SEND_RATE_PER_SECOND, windowSec: 1 };
  },
};
