import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createSecretKey,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
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

/** What a refresh hands out, as kept for the reuse grace. */
export interface IssuedPair {
  accessToken: string;
  refreshToken: string;
  /** When the access token expires, ms since the epoch. */
  expiresAt: number;
}

const SEAL_INFO = 'im-gateway refresh reuse grace v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The AES-256 key a rotated-out refresh token opens its successor pair with (HKDF-SHA256 of the token). */
function sealKey(token: string): Buffer {
  return Buffer.from(hkdfSync('sha256', token, '', SEAL_INFO, 32));
}

/**
 * Seals the pair a rotation issued so that only a holder of the rotated-out `token` can open it
 * (AES-256-GCM): the database keeps neither token in the clear, and its SHA-256 of `token` does not
 * give the key.
 */
export function sealPair(token: string, pair: IssuedPair): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', sealKey(token), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(pair), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** Opens a sealed pair with the rotated-out token; null when it does not open (another token, tampering). */
export function unsealPair(token: string, sealed: string): IssuedPair | null {
  try {
    const raw = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', sealKey(token), raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const text = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
    const v = JSON.parse(text) as Partial<IssuedPair>;
    if (typeof v.accessToken !== 'string' || typeof v.refreshToken !== 'string' || typeof v.expiresAt !== 'number')
      return null;
    return { accessToken: v.accessToken, refreshToken: v.refreshToken, expiresAt: v.expiresAt };
  } catch {
    return null;
  }
}
