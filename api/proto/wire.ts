/**
 * Small readers for protobufjs message objects (field names as in the .proto), that turn absence
 * into null and problems into a ProtoDecodeError naming the field. protobufjs gives scalars their
 * proto3 defaults, absent message and `optional` fields as null, 64-bit integers as Long.
 */
import { ProtoDecodeError } from './proto-error';

/** A protobufjs message object (decoded) or a plain object about to be encoded. */
export type Wire = { readonly [field: string]: unknown };

/** Where a reader is: the message type being decoded and the path of the current sub-message. */
export interface WireAt {
  readonly type: string;
  readonly path: string;
}

export function at(type: string): WireAt {
  return { type, path: '' };
}

export function inside(where: WireAt, field: string): WireAt {
  return { type: where.type, path: where.path === '' ? field : `${where.path}.${field}` };
}

export function fail(where: WireAt, field: string, detail: string): never {
  throw new ProtoDecodeError(where.type, inside(where, field).path, detail);
}

/** Whether a oneof member or optional field is set (protobufjs puts defaults on the prototype). */
export function present(w: Wire, field: string): boolean {
  return Object.hasOwn(w, field) && w[field] !== null && w[field] !== undefined;
}

export function num(w: Wire, field: string): number {
  const v = w[field];
  return typeof v === 'number' ? v : 0;
}

export function optNum(w: Wire, field: string): number | null {
  const v = w[field];
  return typeof v === 'number' ? v : null;
}

/** An integer field (uint32 or uint64); 64-bit values beyond 2^53 are refused rather than rounded. */
export function int(w: Wire, field: string, where: WireAt): number {
  const v = w[field];
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') return v;
  const long = v as { toNumber(): number; toString(): string };
  const n = long.toNumber();
  if (!Number.isSafeInteger(n)) fail(where, field, `${long.toString()} is beyond 2^53 and cannot be held exactly`);
  return n;
}

export function str(w: Wire, field: string): string {
  const v = w[field];
  return typeof v === 'string' ? v : '';
}

export function optStr(w: Wire, field: string): string | null {
  const v = w[field];
  return typeof v === 'string' ? v : null;
}

export function bool(w: Wire, field: string): boolean {
  return w[field] === true;
}

export function optBool(w: Wire, field: string): boolean | null {
  const v = w[field];
  return typeof v === 'boolean' ? v : null;
}

/** A bytes field as a plain Uint8Array of its own (protobufjs hands out Buffer views of the input). */
export function bytes(w: Wire, field: string): Uint8Array {
  const v = w[field];
  return v instanceof Uint8Array ? new Uint8Array(v) : new Uint8Array(0);
}

export function list(w: Wire, field: string): readonly Wire[] {
  const v = w[field];
  return Array.isArray(v) ? (v as Wire[]) : [];
}

export function strings(w: Wire, field: string): readonly string[] {
  const v = w[field];
  return Array.isArray(v) ? (v as string[]) : [];
}

export function numberMap(w: Wire, field: string): Readonly<Record<string, number>> {
  const v = w[field];
  return v !== null && typeof v === 'object' ? { ...(v as Record<string, number>) } : {};
}

export function msg(w: Wire, field: string, where: WireAt): Wire {
  const v = w[field];
  if (v === null || v === undefined) fail(where, field, 'is missing');
  return v as Wire;
}

export function optMsg(w: Wire, field: string): Wire | null {
  const v = w[field];
  return v === null || v === undefined ? null : (v as Wire);
}

/** An enum field by its table (index = wire value); 0 (UNSPECIFIED) and unknown values are errors. */
export function enumOf<T>(w: Wire, field: string, table: readonly (T | null)[], where: WireAt): T {
  const v = num(w, field);
  const value = table[v];
  if (value === undefined || value === null) fail(where, field, `unknown or unspecified value ${v}`);
  return value;
}

/** A finite number, or an error naming the field (actions must never carry NaN or Infinity). */
export function finite(w: Wire, field: string, where: WireAt): number {
  const v = num(w, field);
  if (!Number.isFinite(v)) fail(where, field, `must be a finite number, got ${v}`);
  return v;
}
