import { loginAnswer, tokenPairSchema, userAnswer } from '../answers.js';
import { loginBody, refreshBody, registerBody } from '../auth.js';
import type { Operation } from './operation.js';

const tag = 'auth';

/** `/v1/auth/*`. */
export const authOperations: Operation[] = [
  {
    id: 'register',
    method: 'post',
    path: '/v1/auth/register',
    tag,
    summary: 'Create an account',
    description:
      'Usernames: 3–32 characters of `[a-zA-Z0-9_.-]`. Passwords: 8–128 characters. Limited per username and per IP (`AUTH_RATE_PER_MINUTE`).',
    access: 'public',
    body: registerBody,
    ok: { 201: { description: 'The new user.', schema: userAnswer } },
    errors: ['conflict', 'rate_limited'],
  },
  {
    id: 'login',
    method: 'post',
    path: '/v1/auth/login',
    tag,
    summary: 'Log in a device',
    description:
      'Opens a device session. `deviceId` names one client install (made by the server when absent); logging in again with the same `deviceId` replaces its session.',
    access: 'public',
    body: loginBody,
    ok: { 200: { description: 'Tokens, the device and the gates to connect to.', schema: loginAnswer } },
    errors: ['unauthorized', 'rate_limited'],
  },
  {
    id: 'refresh',
    method: 'post',
    path: '/v1/auth/refresh',
    tag,
    summary: 'Rotate the tokens',
    description:
      'The refresh token is single use. Presenting one that was already used revokes the whole device session (theft detection).',
    access: 'public',
    body: refreshBody,
    ok: { 200: { description: 'A new token pair; the old refresh token stops working.', schema: tokenPairSchema } },
    errors: ['unauthorized', 'rate_limited'],
  },
  {
    id: 'logout',
    method: 'post',
    path: '/v1/auth/logout',
    tag,
    summary: 'End this device session',
    description: "The session's tokens stop working and its open connections on every gate close within 1 s.",
    access: 'bearer',
    ok: { 204: { description: 'Logged out.' } },
  },
  {
    id: 'logoutAll',
    method: 'post',
    path: '/v1/auth/logout-all',
    tag,
    summary: 'End every device session of the user',
    access: 'bearer',
    ok: { 204: { description: 'Every device logged out.' } },
  },
];
