/**
 * Reads a suite file: text -> YAML/JSON document with positions (scenarios/yaml-source.ts, with its
 * defences against hostile files) -> schema check (scenarios/validate-schema.ts). Every problem is
 * reported together, with file:line:col, as a SuiteError. expand-suite.ts turns the result into jobs.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { errorMessage, IssueSink, type Locator } from '../../scenarios/errors';
import { isPlainObject, validateValue, type JsonSchema } from '../../scenarios/validate-schema';
import { formatOf, MAX_SPEC_BYTES, parseSource } from '../../scenarios/yaml-source';
import { SuiteError } from './suite-error';
import { SuiteSpecSchema, type SuiteSpec } from './suite-schema';

export interface LoadedSuite {
  readonly spec: SuiteSpec;
  /** The file as named by the user (messages use it). */
  readonly file: string;
  /** Absolute folder of the suite file: `file:` patterns are relative to it. */
  readonly dir: string;
  /** SHA-1 of the suite's text, recorded in results.json. */
  readonly sha1: string;
  readonly locate: Locator;
}

const ROOT_HINT = 'a mapping with version, name, scenarios and policies';

function fail(file: string, message: string): never {
  throw new SuiteError([{ file, path: '', line: 1, col: 1, message, severity: 'error' }]);
}

/** Parses and checks suite text; `file` names it in messages and anchors relative `file:` patterns. */
export function parseSuiteText(text: string, file: string): LoadedSuite {
  if (text.trim() === '') fail(file, `the file is empty; a suite is ${ROOT_HINT}`);
  const reading = new IssueSink(file);
  const parsed = parseSource(text, formatOf(file), reading);
  if (reading.errorCount > 0) throw new SuiteError(reading.issues);
  const sink = new IssueSink(file, parsed.locate);
  if (!isPlainObject(parsed.value)) {
    const got = Array.isArray(parsed.value) ? 'a list' : `a single value (${JSON.stringify(parsed.value)})`;
    fail(file, `the top level must be ${ROOT_HINT}, got ${got}`);
  }
  const checked = validateValue(SuiteSpecSchema as unknown as JsonSchema, parsed.value, [], { sink });
  if (sink.errorCount > 0) throw new SuiteError(sink.issues);
  return {
    spec: checked as SuiteSpec,
    file,
    dir: dirname(resolve(file)),
    sha1: createHash('sha1').update(text).digest('hex'),
    locate: parsed.locate,
  };
}

/** Reads a suite file; refuses files over the size limit before reading them. */
export function loadSuiteFile(path: string): LoadedSuite {
  let text: string;
  try {
    const { size } = statSync(path);
    if (size > MAX_SPEC_BYTES) fail(path, `file is ${(size / 2 ** 20).toFixed(1)} MB; the limit for a suite is ${MAX_SPEC_BYTES / 2 ** 20} MB`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof SuiteError) throw error;
    fail(path, `cannot read the file: ${errorMessage(error)}`);
  }
  return parseSuiteText(text, path);
}
