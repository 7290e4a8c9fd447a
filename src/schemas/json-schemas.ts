import { z } from 'zod';
import { clientFrameDocumented } from '../transports/codec-json.js';
import { wireEventSchema } from './events.js';
import { serverFrameSchema } from './frames.js';

/** Where the generated JSON Schemas live, relative to the repository root. */
export const SCHEMA_DIR = 'docs/schemas';

interface SchemaFile {
  schema: z.ZodType;
  /** Whether the schema describes what the gate reads (`input`) or what it writes (`output`). */
  io: 'input' | 'output';
  title: string;
  description: string;
}

const FILES: Record<string, SchemaFile> = {
  'client-frame.schema.json': {
    schema: clientFrameDocumented,
    io: 'input',
    title: 'ClientFrame',
    description:
      'A frame a client sends on the WebSocket subprotocol im.v1.json (one JSON object per text frame). Unknown fields are ignored.',
  },
  'server-frame.schema.json': {
    schema: serverFrameSchema,
    io: 'output',
    title: 'ServerFrame',
    description: 'A frame the gate sends on the WebSocket subprotocol im.v1.json (one JSON object per text frame).',
  },
  'event.schema.json': {
    schema: wireEventSchema,
    io: 'output',
    title: 'Event',
    description:
      'One inbox event, as every transport delivers it (WebSocket event frames, the SSE data lines, the long-poll answer).',
  },
};

/**
 * The JSON Schemas (draft 2020-12) of the WebSocket frames and of the inbox events, made from the
 * same zod schemas the gate parses with and types its output by: file name → file text.
 * `npm run schemas` writes them to docs/schemas/; a test fails when the committed ones differ.
 */
export function jsonSchemaFiles(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, f] of Object.entries(FILES)) {
    const generated = z.toJSONSchema(f.schema, { target: 'draft-2020-12', io: f.io, unrepresentable: 'throw' });
    const { $schema, ...rest } = generated;
    const doc = { $schema, title: f.title, description: f.description, ...rest };
    out.set(name, `${JSON.stringify(doc, null, 2)}\n`);
  }
  return out;
}
