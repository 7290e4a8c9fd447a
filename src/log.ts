import { pino, type Logger } from 'pino';

/**
 * Structured logs. Passwords, tokens and the `access_token` query parameter never reach a line:
 * request URLs are logged without their query, and these paths are redacted wherever they appear.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: undefined,
    redact: {
      paths: [
        'password',
        '*.password',
        'token',
        '*.token',
        'refreshToken',
        '*.refreshToken',
        'accessToken',
        '*.accessToken',
        'req.headers.authorization',
        'headers.authorization',
      ],
      censor: '[redacted]',
    },
  });
}

/** A URL's path without its query string (which may hold `access_token`). */
export function pathOnly(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
