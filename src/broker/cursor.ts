import { createHash } from 'node:crypto';

/**
 * Cursors with large-group positions. A plain cursor is `<epoch>-<ms>-<n>`, a position in the user's
 * inbox. A member of a group whose messages are kept once in the group's own stream (fan-out on read,
 * see groups.ts) reads that stream beside the inbox; the cursor then also says how far, one suffix per
 * such group: `.<tag><seq>`, `tag` five letters or digits naming the conversation (a hash, see
 * `groupTag`), `seq` the last seq delivered from the group's stream, base 36. A group whose position is
 * where the member started reading it carries no suffix, so a user in no such group keeps the plain form.
 */
export interface VectorCursor {
  /** The inbox part, `<epoch>-<ms>-<n>`. */
  base: string;
  /** Position per group tag. */
  groups: Map<string, number>;
}

const TAG_LEN = 5;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const tags = new Map<string, string>();

/** The tag of a conversation in cursors: five base-62 characters of its SHA-1. */
export function groupTag(conversationId: string): string {
  let t = tags.get(conversationId);
  if (t === undefined) {
    const h = createHash('sha1').update(conversationId).digest();
    t = '';
    for (let i = 0; i < TAG_LEN; i++) t += ALPHABET[h[i]! % 62];
    if (tags.size > 10_000) tags.clear();
    tags.set(conversationId, t);
  }
  return t;
}

const BASE = /^([A-Za-z0-9_]{1,32}-\d{1,16}-\d{1,16})((?:\.[A-Za-z0-9]{5}[0-9a-z]{1,11})*)$/;

/** A cursor taken apart, or null when it is not shaped like one. */
export function parseCursor(cursor: string): VectorCursor | null {
  const m = BASE.exec(cursor);
  if (!m) return null;
  const groups = new Map<string, number>();
  if (m[2]) {
    for (const part of m[2].slice(1).split('.')) groups.set(part.slice(0, TAG_LEN), parseInt(part.slice(TAG_LEN), 36));
  }
  return { base: m[1]!, groups };
}

/** The inbox part of a cursor (the whole string when it has no group part). */
export function baseOf(cursor: string): string {
  const dot = cursor.indexOf('.');
  return dot < 0 ? cursor : cursor.slice(0, dot);
}

/** The cursor of `base` and group positions (tags in sorted order, so one state has one spelling). */
export function formatCursor(base: string, groups: ReadonlyMap<string, number>): string {
  if (groups.size === 0) return base;
  let out = base;
  for (const tag of [...groups.keys()].sort()) out += `.${tag}${groups.get(tag)!.toString(36)}`;
  return out;
}
