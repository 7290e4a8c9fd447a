import { randomBytes } from 'node:crypto';
import { ID_PATTERN as ID } from './rules.js';

/** A new opaque id: 16 URL-safe characters (96 random bits); never contains ':' so it can sit inside conversation ids. */
export function newId(): string {
  return randomBytes(12).toString('base64url');
}

/** A random secret of `bytes` bytes, URL-safe. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** The conversation id of a direct chat: both user ids, the smaller first (string comparison). */
export function directConversationId(a: string, b: string): string {
  return a < b ? `d:${a}:${b}` : `d:${b}:${a}`;
}

/** The conversation id of a group chat. */
export function groupConversationId(groupId: string): string {
  return `g:${groupId}`;
}

/** Parsed conversation id, or null when the id is not one the gateway makes. */
export type ConversationRef =
  { kind: 'direct'; id: string; users: [string, string] } | { kind: 'group'; id: string; groupId: string };

export function parseConversationId(id: string): ConversationRef | null {
  const parts = id.split(':');
  if (parts[0] === 'd' && parts.length === 3) {
    const [, a, b] = parts as [string, string, string];
    if (ID.test(a) && ID.test(b) && a < b) return { kind: 'direct', id, users: [a, b] };
    return null;
  }
  if (parts[0] === 'g' && parts.length === 2 && ID.test(parts[1]!)) return { kind: 'group', id, groupId: parts[1]! };
  return null;
}

/** True for strings shaped like ids this server issues (or could have issued). */
export function isIdLike(s: unknown): s is string {
  return typeof s === 'string' && ID.test(s);
}
