import type { Context } from '../context.js';
import type { Principal } from '../services/auth.js';
import { authorize } from './authorize.js';
import { attachments } from './attachments.js';
import { rateLimit } from './rate-limit.js';
import { sequence } from './sequence.js';
import { checkSend } from './send-request.js';
import type { SendResult, SendState, SendStep } from './types.js';

/**
 * The send pipeline: the request's rules (send-request.ts) → authorize → attachments (image/file
 * messages) → rate limit → [extra steps] → rate point + dedup + sequence + fan-out + log. Extra steps
 * (a content filter, say) run after the sender is known to be allowed and before a seq is spent (the
 * rate-limit step names the budget; the sequencer takes the point with the seq); they may rewrite
 * `state.request` or refuse by throwing an ApiError.
 */
export class SendPipeline {
  readonly steps: readonly SendStep[];
  constructor(extra: readonly SendStep[] = []) {
    this.steps = [authorize, attachments, rateLimit, ...extra, sequence];
  }

  /** Sends what a client asked for (a REST body, a decoded frame); the request's rules are checked first. */
  async send(ctx: Context, sender: Principal, input: unknown): Promise<SendResult> {
    const end = ctx.metrics.sendLatency.startTimer();
    const state: SendState = { ctx, sender, request: checkSend(input) };
    for (const step of this.steps) await step.run(state);
    end();
    const m = state.message!;
    if (state.fresh) ctx.metrics.messagesSent.inc({ kind: m.kind });
    return { conversationId: m.conversationId, seq: m.seq, createdAt: m.createdAt };
  }
}
