import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
  type oas31,
} from 'zod-openapi';
import { ERRORS, type ErrorCode } from '../../errors.js';
import { ERROR_CODES, errorBodyOf, errorBodySchema, pascalCode } from '../../schemas/errors.js';
import { openApiPath, type Access, type Answer, type Operation } from './operation.js';
import { OPERATIONS } from './operations.js';

/** Refusals every `/v1` route can give: an unreadable or oversized request, a failure, a store down. */
const STANDARD_ERRORS: readonly ErrorCode[] = ['bad_request', 'too_large', 'internal', 'unavailable'];

const SECURITY: Record<Access, oas31.SecurityRequirementObject[]> = {
  public: [],
  bearer: [{ bearer: [] }],
  stream: [{ bearer: [] }, { accessToken: [] }],
};

const DESCRIPTION = `An instant-messaging gateway. Every user has one ordered inbox of events, read by long-poll
(\`GET /v1/sync\`), Server-Sent Events (\`GET /v1/events\`) or WebSocket (\`GET /v1/ws\`, subprotocols
\`im.v1.json\` and \`im.v1.proto\`; JSON Schemas of the JSON frames and of the events are in the repository's
\`docs/schemas/\`).

Refusals are \`{"error": "<code>", "message": "<text>"}\` with the status of their code; \`rate_limited\` and
\`unavailable\` carry \`Retry-After\` (seconds). IDs are opaque strings, times milliseconds since the epoch.`;

const TAGS = [
  { name: 'auth', description: 'Accounts, device sessions and tokens.' },
  { name: 'users', description: 'The caller and other users.' },
  { name: 'friends', description: 'Friendships and friend requests.' },
  { name: 'blocks', description: 'Blocked users.' },
  { name: 'groups', description: 'Groups and their members.' },
  { name: 'sessions', description: "The caller's device sessions." },
  { name: 'messages', description: 'Sending.' },
  { name: 'conversations', description: 'The conversation list and history.' },
  { name: 'read', description: 'Read markers.' },
  { name: 'typing', description: 'Typing notices.' },
  { name: 'recall', description: 'Recalling a sent message.' },
  { name: 'sync', description: 'Reading the inbox over HTTP: long-poll and Server-Sent Events.' },
  { name: 'files', description: 'Uploads and downloads.' },
  { name: 'operations', description: 'Probes, metrics and this document.' },
];

/** A code's shared response; its body schema is registered as `<Code>Error`. */
function errorResponse(code: ErrorCode): ZodOpenApiResponseObject {
  const retry = code === 'rate_limited' || code === 'unavailable';
  return {
    description: `\`${code}\``,
    headers: retry
      ? {
          'Retry-After': {
            description: 'Seconds to wait before retrying.',
            required: true,
            schema: { type: 'integer' },
          },
        }
      : undefined,
    content: { 'application/json': { schema: errorBodyOf(code) } },
  };
}

function answer(a: Answer): ZodOpenApiResponseObject {
  const headers: oas31.HeadersObject | undefined = a.headers
    ? Object.fromEntries(
        Object.entries(a.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]),
      )
    : undefined;
  return {
    description: a.description,
    headers,
    content: a.schema ? { [a.contentType ?? 'application/json']: { schema: a.schema } } : undefined,
  };
}

/** Every status an operation can answer with: its successes, then its refusals. */
export function errorCodesOf(op: Operation): ErrorCode[] {
  const codes = new Set<ErrorCode>(op.errors ?? []);
  if (op.standardErrors !== false) for (const c of STANDARD_ERRORS) codes.add(c);
  if (op.access !== 'public') codes.add('unauthorized');
  return [...codes].sort((a, b) => ERRORS[a].status - ERRORS[b].status);
}

function operation(op: Operation): ZodOpenApiOperationObject {
  const responses: ZodOpenApiOperationObject['responses'] = {};
  for (const [status, a] of Object.entries(op.ok)) if (a) responses[status as `2${string}`] = answer(a);
  for (const code of errorCodesOf(op))
    responses[String(ERRORS[code].status) as `4${string}`] = { $ref: `#/components/responses/${pascalCode(code)}` };
  const body = op.body
    ? { required: true, content: { 'application/json': { schema: op.body } } }
    : op.content
      ? { required: true, content: { [op.content.contentType]: { schema: op.content.schema } } }
      : undefined;
  return {
    operationId: op.id,
    tags: [op.tag],
    summary: op.summary,
    description: op.description,
    security: SECURITY[op.access],
    requestParams:
      op.params || op.query || op.headers
        ? {
            ...(op.params && { path: op.params }),
            ...(op.query && { query: op.query }),
            ...(op.headers && { header: op.headers }),
          }
        : undefined,
    requestBody: body,
    responses,
  };
}

/**
 * The OpenAPI 3.1 document of the gate's HTTP API, made from the operations' zod schemas. A gate
 * builds it once, on the first request for it.
 */
export function buildOpenApiDocument(operations: readonly Operation[] = OPERATIONS): oas31.OpenAPIObject {
  const paths: ZodOpenApiPathsObject = {};
  for (const op of operations) (paths[openApiPath(op.path)] ??= {})[op.method] = operation(op);
  return createDocument({
    openapi: '3.1.1',
    info: { title: 'im-gateway', version: 'v1', description: DESCRIPTION },
    tags: TAGS,
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'The `accessToken` from login or refresh.',
        },
        accessToken: {
          type: 'apiKey',
          in: 'query',
          name: 'access_token',
          description:
            'The access token as a query parameter, for the streaming GETs only (browsers cannot set headers there).',
        },
      },
      responses: Object.fromEntries(ERROR_CODES.map((code) => [pascalCode(code), errorResponse(code)])),
      schemas: { Error: errorBodySchema },
    },
  }) as oas31.OpenAPIObject;
}
