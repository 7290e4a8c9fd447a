/** Client-side ids and the conversation-id rule of the contract. */

/** 96 random bits drawn once per page or process: with a counter, every id this client makes is unique. */
let idPrefix: string | undefined;
let idCounter = 0;

/**
 * A fresh `clientMsgId`: a random prefix drawn once, the time and a counter (works where
 * `crypto.randomUUID` does not: plain-HTTP pages; no random draw per message).
 */
export function newClientMsgId(): string {
  if (idPrefix === undefined) {
    const bytes = new Uint8Array(12);
    globalThis.crypto.getRandomValues(bytes);
    idPrefix = '';
    for (const b of bytes) idPrefix += b.toString(16).padStart(2, '0');
  }
  return `m${Date.now().toString(36)}-${idPrefix}-${(idCounter++).toString(36)}`;
}

/** The id of the direct conversation between two users: `d:<smaller>:<larger>` by string comparison. */
export function directConversationId(a: string, b: string): string {
  return a < b ? `d:${a}:${b}` : `d:${b}:${a}`;
}

/** The id of a group's conversation. */
export function groupConversationId(groupId: string): string {
  return `g:${groupId}`;
}

/** The group id of `g:<groupId>`, or null for a direct conversation. */
export function groupIdOf(conversationId: string): string | null {
  return conversationId.startsWith('g:') ? conversationId.slice(2) : null;
}

/** The other user of a direct conversation, seen from `me`; null for a group. */
export function peerOf(conversationId: string, me: string): string | null {
  const parts = conversationId.split(':');
  if (parts[0] !== 'd' || parts.length !== 3) return null;
  return parts[1] === me ? (parts[2] ?? null) : (parts[1] ?? null);
}
