/**
 * The limits and patterns the contract sets on what clients send, in one place for the gateway and
 * the client library alike (this module has no dependencies, so the browser bundle can take it).
 */

/** Ids the server issues (users, groups, files, devices): 1-64 URL-safe characters. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** A message's content type: `text`, `image`, `file` or a custom token. */
export const CONTENT_TYPE_PATTERN = /^[a-z][a-z0-9_.-]{0,31}$/;

/** Longest client message id, in characters. */
export const CLIENT_MSG_ID_MAX = 64;

/** Largest message content, in UTF-8 bytes. */
export const MAX_CONTENT_BYTES = 16 * 1024;
