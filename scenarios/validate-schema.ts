/**
 * Checks a plain value against the spec schema and reports every mismatch with its path, in words
 * an author understands ("unknown field 'behavior' (did you mean 'behaviour'?)") rather than JSON
 * Schema jargon. Handles the subset `spec-schema.ts` uses: objects, records, arrays, unions
 * (discriminated by a `const` field, by JSON type, or by the best-matching keys), literals, numbers,
 * integers, strings, booleans.
 *
 * The same walk also resolves numeric fields: given `evaluate`, every expression string in a
 * number-or-expression field is replaced by its value, which then meets the number's bounds.
 */
import { didYouMean, listNames } from './did-you-mean';
import type { IssueSink, PathSegment } from './errors';
import { CONDITION_FORMAT, EXPRESSION_FORMAT } from './spec-schema';

/** The JSON Schema keywords that the spec schema uses. */
export interface JsonSchema {
  readonly type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  readonly title?: string;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean;
  readonly patternProperties?: Readonly<Record<string, JsonSchema>>;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly anyOf?: readonly JsonSchema[];
  readonly const?: unknown;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
}

export type ExpressionKind = 'expression' | 'condition';

export interface ValidationOptions {
  readonly sink: IssueSink;
  /** Called for every expression or condition string (syntax checks); issues go to the sink. */
  readonly checkExpression?: (kind: ExpressionKind, text: string, path: readonly PathSegment[]) => void;
  /** Value of a numeric field's expression, or undefined to keep the string (or when it failed). */
  readonly evaluate?: (text: string, path: readonly PathSegment[]) => number | undefined;
}

/** Checks `value`; returns it with evaluated expressions replaced by numbers (a new object). */
export function validateValue(schema: JsonSchema, value: unknown, path: readonly PathSegment[], options: ValidationOptions): unknown {
  if (schema.anyOf !== undefined) return validateUnion(schema, value, path, options);
  if (schema.const !== undefined) {
    if (value !== schema.const) options.sink.error(path, `expected ${describeSchema(schema)}, got ${describeValue(value)}`);
    return value;
  }
  switch (schema.type) {
    case 'object':
      return validateObject(schema, value, path, options);
    case 'array':
      return validateArray(schema, value, path, options);
    case 'string':
      return validateString(schema, value, path, options);
    case 'number':
    case 'integer':
      checkNumber(schema, value, path, options.sink, '');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') options.sink.error(path, `expected true or false, got ${describeValue(value)}`);
      return value;
    default:
      return value;
  }
}

function validateObject(schema: JsonSchema, value: unknown, path: readonly PathSegment[], options: ValidationOptions): unknown {
  if (!isPlainObject(value)) {
    options.sink.error(path, `expected ${describeSchema(schema)}, got ${describeValue(value)}`);
    return value;
  }
  const properties = schema.properties ?? {};
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const property = properties[key] ?? matchPattern(schema, key);
    if (property !== undefined) {
      out[key] = validateValue(property, item, [...path, key], options);
    } else if (schema.patternProperties !== undefined) {
      const patterns = Object.keys(schema.patternProperties).join(' or ');
      options.sink.error([...path, key], `invalid ${schema.title ?? 'key'} '${key}' (must match ${patterns})`, { atKey: true });
    } else if (schema.additionalProperties === false) {
      const known = Object.keys(properties);
      const hint = didYouMean(key, known) || ` (allowed: ${listNames(known)})`;
      options.sink.error([...path, key], `unknown field '${key}'${hint}`, { atKey: true });
    } else {
      out[key] = item;
    }
  }
  for (const key of schema.required ?? []) {
    if (key in value) continue;
    const hint = properties[key]?.description;
    options.sink.error(path, `missing required field '${key}'${hint === undefined ? '' : ` (${hint})`}`);
  }
  return out;
}

function matchPattern(schema: JsonSchema, key: string): JsonSchema | undefined {
  for (const [pattern, property] of Object.entries(schema.patternProperties ?? {})) {
    if (new RegExp(pattern).test(key)) return property;
  }
  return undefined;
}

function validateArray(schema: JsonSchema, value: unknown, path: readonly PathSegment[], options: ValidationOptions): unknown {
  if (!Array.isArray(value)) {
    options.sink.error(path, `expected ${describeSchema(schema)}, got ${describeValue(value)}`);
    return value;
  }
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    options.sink.error(path, `needs at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}, got ${value.length}`);
  }
  if (schema.maxItems !== undefined && value.length > schema.maxItems) {
    options.sink.error(path, `takes at most ${schema.maxItems} item${schema.maxItems === 1 ? '' : 's'}, got ${value.length}`);
  }
  const items = schema.items;
  return items === undefined ? value : value.map((item, index) => validateValue(items, item, [...path, index], options));
}

function validateString(schema: JsonSchema, value: unknown, path: readonly PathSegment[], options: ValidationOptions): unknown {
  const { sink } = options;
  if (typeof value !== 'string') {
    sink.error(path, `expected ${describeSchema(schema)}, got ${describeValue(value)}`);
    return value;
  }
  if (schema.minLength !== undefined && value.length < schema.minLength) sink.error(path, 'must not be empty');
  if (schema.maxLength !== undefined && value.length > schema.maxLength) {
    sink.error(path, `is ${value.length} characters long; the limit is ${schema.maxLength}`, { expression: value.slice(0, 80) });
    return value;
  }
  if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) {
    const hint = schema.description === undefined ? '' : `: ${schema.description}`;
    sink.error(path, `invalid value '${value}' (must match ${schema.pattern}${hint})`);
  }
  if (options.checkExpression !== undefined && value.length > 0) {
    if (schema.format === EXPRESSION_FORMAT) options.checkExpression('expression', value, path);
    if (schema.format === CONDITION_FORMAT) options.checkExpression('condition', value, path);
  }
  return value;
}

function checkNumber(schema: JsonSchema, value: unknown, path: readonly PathSegment[], sink: IssueSink, source: string): void {
  if (typeof value !== 'number') {
    sink.error(path, `expected ${describeSchema(schema)}, got ${describeValue(value)}`);
    return;
  }
  const extras = source === '' ? {} : { expression: source };
  const got = source === '' ? `${value}` : `${value} (from '${source}')`;
  if (!Number.isFinite(value)) sink.error(path, `must be a finite number, got ${got}`, extras);
  else if (schema.type === 'integer' && !Number.isInteger(value)) sink.error(path, `must be a whole number, got ${got}`, extras);
  else if (schema.minimum !== undefined && value < schema.minimum) sink.error(path, `must be at least ${schema.minimum}, got ${got}`, extras);
  else if (schema.maximum !== undefined && value > schema.maximum) sink.error(path, `must be at most ${schema.maximum}, got ${got}`, extras);
  else if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) {
    sink.error(path, `must be greater than ${schema.exclusiveMinimum}, got ${got}`, extras);
  } else if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) {
    sink.error(path, `must be less than ${schema.exclusiveMaximum}, got ${got}`, extras);
  }
}

/** The number branch of a number-or-expression union, or undefined for other unions. */
function numberOrExpression(schema: JsonSchema): JsonSchema | undefined {
  const variants = schema.anyOf ?? [];
  const numberBranch = variants.find((v) => v.type === 'number' || v.type === 'integer');
  const exprBranch = variants.find((v) => v.type === 'string' && v.format === EXPRESSION_FORMAT);
  return variants.length === 2 && numberBranch !== undefined && exprBranch !== undefined ? numberBranch : undefined;
}

function validateUnion(schema: JsonSchema, value: unknown, path: readonly PathSegment[], options: ValidationOptions): unknown {
  const variants = schema.anyOf ?? [];
  const numberBranch = numberOrExpression(schema);
  if (numberBranch !== undefined && typeof value === 'string' && options.evaluate !== undefined) {
    const result = options.evaluate(value, path);
    if (result === undefined) return value;
    checkNumber(numberBranch, result, path, options.sink, value);
    return result;
  }
  const literals = variants.filter((v) => v.const !== undefined);
  if (literals.length === variants.length) {
    if (!literals.some((v) => v.const === value)) {
      const names = literals.map((v) => String(v.const));
      const hint = typeof value === 'string' ? didYouMean(value, names) : '';
      options.sink.error(path, `unknown ${schema.title ?? 'value'} ${describeValue(value)} (expected one of: ${names.join(', ')})${hint}`);
    }
    return value;
  }
  const candidates = variants.filter((v) => jsonTypeMatches(v, value));
  if (candidates.length === 0) {
    options.sink.error(path, `expected ${describeSchema(schema)}, got ${describeValue(value)}`);
    return value;
  }
  if (candidates.length === 1) return validateValue(candidates[0], value, path, options);
  return validateValue(chooseObjectVariant(schema, candidates, value as Record<string, unknown>, path, options), value, path, options);
}

/** Among object variants: by a discriminating `const` field if they share one, else by shared keys. */
function chooseObjectVariant(
  union: JsonSchema,
  candidates: readonly JsonSchema[],
  value: Record<string, unknown>,
  path: readonly PathSegment[],
  options: ValidationOptions,
): JsonSchema {
  const discriminator = Object.keys(candidates[0].properties ?? {}).find((key) =>
    candidates.every((v) => v.properties?.[key]?.const !== undefined),
  );
  if (discriminator !== undefined) {
    const names = candidates.map((v) => String(v.properties?.[discriminator]?.const));
    const chosen = candidates.find((v) => v.properties?.[discriminator]?.const === value[discriminator]);
    if (chosen !== undefined) return chosen;
    const noun = union.title ?? 'object';
    const given = value[discriminator];
    if (given === undefined) {
      options.sink.error(path, `missing field '${discriminator}' (${noun} ${discriminator}: ${names.join(', ')})`);
    } else {
      const hint = typeof given === 'string' ? didYouMean(given, names) : '';
      options.sink.error([...path, discriminator], `unknown ${noun} ${discriminator} ${describeValue(given)} (expected one of: ${names.join(', ')})${hint}`);
    }
    return { type: 'object' };
  }
  const keys = Object.keys(value);
  const score = (v: JsonSchema) => keys.filter((key) => v.properties?.[key] !== undefined).length;
  return candidates.reduce((best, v) => (score(v) > score(best) ? v : best));
}

function jsonTypeMatches(schema: JsonSchema, value: unknown): boolean {
  if (schema.anyOf !== undefined) return schema.anyOf.some((v) => jsonTypeMatches(v, value));
  switch (schema.type) {
    case 'object':
      return isPlainObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'number':
    case 'integer':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "a number or an expression", "a list", "'straight'", ... */
export function describeSchema(schema: JsonSchema | undefined): string {
  if (schema === undefined) return 'a value';
  if (numberOrExpression(schema) !== undefined) {
    return numberOrExpression(schema)?.type === 'integer' ? 'a whole number or an expression' : 'a number or an expression';
  }
  if (schema.anyOf !== undefined) return [...new Set(schema.anyOf.map(describeSchema))].join(' or ');
  if (schema.const !== undefined) return `'${String(schema.const)}'`;
  switch (schema.type) {
    case 'object':
      return schema.description === undefined ? 'a mapping' : `a mapping (${schema.description})`;
    case 'array':
      return 'a list';
    case 'string':
      return schema.format === CONDITION_FORMAT ? 'a condition string' : schema.format === EXPRESSION_FORMAT ? 'an expression' : 'a string';
    case 'number':
      return 'a number';
    case 'integer':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    default:
      return 'a value';
  }
}

/** "the number 3", "a list", "'abc'", "nothing (null)". */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (null)';
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}...` : value}'`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value}`;
  if (Array.isArray(value)) return 'a list';
  return 'a mapping';
}
