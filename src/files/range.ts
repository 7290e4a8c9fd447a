import type { ByteRange } from './blob-store.js';

export type RangeAnswer = { kind: 'full' } | { kind: 'partial'; range: ByteRange } | { kind: 'unsatisfiable' };

const FULL: RangeAnswer = { kind: 'full' };
const SINGLE = /^bytes=(\d{0,15})-(\d{0,15})$/;

/**
 * Reads a `Range` header for a file of `size` bytes. Only one `bytes=` range is served (a byte
 * slice of chunked storage is cheap; multipart/byteranges is not worth it); several ranges, other
 * units or a malformed header are ignored and the whole file is sent, as RFC 9110 allows.
 */
export function parseRange(header: string | undefined, size: number): RangeAnswer {
  if (!header) return FULL;
  const m = SINGLE.exec(header.replace(/\s+/g, ''));
  if (!m) return FULL;
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return FULL;
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', range: { start: Math.max(0, size - suffix), end: size - 1 } };
  }
  const start = Number(a);
  if (b !== '' && Number(b) < start) return FULL;
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', range: { start, end: b === '' ? size - 1 : Math.min(Number(b), size - 1) } };
}

/** True when an `If-None-Match` header names `etag` (weak comparison, as RFC 9110 asks for it). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}
