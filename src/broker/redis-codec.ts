import { decodeEvent, type DurableEvent, type EphemeralEvent } from '../events.js';
import type { Notice, ReadResult } from './inbox.js';
import type { LogEntry, LogRecord } from './log.js';

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

/** Turns the READ script's reply into a ReadResult. */
export function toReadResult(reply: unknown[]): ReadResult {
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
      // a corrupt entry is skipped, but the cursor still moves past it
    }
    cursor = c;
  }
  // With no entries after the cursor the caller keeps its cursor; we return the head, which equals it.
  if (cursor === '') cursor = head;
  return { kind: 'events', events, cursor };
}

/** Parses XREADGROUP / XAUTOCLAIM entries of the persistence log. */
export function parseEntries(raw: Array<[string, string[]]>): LogEntry[] {
  const out: LogEntry[] = [];
  for (const [id, fields] of raw) {
    try {
      out.push({ id, record: JSON.parse(fields[1] ?? '') as LogRecord });
    } catch {
      out.push({ id, record: null }); // acknowledged and skipped by the writer
    }
  }
  return out;
}
