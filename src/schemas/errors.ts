import { z } from 'zod';
import { ERRORS, type ErrorCode } from '../errors.js';

/** Every code of the error registry (src/errors.ts), in its order. */
export const ERROR_CODES = Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]];

/** The codes a refusal can carry. */
export const errorCodeSchema = z.enum(ERROR_CODES).meta({
  id: 'ErrorCode',
  description:
    'Why a request was refused. `rate_limited` and `unavailable` are the retryable ones (both with `Retry-After`).',
});

/** The body of every refusal: `{error, message}`, plus the head `cursor` for `cursor_expired`. */
export const errorBodySchema = z
  .object({
    error: errorCodeSchema,
    message: z.string().meta({ description: 'Human-readable; never a stack trace.' }),
    cursor: z.string().optional().meta({ description: 'With `cursor_expired` only: the head to continue from.' }),
  })
  .meta({ id: 'Error' });

/** `not_found` → `NotFound`. */
export function pascalCode(code: ErrorCode): string {
  return code.replace(/(^|_)([a-z])/g, (_m, _sep, c: string) => c.toUpperCase());
}

/** The body of one code's refusal (`cursor_expired` requires its cursor), named `<Code>Error` in the documents. */
export function errorBodyOf(code: ErrorCode) {
  const schema =
    code === 'cursor_expired'
      ? errorBodySchema.extend({ error: z.literal(code), cursor: z.string() })
      : errorBodySchema.extend({ error: z.literal(code) }).omit({ cursor: true });
  return schema.meta({ id: `${pascalCode(code)}Error`, description: `The body of a \`${code}\` refusal.` });
}

/** The JSON body of a refusal. */
export type ErrorBody = z.infer<typeof errorBodySchema>;
