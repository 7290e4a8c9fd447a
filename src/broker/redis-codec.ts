import { decodeEvent, type DurableEvent, type EphemeralEvent } from '../events.js';
import type { Notice, ReadResult } from './inbox.js';
import { decodeLogRecord, type DeadLetter, type LogEntry } from './log.js';

/**
 * Decoding of what the Redis broker stores and publishes. Payloads are written only by the broker
 * itself, so a payload that does not parse means corruption: it is dropped, never thrown to a client.
 *
 * Channel payloads: `e<cursor> <event JSON>` (durable), `p<event JSON>` (ephemeral), `k<sessionId>` (kick).
 */
export function parseNotice(payload: string): Notice | null {
  try {
    switch (payload[0]) {
      case 'e': {
        const sp = payload.indexOf(' ');
        const event = decodeEvent<DurableEvent>(payload.slice(sp + 1), payload.slice(1, sp)) as DurableEvent & {
          cursor: string;
        };
        return { kind: 'event', event };
      }
      case 'p':
        return { kind: 'ephemeral', event: decodeEvent<EphemeralEvent>(payload.slice(1)) as EphemeralEvent };
      case 'k':
        return { kind: 'kick', sessionId: payload.slice(1) };
      default:
        return null;
    }
  } catch {
    return null;
  }
}

/**
 * Turns the READ script's reply into a ReadResult. An entry that does not decode is skipped (the
 * cursor still moves past it, so readers are not stuck on it) and named to `undecodable`.
 */
export function toReadResult(reply: unknown[], undecodable: (id: string) => void): ReadResult {
  const [epoch, last, status, entries] = reply as [string, string, string, Array<[string, string[]]> | undefined];
  const head = `${epoch}-${last}`;
  if (status === 'expired') return { kind: 'expired', head };
  const events: Array<DurableEvent & { cursor: string }> = [];
  let cursor = status === 'head' ? head : '';
  for (const [id, fields] of entries ?? []) {
    const c = `${epoch}-${id}`;
    try {
      events.push(decodeEvent<DurableEvent>(fields[1] ?? '', c) as DurableEvent & { cursor: string });
    } catch {
      undecodable(id);
    }
    cursor = c;
  }
  // With no entries after the cursor the caller keeps its cursor; we return the head, which equals it.
  if (cursor === '') cursor = head;
  return { kind: 'events', events, cursor };
}

/** Parses XREADGROUP / XAUTOCLAIM entries of the persistence log (`r <record JSON>`). */
export function parseEntries(raw: Array<[string, string[]]>): LogEntry[] {
  return raw.map(([id, fields]) => ({ id, record: decodeLogRecord(fields[1] ?? '') }));
}

/** Parses XRANGE entries of a shard's dead letters (`id <log entry id>` and the entry's own fields). */
export function parseDeadLetters(raw: Array<[string, string[]]>): DeadLetter[] {
  return raw.map(([deadId, fields]) => ({
    id: fields[1] ?? '',
    raw: fields[3] ?? '',
    at: Number(deadId.slice(0, deadId.indexOf('-'))),
  }));
}
