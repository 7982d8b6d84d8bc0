/**
 * Reads a scenario spec: text -> YAML/JSON document (with positions) -> format migration -> schema
 * check -> expression syntax check. Every problem is collected and thrown together as one SpecError
 * whose issues carry file, path, line and column. `resolveSpec` then evaluates the parameters.
 */
import { readFileSync, statSync } from 'node:fs';
import { errorMessage, IssueSink, SpecError, type SpecIssue } from './errors';
import { checkExpressionForm } from './expressions';
import { migrate } from './migrate';
import { registerSource, type SpecSource } from './spec-source';
import { ScenarioSpecSchema } from './spec-schema';
import type { ScenarioSpec } from './spec-types';
import { isPlainObject, validateValue, type JsonSchema } from './validate-schema';
import { formatOf, MAX_SPEC_BYTES, parseSource, sizeMessage } from './yaml-source';
import { isOpenScenarioPath, loadOpenScenarioFile } from './import/openscenario/load-openscenario';

export interface ParsedSpec {
  readonly spec: ScenarioSpec;
  /** Migration notes and other warnings. */
  readonly warnings: readonly SpecIssue[];
  readonly source: SpecSource;
}

const ROOT_HINT = 'a mapping of fields (version, name, duration, road, ego, actors, ...)';

/** Parses and checks spec text; `file` names it in messages (`.json` makes them say JSON). */
export function parseSpecText(text: string, file: string): ParsedSpec {
  const format = formatOf(file);
  const reading = new IssueSink(file);
  const parsed = parseSource(text, format, reading);
  reading.throwIfErrors();

  const sink = new IssueSink(file, parsed.locate);
  const root = parsed.value;
  if (!isPlainObject(root)) {
    const got = Array.isArray(root) ? 'a list' : root === null ? 'nothing (null)' : `a single value (${JSON.stringify(root)})`;
    sink.error([], `the top level must be ${ROOT_HINT}, got ${got}`);
    throw new SpecError(sink.issues);
  }
  const migrated = migrate(root);
  if (!migrated.ok) {
    sink.error(migrated.path, migrated.message, { atKey: migrated.path.length > 0 });
    throw new SpecError(sink.issues);
  }
  for (const change of migrated.changes) sink.warn(change.path, change.message, { atKey: true });

  const checked = validateValue(ScenarioSpecSchema as unknown as JsonSchema, migrated.doc, [], {
    sink,
    checkExpression: (_kind, expression, path) => {
      const issue = checkExpressionForm(expression, sink.where(path));
      if (issue !== undefined) sink.addAll([issue]);
    },
  });
  sink.throwIfErrors();

  const spec = checked as ScenarioSpec;
  const source: SpecSource = { file, format, locate: parsed.locate };
  registerSource(spec, source);
  return { spec, warnings: sink.issues, source };
}

/** Reads a spec file (or imports an OpenSCENARIO .xosc); refuses files over the size limit before reading them. */
export function loadSpecFile(path: string): ParsedSpec {
  if (isOpenScenarioPath(path)) return loadOpenScenarioFile(path);
  const fail = (message: string): never => {
    throw new SpecError([{ file: path, path: '', line: 1, col: 1, message, severity: 'error' }]);
  };
  let text = '';
  try {
    const { size } = statSync(path);
    if (size > MAX_SPEC_BYTES) fail(sizeMessage(size));
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof SpecError) throw error;
    fail(`cannot read the file: ${errorMessage(error)}`);
  }
  return parseSpecText(text, path);
}
