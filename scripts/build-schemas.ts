// Writes the JSON Schemas of the WebSocket frames and inbox events to docs/schemas/ (run it after
// changing a schema in src/schemas/ or the JSON codec's client frames; a test fails on stale files).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { jsonSchemaFiles, SCHEMA_DIR } from '../src/schemas/json-schemas.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', SCHEMA_DIR);
const files = jsonSchemaFiles();
mkdirSync(dir, { recursive: true });
for (const old of readdirSync(dir)) if (old.endsWith('.schema.json') && !files.has(old)) rmSync(path.join(dir, old));
for (const [name, text] of files) writeFileSync(path.join(dir, name), text);
console.log(`wrote ${files.size} schemas to ${SCHEMA_DIR}/`);
