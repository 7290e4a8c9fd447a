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

/**
 * A draft's JSON cut around its numbers:
 * - message = `message[0]` + seq + `message[1]` + createdAt + `message[2]`;
 * - inbox event = `event[0]` + createdAt + `event[1]` + message + `event[2]`;
 * - log record = `record[0]` + message + `record[1]`.
 * Each joined text equals JSON.stringify of the object `numbered`, `messageEvent` and `messageRecord` make.
 */
export interface JsonPieces {
  message: [string, string, string];
  event: [string, string, string];
  record: [string, string];
}

/** Stand-ins for the numbers, never a real seq or time; found by their key, so no text can fake them. */
const SEQ_MARK = -7_000_000_001;
const AT_MARK = -8_000_000_002;

/** `text` cut at the value of `key` (the number `mark`): the part before it and the part after. */
function cutAt(text: string, key: string, mark: number, last: boolean): [string, string] {
  const needle = `${JSON.stringify(key)}:${mark}`;
  const i = last ? text.lastIndexOf(needle) : text.indexOf(needle);
  if (i < 0) throw new Error(`message JSON without ${key}`);
  const at = i + needle.length - String(mark).length;
  return [text.slice(0, at), text.slice(at + String(mark).length)];
}

/** The event's pieces do not depend on the message: cut once. */
const EVENT_PIECES = ((): [string, string, string] => {
  const m = numbered(
    {
      conversationId: '',
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
  const [head, rest] = cutAt(JSON.stringify(messageEvent(m)), 'at', AT_MARK, false);
  const text = JSON.stringify(m);
  const i = rest.indexOf(text);
  return [head, rest.slice(0, i), rest.slice(i + text.length)];
})();

export function jsonPieces(d: MessageDraft): JsonPieces {
  const m = numbered(d, SEQ_MARK, AT_MARK);
  const text = JSON.stringify(m);
  // The first "seq" key is the message's own (string values cannot hold an unescaped quote), and
  // createdAt is its last key.
  const [head, afterSeq] = cutAt(text, 'seq', SEQ_MARK, false);
  const [middle, tail] = cutAt(afterSeq, 'createdAt', AT_MARK, true);
  const record = JSON.stringify(messageRecord(m));
  const i = record.indexOf(text);
  return {
    message: [head, middle, tail],
    event: EVENT_PIECES,
    record: [record.slice(0, i), record.slice(i + text.length)],
  };
}
