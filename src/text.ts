/**
 * Text a client sends ends up in Postgres `text` columns and in JSON read by other clients. Postgres
 * refuses U+0000 outright (the statement fails, and a batch holding it would fail on every retry),
 * and an unpaired UTF-16 surrogate has no UTF-8 form (it would be stored as U+FFFD, so the stored
 * message would differ from the delivered one). Both are refused at the edge instead.
 */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why `s` cannot be stored as text, or null when it can. */
export function textProblem(s: string): string | null {
  const m = UNSTORABLE.exec(s);
  if (!m) return null;
  return m[0] === '\u0000'
    ? 'must not contain NUL characters'
    : 'must be well-formed Unicode (an unpaired surrogate was found)';
}

/** The path and problem of the first unstorable string inside `value` (objects and arrays are walked), or null. */
export function findTextProblem(
  value: unknown,
  path: string[] = [],
  depth = 0,
): { path: string[]; problem: string } | null {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? { path, problem } : null;
  }
  if (depth > 32 || typeof value !== 'object' || value === null) return null;
  for (const [k, v] of Object.entries(value)) {
    const hit = findTextProblem(v, [...path, k], depth + 1);
    if (hit) return hit;
  }
  return null;
}
