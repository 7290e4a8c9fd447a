import { rateLimited } from '../errors.js';
import type { SendStep } from './types.js';

/** Sends per user per second (SEND_RATE_PER_SECOND), counted in the broker so every gate shares the budget. */
export const rateLimit: SendStep = {
  name: 'rate-limit',
  async run({ ctx, sender }) {
    const wait = await ctx.broker.consume(`send:${sender.userId}`, ctx.config.SEND_RATE_PER_SECOND, 1);
    if (wait > 0) throw rateLimited(wait / 1000, 'sending too fast');
  },
};
