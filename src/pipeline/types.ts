import type { Context } from '../context.js';
import type { RateBudget } from '../broker/rate-limits.js';
import type { Message } from '../events.js';
import type { SendRequest } from './send-request.js';

export type { SendRequest };
import type { Principal } from '../services/auth.js';

/**
 * The state one send carries through the pipeline. Each step reads what earlier steps set and
 * adds its own part; a step refuses by throwing an ApiError, and nothing after it runs.
 */
export interface SendState {
  readonly ctx: Context;
  readonly sender: Principal;
  request: SendRequest;
  /** Set by authorize. */
  conversationId?: string;
  /** Every user whose inbox gets the message, the sender included (for their other devices). Set by authorize. */
  recipients?: string[];
  /** Every member of a group conversation, blockers of the sender included. Set by authorize for groups. */
  members?: string[];
  /** The sender's budget, taken by the broker with the seq. Set by rate-limit. */
  rate?: RateBudget;
  /** Set by sequence. */
  message?: Message;
  /** False when this was a retry of an already sequenced message. Set by sequence. */
  fresh?: boolean;
}

/** One step of the send pipeline. */
export interface SendStep {
  readonly name: string;
  run(state: SendState): Promise<void>;
}

/** The answer to a send: the contract's ack. */
export interface SendResult {
  conversationId: string;
  seq: number;
  createdAt: number;
}
