import * as fs from 'node:fs';
import * as path from 'node:path';
import { emitJsonSchema, jsonSchemaText, MAX_EXPRESSION_LENGTH } from '../../scenarios/spec-schema';
import type { ScenarioSpec } from '../../scenarios/spec-types';
import * as D from '../../scenarios/spec-defaults';

const COMMITTED = path.join(__dirname, '..', '..', 'scenarios', 'schema', 'scenario.schema.json');

type Json = Record<string, unknown>;
const at = (schema: Json, ...keys: string[]): Json => keys.reduce((node, key) => (node as Record<string, Json>)[key], schema as Json);

describe('the JSON Schema', () => {
  it('is committed exactly as emitted (run the schema command after changing spec-schema.ts)', () => {
    expect(fs.readFileSync(COMMITTED, 'utf8')).toBe(jsonSchemaText());
  });

  it('is draft 2020-12 and closed to unknown fields', () => {
    const schema = emitJsonSchema();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['version', 'name', 'duration', 'road', 'ego']);
  });

  it('documents the defaults that the resolver applies', () => {
    const properties = at(emitJsonSchema(), 'properties');
    expect(at(properties, 'dt').default).toBe(D.DEFAULT_DT_S);
    expect(at(properties, 'camera', 'properties', 'fov').default).toBe(D.DEFAULT_CAMERA.fov);
  });

  it('lets every numeric field take an expression string of bounded length', () => {
    const duration = at(emitJsonSchema(), 'properties', 'duration') as { anyOf: Json[] };
    expect(duration.anyOf).toEqual([
      { exclusiveMinimum: 0, type: 'number' },
      { format: 'mathjs-expression', minLength: 1, maxLength: MAX_EXPRESSION_LENGTH, description: 'mathjs expression over the parameters', type: 'string' },
    ]);
  });

  it('gives the TypeScript type of the spec (a compile-time check of the derived types)', () => {
    const spec: ScenarioSpec = {
      version: 2,
      name: 'typed',
      duration: 'base * 2',
      road: { type: 'curve', radius: 100, angle: 45 },
      ego: { start: { x: 0, y: 0 } },
      actors: [{ id: 'a', behaviour: { type: 'walk', path: [[0, 0], [1, 1]] } }],
    };
    expect(spec.road.type).toBe('curve');
  });
});
