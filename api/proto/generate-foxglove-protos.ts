/**
 * Writes the few Foxglove well-known schemas our rollout logs use into api/proto/foxglove/*.proto,
 * from @foxglove/schemas (a dev dependency), so the runtime loads committed .proto files and needs
 * no generator. Run after upgrading @foxglove/schemas, then commit the output:
 *
 *   npx tsc -p tsconfig.json && node dist/api/proto/generate-foxglove-protos.js
 *
 * Field numbers come from Foxglove's own generator (generateProto), so the messages are the ones the
 * Foxglove app recognises by schema name (foxglove.CompressedImage, foxglove.SceneUpdate, ...).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { foxgloveEnumSchemas, foxgloveMessageSchemas, generateProto, type FoxgloveMessageSchema } from '@foxglove/schemas/internal';
import { packageRoot } from '../../scenarios/library';

/** The messages our logs write; their dependencies are added by walking the fields. */
export const FOXGLOVE_ROOTS = ['CompressedImage', 'SceneUpdate', 'FrameTransform'] as const;

/** Every schema reachable from the roots, except google.protobuf ones (protobufjs ships those). */
function closure(names: readonly string[]): FoxgloveMessageSchema[] {
  const all = foxgloveMessageSchemas as Record<string, FoxgloveMessageSchema>;
  const seen = new Map<string, FoxgloveMessageSchema>();
  const visit = (schema: FoxgloveMessageSchema): void => {
    if (seen.has(schema.name) || schema.protoEquivalent !== undefined) return;
    seen.set(schema.name, schema);
    for (const field of schema.fields) if (field.type.type === 'nested') visit(field.type.schema);
  };
  for (const name of names) visit(all[name]);
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function main(): void {
  const dir = join(packageRoot(), 'api', 'proto', 'foxglove');
  const enums = Object.values(foxgloveEnumSchemas);
  for (const schema of closure(FOXGLOVE_ROOTS)) {
    const nested = enums.filter((e) => e.parentSchemaName === schema.name);
    writeFileSync(join(dir, `${schema.name}.proto`), generateProto(schema, nested));
    process.stdout.write(`foxglove/${schema.name}.proto\n`);
  }
}

if (require.main === module) main();
