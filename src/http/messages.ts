import { Router } from 'express';
import { z } from 'zod';
import type { Context } from '../context.js';
import type { SendPipeline } from '../pipeline/pipeline.js';
import * as conv from '../services/conversations.js';
import type { ConversationsAnswer, HistoryAnswer, LimitsAnswer, RecallAnswer, SendAnswer } from './answers.js';
import { me } from './middleware.js';
import { parse, queryInt } from './validate.js';

export const historyQuery = z.object({
  before: queryInt(1, Number.MAX_SAFE_INTEGER).optional(),
  after: queryInt(0, Number.MAX_SAFE_INTEGER).optional(),
  limit: queryInt(1, 200).optional(),
  minSeq: queryInt(0, Number.MAX_SAFE_INTEGER).optional(),
});
export const readBody = z.object({ seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });
export const convId = z.string().min(1).max(160);
export const seqParam = queryInt(1, Number.MAX_SAFE_INTEGER);

/** `/v1/messages`, `/v1/conversations/*` and `/v1/limits` (authenticated). */
export function messagesRouter(ctx: Context, pipeline: SendPipeline): Router {
  const r = Router();

  r.post('/messages', async (req, res) => {
    res.json((await pipeline.send(ctx, me(req), req.body)) satisfies SendAnswer);
  });

  // What a client checks before it tries: the largest upload, and how long a sender may recall.
  r.get('/limits', (_req, res) => {
    res.json({
      maxUploadBytes: ctx.config.MAX_UPLOAD_BYTES,
      recallWindowSec: ctx.config.RECALL_WINDOW,
    } satisfies LimitsAnswer);
  });

  r.get('/conversations', async (req, res) => {
    res.json({ conversations: await conv.list(ctx, me(req).userId) } satisfies ConversationsAnswer);
  });

  r.get('/conversations/:id/messages', async (req, res) => {
    const id = parse(convId, req.params.id, 'id');
    const q = parse(historyQuery, req.query, 'query');
    res.json(
      (await conv.history(ctx, me(req).userId, id, {
        before: q.before,
        after: q.after,
        limit: q.limit ?? 50,
        minSeq: q.minSeq,
      })) satisfies HistoryAnswer,
    );
  });

  r.post('/conversations/:id/read', async (req, res) => {
    const { seq } = parse(readBody, req.body);
    await conv.markRead(ctx, me(req), parse(convId, req.params.id, 'id'), seq);
    res.status(204).end();
  });

  r.post('/conversations/:id/typing', async (req, res) => {
    await conv.typing(ctx, me(req), parse(convId, req.params.id, 'id'));
    res.status(204).end();
  });

  r.post('/conversations/:id/messages/:seq/recall', async (req, res) => {
    const id = parse(convId, req.params.id, 'id');
    const seq = parse(seqParam, req.params.seq, 'seq');
    await conv.recall(ctx, me(req), id, seq);
    res.json({ conversationId: id, seq, recalled: true } satisfies RecallAnswer);
  });
  return r;
}
