/**
 * Loads our .proto files (dreamdrive.proto and the Foxglove well-known schemas under foxglove/)
 * once, from the package's own api/proto folder, and hands out protobufjs types and the
 * FileDescriptorSet bytes that MCAP channels with schema encoding 'protobuf' carry.
 *
 * Field names keep their .proto spelling (snake_case, `keepCase`): Foxglove and other readers find
 * fields by those names, and the descriptor set must say them as the .proto does.
 */
import { join } from 'node:path';
import * as protobuf from 'protobufjs';
import 'protobufjs/ext/descriptor';
import { packageRoot } from '../../scenarios/library';
import { descriptorSetFor } from './descriptor-set';

/** Our package; every dreamdrive message is `${DREAMDRIVE_PACKAGE}.<Name>`. */
export const DREAMDRIVE_PACKAGE = 'dreamdrive.v1';

const PROTO_FILES = ['dreamdrive.proto', 'foxglove/CompressedImage.proto', 'foxglove/SceneUpdate.proto', 'foxglove/FrameTransform.proto'];

/** The folder holding the .proto files (works from source and from dist/). */
export function protoDir(): string {
  return join(packageRoot(), 'api', 'proto');
}

let cachedRoot: protobuf.Root | null = null;
const typeCache = new Map<string, protobuf.Type>();
const descriptorCache = new Map<string, Uint8Array>();

/** The loaded, resolved schema root (loaded on first use, then shared). */
export function schemaRoot(): protobuf.Root {
  if (cachedRoot !== null) return cachedRoot;
  const dir = protoDir();
  const root = new protobuf.Root();
  // google/protobuf/*.proto come with protobufjs; ours resolve against api/proto.
  root.resolvePath = (_origin, target) => (target.startsWith('google/protobuf/') ? target : join(dir, target));
  try {
    root.loadSync(PROTO_FILES, { keepCase: true });
    root.resolveAll();
  } catch (error) {
    throw new Error(`cannot load dreamdrive's protobuf schemas from ${dir}: ${(error as Error).message}`);
  }
  cachedRoot = root;
  return root;
}

/** The message type with this fully qualified name, e.g. `dreamdrive.v1.WorldState` or `foxglove.SceneUpdate`. */
export function messageType(fullName: string): protobuf.Type {
  const cached = typeCache.get(fullName);
  if (cached !== undefined) return cached;
  const found = schemaRoot().lookup(fullName);
  if (!(found instanceof protobuf.Type)) throw new Error(`no protobuf message type '${fullName}' in ${protoDir()}`);
  typeCache.set(fullName, found);
  return found;
}

/**
 * A serialized google.protobuf.FileDescriptorSet that defines `fullName` and everything it uses:
 * the schema data of an MCAP channel with schema encoding 'protobuf'.
 */
export function fileDescriptorSet(fullName: string): Uint8Array {
  const cached = descriptorCache.get(fullName);
  if (cached !== undefined) return cached;
  messageType(fullName);
  const bytes = descriptorSetFor(schemaRoot(), fullName);
  descriptorCache.set(fullName, bytes);
  return bytes;
}
