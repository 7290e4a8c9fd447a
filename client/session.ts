import { ImError } from './errors.js';
import { unref } from './backoff.js';
import type { Session, SessionStore, TokenPair } from './types.js';
import type { TokenSource } from './http.js';
import type { TabSync } from './tabs.js';

export interface AuthOptions {
  /** POST /v1/auth/refresh, without auth. */
  refreshCall: (refreshToken: string) => Promise<TokenPair>;
  store?: SessionStore;
  /** The other tabs sharing `store` (a browser origin): refreshes then run in one tab at a time. */
  tabs?: TabSync | null;
  now?: () => number;
  /** Told about every new session (login, refresh) and about its end (null) with the reason. */
  onChange: (session: Session | null, reason: 'login' | 'refresh' | 'ended' | 'logout') => void;
}

/** Refresh this long before expiry (or half the token's life when that is shorter). */
const LEAD_MS = 60_000;
/** A failed scheduled refresh (network) is tried again after this. */
const RETRY_MS = 5_000;
/** A request refreshes first when its token has less than this left (or a quarter of its life, if shorter). */
const MARGIN_MS = 5_000;
/**
 * How long a tab that waited for another's turn at refreshing waits for that tab's new session before
 * presenting its own refresh token (the announcement is sent before the lock is let go, so it is
 * normally there within milliseconds; this only runs out when the other tab made no new session).
 */
const NEWS_WAIT_MS = 1_000;

/**
 * Holds the device session and keeps its access token fresh: a refresh ~60 s before expiry, and one
 * on a 401. Refreshes are single-flight, because presenting a rotated-out refresh token revokes the
 * whole device session. A refresh refused with 401 ends the session (`onChange(null, 'ended')`).
 *
 * Tabs of one origin share the session through the store: with `tabs`, a refresh runs in one tab at
 * a time, and the tab whose turn comes after another's refresh takes the session that one stored or
 * announced rather than presenting the refresh token it replaced; a tab told of a new session adopts it.
 */
export class Auth implements TokenSource {
  private current: Session | null = null;
  private inflight: Promise<boolean> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When this client adopted the session: the issue time of a session stored without one. */
  private adoptedAt = 0;
  private readonly now: () => number;

  private readonly unlisten: (() => void) | undefined;
  /** Woken whenever the current session changes (set or adopted). */
  private readonly changed = new Set<() => void>();

  constructor(private readonly opts: AuthOptions) {
    this.now = opts.now ?? Date.now;
    this.unlisten = opts.tabs?.listen((sent) => {
      if (!(sent && this.adopt(sent))) this.adoptStored();
    });
  }

  get session(): Session | null {
    return this.current;
  }

  /** Adopts a session (after login, or one restored from storage) and schedules its refresh. */
  set(session: Session | null, reason: 'login' | 'refresh' | 'ended' | 'logout' = 'login'): void {
    this.current = session;
    this.adoptedAt = this.now();
    this.opts.store?.set(session);
    this.schedule();
    this.opts.onChange(session, reason);
    this.wake();
  }

  /** Makes a Session from a login or refresh answer. */
  fromTokens(t: TokenPair, rest: Pick<Session, 'deviceId' | 'user'>): Session {
    const now = this.now();
    return {
      accessToken: t.accessToken,
      refreshToken: t.refreshToken,
      expiresAt: now + t.expiresIn * 1000,
      issuedAt: now,
      ...rest,
    };
  }

  async token(): Promise<string | undefined> {
    const s = this.current;
    if (!s) return undefined;
    const margin = Math.min(MARGIN_MS, this.lifeOf(s) / 4);
    if (s.expiresAt - this.now() < margin) await this.refresh().catch(() => false);
    return this.current?.accessToken;
  }

  async unauthorized(used: string): Promise<boolean> {
    if (this.current && this.current.accessToken !== used) return true;
    return this.refresh().catch(() => false);
  }

  /**
   * Rotates the refresh token. Resolves true with a fresh access token; false when there is no
   * session or the server refused it (the session then ends). Rejects on network trouble, keeping
   * the session.
   */
  refresh(): Promise<boolean> {
    this.inflight ??= this.rotate().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private rotate(): Promise<boolean> {
    const s = this.current;
    if (!s) return Promise.resolve(false);
    const { tabs } = this.opts;
    return tabs ? tabs.exclusive((waited) => this.rotateFrom(s, waited)) : this.rotateFrom(s, false);
  }

  private async rotateFrom(s: Session, waited: boolean): Promise<boolean> {
    // Another tab's session was adopted while this one waited for its turn.
    if (this.current !== s) return this.current !== null;
    // Another tab sharing the store may have rotated already: take its tokens instead of presenting ours.
    if (this.adoptStored()) return true;
    // The tab that had the lock before this one most likely rotated, and the store may not show it yet:
    // its announcement is on the way.
    if (waited && ((await this.changeWithin(s, NEWS_WAIT_MS)) || this.adoptStored())) return this.current !== null;
    try {
      const t = await this.opts.refreshCall(s.refreshToken);
      if (this.current !== s) return this.current !== null;
      const next = this.fromTokens(t, { deviceId: s.deviceId, user: s.user });
      this.set(next, 'refresh');
      this.opts.tabs?.announce(next);
      return true;
    } catch (err) {
      if (err instanceof ImError && (err.status === 401 || err.status === 403)) {
        if (this.current === s) this.set(null, 'ended');
        return false;
      }
      throw err;
    }
  }

  /** Takes the stored session when it is a newer one of this same device session; true when it did. */
  private adoptStored(): boolean {
    const stored = this.opts.store?.get();
    return !!stored && this.adopt(stored);
  }

  /** Takes `next` (stored or announced by another tab) when it is a newer one of this same device session. */
  private adopt(next: Session): boolean {
    const s = this.current;
    if (
      !s ||
      typeof next.refreshToken !== 'string' ||
      typeof next.expiresAt !== 'number' ||
      next.deviceId !== s.deviceId ||
      next.user?.id !== s.user.id ||
      next.refreshToken === s.refreshToken ||
      next.expiresAt <= s.expiresAt
    )
      return false;
    this.current = next;
    this.adoptedAt = this.now();
    this.schedule();
    this.opts.onChange(next, 'refresh');
    this.wake();
    return true;
  }

  /** Resolves true as soon as the current session is no longer `s`, false after `ms` if it still is. */
  private changeWithin(s: Session, ms: number): Promise<boolean> {
    if (this.current !== s) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (changed: boolean) => {
        clearTimeout(timer);
        this.changed.delete(onChange);
        resolve(changed);
      };
      const onChange = () => done(true);
      const timer = setTimeout(() => done(false), ms);
      this.changed.add(onChange);
    });
  }

  private wake(): void {
    for (const fn of [...this.changed]) fn();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const s = this.current;
    if (!s) return;
    const lead = Math.min(LEAD_MS, this.lifeOf(s) / 2);
    const delay = Math.max(1_000, s.expiresAt - lead - this.now());
    this.timer = setTimeout(() => {
      this.refresh().catch(() => {
        if (this.current === s) {
          this.timer = setTimeout(() => this.schedule(), RETRY_MS);
          unref(this.timer);
        }
      });
    }, delay);
    unref(this.timer);
  }

  /** How long the session's access token lives in all, ms. */
  private lifeOf(s: Session): number {
    return Math.max(0, s.expiresAt - (s.issuedAt ?? this.adoptedAt));
  }

  /** Stops the refresh timer and stops listening to other tabs (the session itself is kept). */
  stop(): void {
    clearTimeout(this.timer);
    this.unlisten?.();
  }
}
