/**
 * Revoked device sessions, as every gate checks them. A mark lasts `ttlSec` (at least the lifetime
 * of the session's last access token), after which the token is refused for its expiry anyway.
 */
export interface Revocations {
  /** Marks a device session revoked for `ttlSec` seconds. */
  revoke(userId: string, sessionId: string, ttlSec: number): Promise<void>;

  /** Whether the device session was revoked (and the mark has not expired). */
  isRevoked(userId: string, sessionId: string): Promise<boolean>;
}
