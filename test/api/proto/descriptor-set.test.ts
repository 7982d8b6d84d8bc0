/**
 * The FileDescriptorSets that MCAP channels carry: each defines its type and only what it reaches,
 * with absolute type names, protoc's map-entry names, dependencies listed and placed first, and
 * decodes our bytes to the same values as the schema root that wrote them.
 */
import * as protobuf from 'protobufjs';
import { FileDescriptorSet } from 'protobufjs/ext/descriptor';
import { mapEntryName } from '../../../api/proto/descriptor-set';
import { encodeMessage, worldStateMessage } from '../../../api/proto/codec';
import { fileDescriptorSet, messageType, schemaRoot } from '../../../api/proto/schema-root';
import { librarySpec, recordRun } from '../../helpers/scenario-runs';

interface FileShape {
  name: string;
  package: string;
  dependency: string[];
  messageType: { name: string; field: { name: string; typeName?: string }[]; nestedType?: { name: string }[] }[];
}

function files(fullName: string): FileShape[] {
  return (FileDescriptorSet.decode(fileDescriptorSet(fullName)) as unknown as { file: FileShape[] }).file;
}

/** Every message of dreamdrive.proto, and the Foxglove messages our logs write. */
const ALL_TYPES = [
  ...Object.values((schemaRoot().lookup('dreamdrive.v1') as protobuf.Namespace).nested ?? {})
    .filter((v): v is protobuf.Type => v instanceof protobuf.Type)
    .map((t) => t.fullName.slice(1)),
  'foxglove.SceneUpdate',
  'foxglove.FrameTransform',
  'foxglove.CompressedImage',
];

test.each([
  ['values', 'ValuesEntry'],
  ['parameters', 'ParametersEntry'],
  ['speed_limit_by_lane', 'SpeedLimitByLaneEntry'],
])('the entry type of map field %s is named %s, as protoc names it', (field, entry) => {
  expect(mapEntryName(field)).toBe(entry);
});

describe.each(ALL_TYPES)('the descriptor set of %s', (fullName) => {
  const set = files(fullName);

  test('lists every dependency before the file that needs it', () => {
    const names = set.map((f) => f.name);
    set.forEach((f, i) => f.dependency.forEach((d) => expect([d, names.indexOf(d) >= 0 && names.indexOf(d) < i]).toEqual([d, true])));
  });

  test('names every field type absolutely', () => {
    const typeNames = set.flatMap((f) => f.messageType.flatMap((m) => m.field.map((x) => x.typeName ?? '')));
    expect(typeNames.filter((t) => t !== '' && !t.startsWith('.'))).toEqual([]);
  });

  test('loads on its own into protobufjs and finds the type', () => {
    const root = protobuf.Root.fromDescriptor(fileDescriptorSet(fullName), { keepCase: true });
    root.resolveAll();
    expect(Object.keys(root.lookupType(fullName).fields)).toEqual(Object.keys(messageType(fullName).fields));
  });
});

test('a set holds only the types its message reaches (FrameTransform needs no scene entities)', () => {
  const set = files('foxglove.FrameTransform');
  expect(set.map((f) => f.name)).toEqual(['google/protobuf/timestamp.proto', 'foxglove.proto']);
  expect(set[1].messageType.map((m) => m.name).sort()).toEqual(['FrameTransform', 'Quaternion', 'Vector3']);
  expect(set[1].dependency).toEqual(['google/protobuf/timestamp.proto']);
});

test('a world state decodes the same through its own descriptor set as through the schema root', () => {
  const world = recordRun(librarySpec('cut_in'), 'idm').states[30];
  const bytes = encodeMessage('WorldState', worldStateMessage(world));
  const own = protobuf.Root.fromDescriptor(fileDescriptorSet('dreamdrive.v1.WorldState'), { keepCase: true }).lookupType('dreamdrive.v1.WorldState');
  const ours = messageType('dreamdrive.v1.WorldState');
  expect(own.toObject(own.decode(bytes))).toEqual(ours.toObject(ours.decode(bytes)));
});

test('map fields keep protoc-style entry types', () => {
  const metrics = files('dreamdrive.v1.RolloutMetrics')[0].messageType.find((m) => m.name === 'RolloutMetrics')!;
  expect(metrics.nestedType?.map((n) => n.name)).toEqual(['ValuesEntry']);
  expect(metrics.field.find((f) => f.name === 'values')?.typeName).toBe('.dreamdrive.v1.RolloutMetrics.ValuesEntry');
});
