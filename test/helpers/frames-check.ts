import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { jsonSchemaFiles } from '../../src/schemas/json-schemas.js';

/** The compiled server frame schema, made on first use. */
let validate: ValidateFunction | undefined;

/**
 * Throws when a JSON frame a gate sent does not match the JSON Schema published in docs/schemas/
 * (as the definitions generate it; a test keeps the committed files equal to that), so a frame that
 * drifts from its schema fails the test that received it.
 */
export function checkServerFrame(frame: unknown): void {
  if (!validate) {
    const text = jsonSchemaFiles().get('server-frame.schema.json');
    if (!text) throw new Error('no server-frame.schema.json is generated');
    validate = new Ajv2020({ strict: false, allErrors: true }).compile(JSON.parse(text) as object);
  }
  if (validate(frame)) return;
  const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '(frame)'} ${e.message ?? ''}`);
  throw new Error(
    `a frame the gate sent does not match docs/schemas/server-frame.schema.json:\n  ${problems.slice(0, 8).join('\n  ')}\nframe: ${JSON.stringify(frame).slice(0, 1000)}`,
  );
}
