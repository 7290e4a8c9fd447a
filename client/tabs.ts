/**
 * How the tabs of one origin share one device session: a token refresh runs in one tab at a time
 * (a Web Lock), and a tab that stored a new session tells the others (a BroadcastChannel), which then
 * read it from the shared session store instead of presenting the refresh token it just replaced.
 */
export interface TabSync {
  /** Runs `fn` while no other tab of the origin runs its own; alone when the lock is not to be had. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /** Tells the other tabs that the stored session changed. */
  announce(): void;
  /** Calls `fn` whenever another tab announced; returns the way to stop. */
  listen(fn: () => void): () => void;
  /** Lets go of the channel. */
  close(): void;
}

/** The part of the Web Locks API used here. */
interface LockManagerLike {
  request<T>(name: string, options: { mode: 'exclusive'; signal?: AbortSignal }, fn: () => Promise<T>): Promise<T>;
}

/** The part of BroadcastChannel used here. */
interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', fn: () => void): void;
  removeEventListener(type: 'message', fn: () => void): void;
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
    async exclusive<T>(fn: () => Promise<T>): Promise<T> {
      if (!locks) return fn();
      let ran = false;
      const run = () => {
        ran = true;
        return fn();
      };
      try {
        return await locks.request(name, { mode: 'exclusive', signal: AbortSignal.timeout(LOCK_WAIT_MS) }, run);
      } catch (err) {
        // Only a lock that never came is worked around; a failure of `fn` itself is the caller's.
        if (ran) throw err;
        return fn();
      }
    },
    announce: () => channel?.postMessage('session'),
    listen(fn) {
      channel?.addEventListener('message', fn);
      return () => channel?.removeEventListener('message', fn);
    },
    close: () => channel?.close(),
  };
}
