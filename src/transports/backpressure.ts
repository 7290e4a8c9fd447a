/**
 * Backpressure on a live connection's outbound queue, the same for WebSocket and SSE: a connection
 * whose queue passes MAX_QUEUED_BYTES is a slow consumer and is closed (it resumes from its cursor);
 * a replay reads its next page only once the queue is back under RESUME_BELOW_BYTES, and gives the
 * client up after ROOM_WAIT_MS. ("Drain" is kept for a gate's shutdown.)
 */

/** Outbound bytes a connection may have queued before it counts as a slow consumer. */
export const MAX_QUEUED_BYTES = 1024 * 1024;
/** Between replay pages, the queue must fall under this before the next page is read. */
export const RESUME_BELOW_BYTES = 256 * 1024;
/** How long a replay waits for room before it gives the client up. */
export const ROOM_WAIT_MS = 30_000;
const POLL_MS = 20;

/**
 * Resolves true once `queued()` is under RESUME_BELOW_BYTES; false when `gone()` says the connection
 * ended, or after ROOM_WAIT_MS. (It looks every 20 ms: neither `ws` nor a response says when a queue
 * falls under a mark of our choosing.)
 */
export function room(queued: () => number, gone: () => boolean): Promise<boolean> {
  if (queued() <= RESUME_BELOW_BYTES) return Promise.resolve(!gone());
  const deadline = Date.now() + ROOM_WAIT_MS;
  return new Promise((resolve) => {
    const t = setInterval(() => {
      const ok = queued() <= RESUME_BELOW_BYTES;
      if (ok || gone() || Date.now() > deadline) {
        clearInterval(t);
        resolve(ok && !gone());
      }
    }, POLL_MS);
  });
}
