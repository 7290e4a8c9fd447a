import type { Context } from '../context.js';
import type { Principal } from '../services/auth.js';
import { validate } from './validate.js';
import { Authorizer } from './authorize.js';
import { attachments } from './attachments.js';
import { rateLimit } from './rate-limit.js';
import { sequence } from './sequence.js';
import type { SendRequest, SendResult, SendState, SendStep } from './types.js';

/**
 * The send pipeline: validate → authorize → attachments (image/file messages) → rate limit → [extra steps] → rate point + dedup + sequence + fan-out + log.
 * Extra steps (a content filter, say) run after the sender is known to be allowed and before a seq
 * is spent (the rate-limit step names the budget; the broker takes the point with the seq); they may rewrite `state.request` or refuse by throwing an ApiError.
 */
export class SendPipeline {
  readonly steps: readonly SendStep[];
  constructor(
    extra: readonly SendStep[] = [],
    /** The authorize step, whose caches the social routes invalidate (through Context.authz). */
    readonly authorizer = new Authorizer(),
  ) {
    this.steps = [validate, this.authorizer, attachments, rateLimit, ...extra, sequence];
  }

  async send(ctx: Context, sender: Principal, request: SendRequest): Promise<SendResult> {
    const end = ctx.metrics.sendLatency.startTimer();
    const state: SendState = { ctx, sender, request };
    for (const step of this.steps) await step.run(state);
    end();
    const m = state.message!;
    if (state.fresh) ctx.metrics.messagesSent.inc({ kind: m.kind });
    return { conversationId: m.conversationId, seq: m.seq, createdAt: m.createdAt };
  }
}
