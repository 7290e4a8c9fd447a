import type { DurableEvent, Message } from '../events.js';
import type { LogRecord } from './log.js';

/**
 * The one definition of a message's JSON: its key order, the event that carries it into inboxes and
 * the record that carries it to the writer. The Redis send script never builds JSON of its own: it
 * joins the pieces `jsonPieces` cuts from these definitions around the seq and createdAt it hands out.
 */

/** A message before the broker numbered it. */
export type MessageDraft = Omit<Message, 'seq' | 'createdAt' | 'recalled'>;

/** The stored form of a sequenced draft. Its key order is the order of a message's JSON everywhere. */
export function numbered(d: MessageDraft, seq: number, createdAt: number): Message {
  return {
    conversationId: d.conversationId,
    seq,
    kind: d.kind,
    from: d.from,
    to: d.to,
    fromDevice: d.fromDevice,
    clientMsgId: d.clientMsgId,
    contentType: d.contentType,
    content: d.content,
    createdAt,
  };
}

/** The inbox event of a message. */
export function messageEvent(m: Message): Extract<DurableEvent, { type: 'message' }> {
  return { type: 'message', at: m.createdAt, data: m };
}

/** The persistence log record of a message (one conversation, one shard). */
export function messageRecord(m: Message): Extract<LogRecord, { t: 'msg' }> {
  return { t: 'msg', shardKey: m.conversationId, m };
}

/** The pieces of one draft's JSON (see `jsonPieces`); the rest is in FIXED_PIECES. */
export interface JsonPieces {
  message: [string, string];
  record: string;
}

/** Stand-ins for the numbers, never a real seq or time; found by their key, so no text can fake them. */
const SEQ_MARK = -7_000_000_001;
const AT_MARK = -8_000_000_002;

/**
 * Where a text holds the value of `key` (the number `mark`): the offset the number starts at. String
 * values cannot hold an unescaped quote, so only a key of the object itself matches the needle.
 */
function markAt(text: string, key: string, mark: number, last: boolean): number {
  const needle = `${JSON.stringify(key)}:${mark}`;
  const i = last ? text.lastIndexOf(needle) : text.indexOf(needle);
  if (i < 0) throw new Error(`message JSON without ${key}`);
  return i + needle.length - String(mark).length;
}

/**
 * Everything about the three shapes that does not depend on the draft, cut once from the definitions
 * above with a sample message (a conversation id the rest of the JSON cannot contain):
 * - the message starts with its conversation id (`messageHead` + the id's JSON), then its seq;
 * - the event's pieces around createdAt and the message;
 * - the record's pieces around the conversation id (its shard key) and the message.
 */
const SHAPE = (() => {
  const sampleId = 'conversation-id-sample';
  const m = numbered(
    {
      conversationId: sampleId,
      kind: 'direct',
      from: '',
      to: '',
      fromDevice: '',
      clientMsgId: '',
      contentType: '',
      content: '',
    },
    SEQ_MARK,
    AT_MARK,
  );
  const text = JSON.stringify(m);
  const idJson = JSON.stringify(sampleId);
  const seqAt = markAt(text, 'seq', SEQ_MARK, false);
  const messageHead = text.slice(0, text.indexOf(idJson));
  const seqNeedle = text.slice(messageHead.length + idJson.length, seqAt);
  const messageTail = text.slice(markAt(text, 'createdAt', AT_MARK, true) + String(AT_MARK).length);
  if (!text.startsWith(`${messageHead}${idJson}${seqNeedle}`) || messageTail !== '}')
    throw new Error('a message’s JSON must start with its conversation id and seq and end with createdAt');
  const event = JSON.stringify(messageEvent(m));
  const eventAt = markAt(event, 'at', AT_MARK, false);
  const eventRest = event.slice(eventAt + String(AT_MARK).length);
  const eventData = eventRest.indexOf(text);
  const record = JSON.stringify(messageRecord(m));
  const recordId = record.indexOf(idJson);
  const recordData = record.indexOf(text, recordId + idJson.length);
  if (eventData < 0 || recordId < 0 || recordData < 0) throw new Error('an event or record without its message');
  return {
    messageHead,
    seqNeedle,
    messageTail,
    /** From the seq needle to the end of the seq's value, and from createdAt's value to the end. */
    seqSkip: seqNeedle.length + String(SEQ_MARK).length,
    atSkip: String(AT_MARK).length + messageTail.length,
    event: [event.slice(0, eventAt), eventRest.slice(0, eventData), eventRest.slice(eventData + text.length)] as [
      string,
      string,
      string,
    ],
    record: [record.slice(0, recordId), record.slice(recordId + idJson.length, recordData)],
    recordTail: record.slice(recordData + text.length),
  };
})();

/**
 * The pieces no draft changes: the send scripts hold them as constants (lua.ts), so a send passes
 * only `jsonPieces`.
 */
export const FIXED_PIECES: { messageTail: string; event: readonly [string, string, string]; recordTail: string } = {
  messageTail: SHAPE.messageTail,
  event: SHAPE.event,
  recordTail: SHAPE.recordTail,
};

/**
 * A draft's JSON cut around its numbers (one JSON.stringify per draft; the rest is cut once above),
 * with F = FIXED_PIECES:
 * - message = `message[0]` + seq + `message[1]` + createdAt + `F.messageTail`;
 * - inbox event = `F.event[0]` + createdAt + `F.event[1]` + message + `F.event[2]`;
 * - log record = `record` + message + `F.recordTail`.
 * Each joined text equals JSON.stringify of the object `numbered`, `messageEvent` and `messageRecord` make.
 */
export function jsonPieces(d: MessageDraft): JsonPieces {
  const text = JSON.stringify(numbered(d, SEQ_MARK, AT_MARK));
  // The conversation id's JSON runs up to the first seq needle (its value is a string: no match inside).
  const idEnd = text.indexOf(SHAPE.seqNeedle, SHAPE.messageHead.length);
  return {
    // createdAt is the last key: its value ends right before the fixed tail.
    message: [
      text.slice(0, idEnd + SHAPE.seqNeedle.length),
      text.slice(idEnd + SHAPE.seqSkip, text.length - SHAPE.atSkip),
    ],
    record: SHAPE.record[0] + text.slice(SHAPE.messageHead.length, idEnd) + SHAPE.record[1],
  };
}
