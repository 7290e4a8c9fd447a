/** Client filenames are untrusted metadata: cleaned once on upload, encoded again on every download. */

const MAX_NAME_CHARS = 200;
/** C0/C1 controls, and the bidi overrides and isolates that let "gpj.exe" display as "exe.jpg". */
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * The name kept for a file: its last path component (either slash), without control or bidi
 * characters, leading dots or surrounding spaces, at most 200 characters; 'file' when nothing is left.
 * The id on disk or in the database never derives from it.
 */
export function sanitizeName(raw: string | undefined | null): string {
  const cleaned = (raw ?? '').normalize('NFC').replace(UNSAFE_CHARS, '');
  const last = cleaned.split(/[\\/]/).pop() ?? '';
  const trimmed = last.trim().replace(/^[.\s]+/, '');
  const limited = Array.from(trimmed).slice(0, MAX_NAME_CHARS).join('').trim();
  return limited || 'file';
}

/** RFC 8187 value for `filename*`: UTF-8, percent-encoded, with the characters RFC 5987 does not allow escaped too. */
function encodeExtValue(s: string): string {
  return encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * `Content-Disposition` for a download. `attachment` unless the caller decided the bytes are an
 * image safe to render inline. The plain `filename` is an ASCII fallback with anything that could
 * break out of the quoted string replaced; `filename*` carries the real (sanitized) name.
 */
export function contentDisposition(name: string, inline: boolean): string {
  const safe = sanitizeName(name);
  const ascii = safe.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeExtValue(safe)}`;
}
