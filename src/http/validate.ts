import { z } from 'zod';
import { badRequest } from '../errors.js';
import { findTextProblem } from '../text.js';
import { ID_PATTERN } from '../rules.js';

/**
 * Parses untrusted input with a zod schema; a failure is a 400 `bad_request` naming the first bad field.
 * Unknown fields are ignored (clients may be newer than the server). Strings that cannot be stored as
 * text (NUL, unpaired surrogates) are refused here too, before a query could fail on them.
 */
export function parse<S extends z.ZodType>(schema: S, input: unknown, where = 'body'): z.infer<S> {
  const r = schema.safeParse(input ?? {});
  if (r.success) {
    const bad = findTextProblem(r.data);
    if (bad) throw badRequest(`${bad.path.length ? bad.path.join('.') : where}: ${bad.problem}`);
    return r.data;
  }
  const issue = r.error.issues[0];
  const field = issue && issue.path.length ? issue.path.join('.') : where;
  throw badRequest(`${field}: ${issue?.message ?? 'invalid'}`);
}

export const id = z.string().regex(ID_PATTERN, 'not a valid id');
export const username = z.string().regex(/^[a-zA-Z0-9_.-]{3,32}$/, 'must be 3-32 characters of a-z A-Z 0-9 _ . -');
export const password = z.string().min(8, 'must be at least 8 characters').max(128, 'must be at most 128 characters');
/** Integers in query strings (the description is what the API document shows for them). */
export const queryInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,15}$/, 'must be a non-negative integer')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .meta({ description: `An integer from ${min} to ${max}.` });
