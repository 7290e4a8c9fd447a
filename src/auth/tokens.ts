import { createHash, createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { newSecret } from '../ids.js';

/** What an access token says: the user, the device session and the device. */
export interface AccessClaims {
  userId: string;
  sessionId: string;
  deviceId: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

const ALGORITHM = 'HS256';
/** Verified tokens remembered, so a client's requests cost one signature check per token, not one each. */
const VERIFIED_MAX = 20_000;

/** Signs and verifies access tokens with one pinned algorithm; `alg: none` and other algorithms are refused. */
export class TokenService {
  /**
   * A key object made once: given a string, jsonwebtoken first tries it as a PEM public key on every
   * call (crypto.createPublicKey), which cost about half of a send's CPU.
   */
  private readonly key: KeyObject;
  /** Tokens already verified and their claims, oldest first; an entry is used only until its token expires. */
  private readonly verified = new Map<string, AccessClaims>();

  constructor(
    secret: string,
    readonly accessTtlSec: number,
  ) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  sign(userId: string, sessionId: string, deviceId: string): string {
    return jwt.sign({ sid: sessionId, did: deviceId }, this.key, {
      algorithm: ALGORITHM,
      subject: userId,
      expiresIn: this.accessTtlSec,
    });
  }

  /** The claims of a valid, unexpired token; null for anything else. */
  verify(token: string, nowMs = Date.now()): AccessClaims | null {
    const known = this.verified.get(token);
    if (known) return known.exp * 1000 > nowMs ? known : null;
    const claims = this.check(token);
    if (claims) {
      if (this.verified.size >= VERIFIED_MAX) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, claims);
    }
    return claims;
  }

  private check(token: string): AccessClaims | null {
    try {
      const p = jwt.verify(token, this.key, { algorithms: [ALGORITHM] });
      if (typeof p !== 'object' || p === null) return null;
      const { sub, sid, did, exp } = p as Record<string, unknown>;
      if (typeof sub !== 'string' || typeof sid !== 'string' || typeof did !== 'string' || typeof exp !== 'number')
        return null;
      return { userId: sub, sessionId: sid, deviceId: did, exp };
    } catch {
      return null;
    }
  }
}

/** A refresh token is `<sessionId>.<secret>`; only its SHA-256 is stored. */
export function newRefreshToken(sessionId: string): { token: string; hash: string } {
  const token = `${sessionId}.${newSecret(32)}`;
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** The session id inside a refresh token, or null when it is not shaped like one. */
export function refreshSessionId(token: string): string | null {
  const m = /^([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{20,100})$/.exec(token);
  return m ? m[1]! : null;
}
