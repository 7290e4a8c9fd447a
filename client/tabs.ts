import type { Session } from './types.js';

/**
 * How the tabs of one origin share one device session: a token refresh runs in one tab at a time
 * (a Web Lock), and a tab that stored a new session sends it to the others (a BroadcastChannel), which
 * take it instead of presenting the refresh token it just replaced.
 *
 * The message carries the session because the shared store may lag behind: in Chromium a tab's
 * localStorage learns another tab's write asynchronously, so the next tab granted the lock can still
 * read the session the lock holder has just rotated out.
 */
export interface TabSync {
  /**
   * Runs `fn` while no other tab of the origin runs its own; alone when the lock is not to be had.
   * `waited` says another tab held the lock first: its news (an announcement) may still be on the way.
   */
  exclusive<T>(fn: (waited: boolean) => Promise<T>): Promise<T>;
  /** Tells the other tabs that the stored session changed, and what it is now. */
  announce(session: Session): void;
  /**
   * Calls `fn` whenever another tab announced, with the session it sent (undefined when the message
   * carried none, as from an older page); returns the way to stop.
   */
  listen(fn: (session: Session | undefined) => void): () => void;
  /** Lets go of the channel. */
  close(): void;
}

/** The part of the Web Locks API used here. */
interface LockManagerLike {
  request<T>(
    name: string,
    options: { mode: 'exclusive'; signal?: AbortSignal; ifAvailable?: boolean },
    fn: (lock: unknown) => Promise<T>,
  ): Promise<T>;
}

/** The part of BroadcastChannel used here. */
interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', fn: (ev: { data: unknown }) => void): void;
  removeEventListener(type: 'message', fn: (ev: { data: unknown }) => void): void;
  close(): void;
}

type ChannelCtor = new (name: string) => ChannelLike;

/**
 * A lock still not granted after this long is given up on and the refresh runs anyway: a tab that
 * hangs while holding it must not log the others out (the gateway's reuse grace covers the overlap).
 */
const LOCK_WAIT_MS = 10_000;

/**
 * The browser's tab coordination for `name`: Web Locks (secure contexts: https, localhost) and
 * BroadcastChannel, each when present; null outside a browser page or when neither exists.
 */
export function originTabs(name = 'im-session'): TabSync | null {
  const g = globalThis as {
    document?: unknown;
    navigator?: { locks?: LockManagerLike };
    BroadcastChannel?: ChannelCtor;
  };
  if (g.document === undefined) return null;
  const locks = typeof g.navigator?.locks?.request === 'function' ? g.navigator.locks : null;
  const channel = typeof g.BroadcastChannel === 'function' ? new g.BroadcastChannel(name) : null;
  if (!locks && !channel) return null;
  return {
    async exclusive<T>(fn: (waited: boolean) => Promise<T>): Promise<T> {
      if (!locks) return fn(false);
      let ran = false;
      const run = (waited: boolean) => {
        ran = true;
        return fn(waited);
      };
      try {
        const free = await locks.request(name, { mode: 'exclusive', ifAvailable: true }, async (lock) =>
          lock ? { value: await run(false) } : null,
        );
        if (free) return free.value;
        return await locks.request(name, { mode: 'exclusive', signal: AbortSignal.timeout(LOCK_WAIT_MS) }, () =>
          run(true),
        );
      } catch (err) {
        // Only a lock that never came is worked around; a failure of `fn` itself is the caller's.
        if (ran) throw err;
        return fn(false);
      }
    },
    announce: (session) => channel?.postMessage({ session }),
    listen(fn) {
      const onMessage = (ev: { data: unknown }) => {
        const data = ev.data as { session?: Session | null } | null;
        fn((data && typeof data === 'object' && data.session) || undefined);
      };
      channel?.addEventListener('message', onMessage);
      return () => channel?.removeEventListener('message', onMessage);
    },
    close: () => channel?.close(),
  };
}
