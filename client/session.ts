import { ImError } from './errors.js';
import { unref } from './backoff.js';
import type { Session, SessionStore, TokenPair } from './types.js';
import type { TokenSource } from './http.js';

export interface AuthOptions {
  /** POST /v1/auth/refresh, without auth. */
  refreshCall: (refreshToken: string) => Promise<TokenPair>;
  store?: SessionStore;
  now?: () => number;
  /** Told about every new session (login, refresh) and about its end (null) with the reason. */
  onChange: (session: Session | null, reason: 'login' | 'refresh' | 'ended' | 'logout') => void;
}

/** Refresh this long before expiry (or half the token's life when that is shorter). */
const LEAD_MS = 60_000;
/** A failed scheduled refresh (network) is tried again after this. */
const RETRY_MS = 5_000;

/**
 * Holds the device session and keeps its access token fresh: a refresh ~60 s before expiry, and one
 * on a 401. Refreshes are single-flight, because presenting a rotated-out refresh token revokes the
 * whole device session. A refresh refused with 401 ends the session (`onChange(null, 'ended')`).
 */
export class Auth implements TokenSource {
  private current: Session | null = null;
  private inflight: Promise<boolean> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private issuedAt = 0;
  private readonly now: () => number;

  constructor(private readonly opts: AuthOptions) {
    this.now = opts.now ?? Date.now;
  }

  get session(): Session | null {
    return this.current;
  }

  /** Adopts a session (after login, or one restored from storage) and schedules its refresh. */
  set(session: Session | null, reason: 'login' | 'refresh' | 'ended' | 'logout' = 'login'): void {
    this.current = session;
    this.issuedAt = this.now();
    this.opts.store?.set(session);
    this.schedule();
    this.opts.onChange(session, reason);
  }

  /** Makes a Session from a login or refresh answer. */
  fromTokens(t: TokenPair, rest: Pick<Session, 'deviceId' | 'user'>): Session {
    return {
      accessToken: t.accessToken,
      refreshToken: t.refreshToken,
      expiresAt: this.now() + t.expiresIn * 1000,
      ...rest,
    };
  }

  async token(): Promise<string | undefined> {
    const s = this.current;
    if (!s) return undefined;
    if (s.expiresAt - this.now() < 5_000) await this.refresh().catch(() => false);
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

  private async rotate(): Promise<boolean> {
    const s = this.current;
    if (!s) return false;
    // Another tab sharing the store may have rotated already: take its tokens instead of presenting ours.
    const stored = this.opts.store?.get();
    if (
      stored &&
      stored.deviceId === s.deviceId &&
      stored.refreshToken !== s.refreshToken &&
      stored.expiresAt - this.now() > LEAD_MS
    ) {
      this.current = stored;
      this.schedule();
      this.opts.onChange(stored, 'refresh');
      return true;
    }
    try {
      const t = await this.opts.refreshCall(s.refreshToken);
      if (this.current !== s) return this.current !== null;
      this.set(this.fromTokens(t, { deviceId: s.deviceId, user: s.user }), 'refresh');
      return true;
    } catch (err) {
      if (err instanceof ImError && (err.status === 401 || err.status === 403)) {
        if (this.current === s) this.set(null, 'ended');
        return false;
      }
      throw err;
    }
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const s = this.current;
    if (!s) return;
    const life = Math.max(0, s.expiresAt - this.issuedAt);
    const lead = Math.min(LEAD_MS, life / 2);
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

  /** Stops the refresh timer (the session itself is kept). */
  stop(): void {
    clearTimeout(this.timer);
  }
}
