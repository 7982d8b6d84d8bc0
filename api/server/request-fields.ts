/** Checks on decoded request fields, each failing with a 400 that names the field. */
import { HttpError } from './http-error';

/** Seeds are uint32 on the wire (dreamdrive.proto), so JSON clients get the same range. */
const MAX_SEED = 0xffffffff;

export function stringField(obj: Record<string, unknown>, field: string, required: boolean): string | undefined {
  const v = obj[field];
  if (v === undefined || v === null || v === '') {
    if (required) throw new HttpError(400, `missing '${field}'`, field);
    return undefined;
  }
  if (typeof v !== 'string') throw new HttpError(400, `'${field}' must be a string, got ${typeof v}`, field);
  return v;
}

export function seedField(obj: Record<string, unknown>, field = 'seed'): number {
  const v = obj[field];
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_SEED) throw new HttpError(400, `'${field}' must be an integer in [0, ${MAX_SEED}], got ${JSON.stringify(v)}`, field);
  return v;
}

export function paramsField(obj: Record<string, unknown>, field = 'params'): Record<string, number> {
  const v = obj[field];
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new HttpError(400, `'${field}' must be an object of parameter name -> number`, field);
  const out: Record<string, number> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new HttpError(400, `'${field}.${k}' must be a finite number, got ${JSON.stringify(x)}`, `${field}.${k}`);
    out[k] = x;
  }
  return out;
}

export function boolField(obj: Record<string, unknown>, field: string): boolean {
  const v = obj[field];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw new HttpError(400, `'${field}' must be true or false, got ${JSON.stringify(v)}`, field);
  return v;
}

export function objectBody(v: unknown): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new HttpError(400, 'the request body must be a JSON object');
  return v as Record<string, unknown>;
}
