import type { z } from 'zod';
import type { ErrorCode } from '../../errors.js';

/** Who may call an operation. */
export type Access =
  /** No token. */
  | 'public'
  /** `Authorization: Bearer <accessToken>`. */
  | 'bearer'
  /** The bearer header, or `?access_token=` (the streaming GETs, which browsers open without headers). */
  | 'stream';

/** One success answer of an operation. */
export interface Answer {
  description: string;
  /** The body's schema; none for an empty body. */
  schema?: z.ZodType;
  /** The body's media type (default `application/json` when there is a schema). */
  contentType?: string;
  /** Response headers worth naming, with their description. */
  headers?: Record<string, string>;
}

/**
 * One HTTP route as the OpenAPI document describes it. Request schemas are the objects the route
 * parses with (imported from its router), answers the schemas in answers.ts. Refusals: `errors`
 * names the codes the route's own logic gives; every `/v1` route can also refuse an unreadable or
 * oversized request (`bad_request`, `too_large`) and fail (`internal`, `unavailable` when a store is
 * down), and every authenticated one can answer `unauthorized`; the document adds those itself.
 */
export interface Operation {
  /** The operationId (what generated clients name the call). */
  id: string;
  method: 'get' | 'post' | 'patch' | 'delete';
  /** The path as express routes it (`/v1/users/:id`). */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  access: Access;
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  /** A JSON body. */
  body?: z.ZodType;
  /** A body of another media type, with its schema. */
  content?: { contentType: string; schema: z.ZodType };
  ok: Partial<Record<number, Answer>>;
  errors?: ErrorCode[];
  /** False for routes outside `/v1`'s JSON body parsing and store access (the document itself, probes). */
  standardErrors?: boolean;
}

/** The OpenAPI form of an express path: `/v1/users/:id` → `/v1/users/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
