import type { SendStep } from './types.js';

/**
 * Fan-out + log: the message goes to the persistence log and to every recipient's inbox (the
 * sender's too, for their other devices) in one burst of pipelined broker commands. A retry redoes
 * this step: the writer and the readers drop the duplicates by (conversationId, seq).
 */
export const fanout: SendStep = {
  name: 'fanout',
  async run(s) {
    const m = s.message!;
    await Promise.all([
      s.ctx.broker.appendLog([{ t: 'msg', shardKey: m.conversationId, m }]),
      s.ctx.broker.append({ type: 'message', at: m.createdAt, data: m }, s.recipients!),
    ]);
  },
};
