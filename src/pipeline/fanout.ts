import type { Context } from '../context.js';
import type { Message } from '../events.js';
import { messageEvent, messageRecord } from '../broker/message-json.js';
import { appendCopies } from '../broker/sequencer.js';
import { rowsChanged } from '../broker/groups.js';

/**
 * Fan-out + log of an already numbered message: to the persistence log and to every recipient's
 * inbox (the sender's too, for their other devices) in one burst of pipelined broker commands. The
 * sequence step does this together with numbering; this is for a message found in Postgres after
 * Redis lost its counter. A retry redoes it: the writer and the readers drop the duplicates by
 * (conversationId, seq). A large group's message goes to the group's stream instead (groups.ts).
 */
export async function fanOut(
  ctx: Context,
  m: Message,
  recipients: readonly string[],
  stream?: { excluded: readonly string[] },
  /** Every member of a large group, for its rows (the counter's loss may have taken them too). */
  members?: readonly string[],
): Promise<void> {
  const event = messageEvent(m);
  let delivered: Promise<unknown>;
  if (stream) {
    if (members && (await ctx.groups.ensure(m.conversationId, members))) await rowsChanged(ctx.inboxes, members);
    delivered = ctx.groups
      .append({ conversationId: m.conversationId, seq: m.seq, event, excluded: stream.excluded })
      .then((copies) => appendCopies(ctx.inboxes, event, copies, stream.excluded));
  } else {
    delivered = ctx.inboxes.append(event, recipients);
  }
  await Promise.all([ctx.persistence.append([messageRecord(m)]), delivered]);
}
