import { after } from 'node:test';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { buildOpenApiDocument } from '../../src/http/openapi/document.js';
import { OPERATIONS } from '../../src/http/openapi/operations.js';
import type { Operation } from '../../src/http/openapi/operation.js';
import { openApiPath } from '../../src/http/openapi/operation.js';

/**
 * Checks HTTP answers against the OpenAPI document the gate serves, so an answer that drifts from
 * its documented shape fails the test that received it. Only tests do this: the gate never
 * validates its own answers.
 */

/** What `check` needs of an answer. */
export interface CheckedReply {
  status: number;
  headers: Headers;
  body: unknown;
}

type Doc = ReturnType<typeof buildOpenApiDocument>;

interface Route {
  op: Operation;
  pattern: RegExp;
  params: number;
}

/** The document and what is derived from it, made once per test process (the document is a pure function). */
let state: { doc: Doc; routes: Route[]; ajv: Ajv2020; compiled: Map<string, ValidateFunction> } | undefined;

function init(): NonNullable<typeof state> {
  if (state) return state;
  const doc = buildOpenApiDocument();
  // The document is added whole, so the `#/components/...` references inside it resolve; OpenAPI's own
  // keywords (discriminator, example) are not JSON Schema and are ignored.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, validateFormats: false });
  ajv.addSchema(doc as object, 'openapi');
  const routes = OPERATIONS.map((op) => ({
    op,
    pattern: new RegExp(`^${op.path.replace(/:[A-Za-z0-9_]+/g, '[^/]+')}$`),
    params: (op.path.match(/:/g) ?? []).length,
  }));
  state = { doc, routes, ajv, compiled: new Map() };
  return state;
}

/** The operation a request reaches, by method and path: literal segments win over parameters, as in express. */
export function operationFor(method: string, url: string): Operation | undefined {
  const { routes } = init();
  const m = method.toLowerCase() === 'head' ? 'get' : method.toLowerCase();
  let path = url.split('?')[0]!;
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return routes
    .filter((r) => r.op.method === m && r.pattern.test(path))
    .sort((a, b) => a.params - b.params)
    .map((r) => r.op)[0];
}

/** A JSON pointer, as a URI fragment (path templates have braces). */
const pointer = (...parts: string[]) =>
  parts.map((p) => encodeURIComponent(p.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');

interface Documented {
  /** JSON pointer of the response object in the document. */
  at: string;
  response: { content?: Record<string, unknown>; headers?: Record<string, { required?: boolean }> };
}

function documentedResponse(op: Operation, status: number): Documented | undefined {
  const { doc } = init();
  const responses = doc.paths?.[openApiPath(op.path)]?.[op.method]?.responses as Record<string, unknown> | undefined;
  const r = responses?.[String(status)] as { $ref?: string } | undefined;
  if (!r) return undefined;
  if (r.$ref) {
    const name = r.$ref.replace('#/components/responses/', '');
    return {
      at: pointer('components', 'responses', name),
      response: doc.components!.responses![name] as Documented['response'],
    };
  }
  return {
    at: pointer('paths', openApiPath(op.path), op.method, 'responses', String(status)),
    response: r as Documented['response'],
  };
}

function validatorAt(at: string): ValidateFunction {
  const { ajv, compiled } = init();
  let v = compiled.get(at);
  if (!v) {
    v = ajv.compile({ $ref: `openapi#/${at}` });
    compiled.set(at, v);
  }
  return v;
}

function mediaTypeMatches(documented: string, actual: string): boolean {
  if (documented === '*/*') return true;
  return actual.split(';')[0]!.trim().toLowerCase() === documented;
}

/**
 * Throws when an answer of a documented route does not match the document: a status the operation
 * does not list, a body that does not validate against its schema (objects may carry no field the
 * schema does not name), a media type or a required header it does not name. Routes the document
 * does not describe (unknown paths, other methods) are not checked.
 */
export function checkReply(method: string, url: string, reply: CheckedReply): void {
  const op = operationFor(method, url);
  if (!op) return;
  const where = `${method.toUpperCase()} ${url.split('?')[0]} (${op.id}) answered ${reply.status}`;
  const documented = documentedResponse(op, reply.status);
  if (!documented) throw new Error(`${where}, a status the API document does not list for it`);
  for (const [name, h] of Object.entries(documented.response.headers ?? {}))
    if (h.required && !reply.headers.has(name)) throw new Error(`${where} without its documented ${name} header`);
  if (method.toLowerCase() === 'head') return;
  const content = documented.response.content;
  const empty = reply.body === undefined || reply.body === '';
  if (!content) {
    if (!empty) throw new Error(`${where} with a body, where the API document says it has none`);
    return;
  }
  const actualType = reply.headers.get('content-type') ?? '';
  const mediaType = Object.keys(content).find((t) => mediaTypeMatches(t, actualType));
  if (!mediaType) throw new Error(`${where} with Content-Type "${actualType}", not one the API document lists`);
  if (mediaType !== 'application/json') return;
  const validate = validatorAt(`${documented.at}/content/${pointer(mediaType)}/schema`);
  if (!validate(reply.body)) {
    const problems = (validate.errors ?? []).map(
      (e) => `${e.instancePath || '(body)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
    );
    throw new Error(
      `${where} with a body that does not match its documented schema:\n  ${problems.slice(0, 8).join('\n  ')}\nbody: ${JSON.stringify(reply.body).slice(0, 1000)}`,
    );
  }
}

/** An answer's body as the checks see it: parsed JSON when it parses, else the text; undefined when empty. */
export function bodyOf(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * `inner` with `checkReply` run on every answer it gets for a documented route, so a request made
 * with plain fetch (or by the client library) is held to the document as `call`'s are: a mismatch
 * rejects the fetch, after `onMismatch` has seen it. The body is read from a clone, so the caller
 * still reads it whole. An event stream's body is not read (it does not end; its status, media type
 * and headers are checked), nor a HEAD's; a body that fails to arrive is left for the caller to see.
 */
export function checkedFetch(inner: typeof fetch, onMismatch?: (err: Error) => void): typeof fetch {
  return async (input, init) => {
    const res = await inner(input, init);
    const req = input instanceof Request ? input : undefined;
    const method = init?.method ?? req?.method ?? 'GET';
    const url = new URL(req?.url ?? input.toString());
    const path = url.pathname + url.search;
    if (!operationFor(method, path)) return res;
    let body: unknown;
    const stream = (res.headers.get('content-type') ?? '').startsWith('text/event-stream');
    if (!stream && method.toUpperCase() !== 'HEAD') {
      try {
        body = bodyOf(await res.clone().text());
      } catch {
        return res;
      }
    }
    try {
      checkReply(method, path, { status: res.status, headers: res.headers, body });
    } catch (err) {
      onMismatch?.(err as Error);
      throw err;
    }
    return res;
  };
}

let fetchChecked = false;

/**
 * Makes the global fetch a `checkedFetch`, once per test process. A mismatch also fails the test
 * file when its rejection was swallowed (the client library, for one, retries what looks like a
 * network error): a hook after all its tests throws the first one.
 */
export function checkEveryFetch(): void {
  if (fetchChecked) return;
  fetchChecked = true;
  const mismatches: Error[] = [];
  globalThis.fetch = checkedFetch(globalThis.fetch.bind(globalThis), (err) => mismatches.push(err));
  after(() => {
    if (mismatches.length)
      throw new Error(
        `${mismatches.length} fetched answer(s) did not match the API document; the first: ${mismatches[0]!.message}`,
      );
  });
}

/**
 * Throws when one message of an SSE stream does not match the document's `SseMessage` schema, or
 * when its `event:` name is not the type of the event its data carries.
 */
export function checkSseMessage(message: { event: string; id?: string; data: unknown }): void {
  const validate = validatorAt(pointer('components', 'schemas', 'SseMessage'));
  const dataType = (message.data as { type?: unknown } | null)?.type;
  const named = message.event === 'ready' || message.event === 'cursor_expired' || dataType === message.event;
  if (!validate(message) || !named) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '(message)'} ${e.message ?? ''}`);
    throw new Error(
      `an SSE message does not match the documented SseMessage schema:\n  ${problems.slice(0, 8).join('\n  ')}\nmessage: ${JSON.stringify(message).slice(0, 1000)}`,
    );
  }
}
