/**
 * The session protocol's own messages (api/proto/session.proto: the request and answer of
 * POST /api/sessions and the body of a step, in package dreamdrive.v1 beside dreamdrive.proto's),
 * and the JSON form of every message: protobuf's field names (snake_case), enums as names, bytes as base64,
 * Infinity as the string "Infinity" (proto3 JSON mapping), so JSON and protobuf bodies have one shape.
 */
import { join } from 'node:path';
import * as protobuf from 'protobufjs';
import 'protobufjs/ext/descriptor';
import { descriptorSetFor } from '../proto/descriptor-set';
import { protoDir } from '../proto/schema-root';
import { HttpError } from './http-error';

export const PROTOCOL_PACKAGE = 'dreamdrive.v1';

let cachedRoot: protobuf.Root | null = null;
let cachedDescriptor: Uint8Array | null = null;

/** api/proto/session.proto and the dreamdrive.proto it imports, in one root (built once). */
export function serverRoot(): protobuf.Root {
  if (cachedRoot !== null) return cachedRoot;
  const root = new protobuf.Root();
  const dir = protoDir();
  root.resolvePath = (_origin, target) => (target.startsWith('google/protobuf/') ? target : join(dir, target));
  root.loadSync(['session.proto'], { keepCase: true });
  root.resolveAll();
  cachedRoot = root;
  return root;
}

export function protocolType(name: string): protobuf.Type {
  return serverRoot().lookupType(`${PROTOCOL_PACKAGE}.${name}`);
}

/** FileDescriptorSet bytes defining SessionProtocol and everything it uses (for other languages' clients). */
export function protocolDescriptorSet(): Uint8Array {
  cachedDescriptor ??= descriptorSetFor(serverRoot(), `${PROTOCOL_PACKAGE}.SessionProtocol`);
  return cachedDescriptor;
}

const TO_OBJECT: protobuf.IConversionOptions = { enums: String, longs: Number, bytes: String, defaults: true, oneofs: false, arrays: true, objects: true };

/** Protobuf bytes of message `name` -> its JSON-ready object. */
export function jsonOfBytes(name: string, bytes: Uint8Array): unknown {
  const type = protocolType(name);
  return type.toObject(type.decode(bytes), TO_OBJECT);
}

const NON_FINITE = new Set(['Infinity', '-Infinity', 'NaN']);

/** Non-finite doubles as proto3 JSON strings. */
export function stringifyJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
}

function reviveNonFinite(value: unknown): unknown {
  if (typeof value === 'string' && NON_FINITE.has(value)) return Number(value);
  if (Array.isArray(value)) return value.map(reviveNonFinite);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reviveNonFinite(v)]));
  return value;
}

/**
 * A JSON body -> protobuf bytes of message `name`, refusing wrong types with the field named
 * (protobufjs `verify`), so the codec's decoder then sees exactly what a protobuf client would send.
 */
export function bytesOfJson(name: string, json: unknown, where = ''): Uint8Array {
  const type = protocolType(name);
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new HttpError(400, `${where || name}: expected a JSON object`, where || undefined);
  const normalized = normalize(type, reviveNonFinite(json) as Record<string, unknown>);
  const problem = typeof normalized === 'string' ? normalized : type.verify(normalized);
  if (problem !== null) {
    const field = [where, problem.split(':')[0]].filter((s) => s !== '').join('.');
    throw new HttpError(400, `${where || name}: ${problem}`, field);
  }
  return type.encode(type.fromObject(normalized as Record<string, unknown>)).finish();
}

type Normalized = { readonly value: unknown } | { readonly problem: string };

/**
 * The object with enum names turned into their numbers (what protobufjs `verify` checks), or a
 * problem: an unknown field (verify ignores fields the type lacks) or an unknown enum name.
 */
function normalize(type: protobuf.Type, obj: Record<string, unknown>): Record<string, unknown> | string {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    const field = type.fields[key];
    if (field === undefined) return `${key}: unknown field (fields: ${Object.keys(type.fields).join(', ')})`;
    field.resolve();
    const inner = field.resolvedType;
    if (value === null || value === undefined || inner === null || field.map) {
      out[key] = value;
      continue;
    }
    const items = field.repeated && Array.isArray(value) ? value : [value];
    const done = items.map((item, i) => normalizeValue(inner, item, field.repeated && Array.isArray(value) ? `${key}[${i}]` : key));
    const failed = done.find((d): d is { problem: string } => 'problem' in d);
    if (failed) return failed.problem;
    const values = done.map((d) => (d as { value: unknown }).value);
    out[key] = field.repeated && Array.isArray(value) ? values : values[0];
  }
  return out;
}

function normalizeValue(inner: protobuf.Type | protobuf.Enum, item: unknown, at: string): Normalized {
  if (inner instanceof protobuf.Enum) {
    if (typeof item !== 'string') return { value: item };
    const n = inner.values[item];
    return n === undefined ? { problem: `${at}: unknown enum value '${item}' (${Object.keys(inner.values).join(', ')})` } : { value: n };
  }
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return { problem: `${at}: object expected` };
  const r = normalize(inner, item as Record<string, unknown>);
  return typeof r === 'string' ? { problem: `${at}.${r}` } : { value: r };
}

/** Field 1 (length-delimited) of a message, as raw bytes: the Action inside a StepRequest. */
export function embeddedField(bytes: Uint8Array, fieldNumber: number, where: string): Uint8Array | null {
  const reader = protobuf.Reader.create(bytes);
  let found: Uint8Array | null = null;
  try {
    while (reader.pos < reader.len) {
      const tag = reader.uint32();
      if (tag >>> 3 === fieldNumber && (tag & 7) === 2) found = reader.bytes();
      else reader.skipType(tag & 7);
    }
  } catch (error) {
    throw new HttpError(400, `${where}: malformed protobuf (${(error as Error).message})`);
  }
  return found;
}

/** SessionCreated bytes: the id, then the already encoded Observation as field 2. */
export function sessionCreatedBytes(id: string, observation: Uint8Array): Uint8Array {
  const STRING_FIELD_1 = (1 << 3) | 2;
  const MESSAGE_FIELD_2 = (2 << 3) | 2;
  return protobuf.Writer.create().uint32(STRING_FIELD_1).string(id).uint32(MESSAGE_FIELD_2).bytes(observation).finish();
}

/** A decoded protocol message as a plain object (defaults filled in), or 400 naming the message. */
export function decodeProtocol(name: string, bytes: Uint8Array): Record<string, unknown> {
  const type = protocolType(name);
  try {
    return type.toObject(type.decode(bytes), { defaults: true, longs: Number, enums: String, objects: true, arrays: true }) as Record<string, unknown>;
  } catch (error) {
    throw new HttpError(400, `${PROTOCOL_PACKAGE}.${name}: malformed protobuf (${(error as Error).message})`);
  }
}
