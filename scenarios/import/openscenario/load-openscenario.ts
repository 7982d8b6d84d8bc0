/**
 * A `.xosc` file as a parsed spec: imported (read-openscenario.ts), written out as YAML (the text a
 * rollout log stores and `dreamdrive import` prints), read back by the spec parser like any spec,
 * and registered with a locator into the `.xosc`, so that every later error or warning about the
 * scenario names the OpenSCENARIO file and line it came from. Import problems are thrown as the
 * spec layer's `SpecError`, which the CLI and the server already report.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { stringify } from 'yaml';
import { errorMessage, SpecError, type SpecIssue } from '../../errors';
import type { ParsedSpec } from '../../load-spec';
import { parseSpecText } from '../../load-spec';
import { registerSource } from '../../spec-source';
import { ImportError } from '../opendrive/import-issue';
import { readOpenScenario, type OpenScenarioImport, type OpenScenarioOptions } from './read-openscenario';

/** OpenSCENARIO files are XML and more verbose than our specs; this still refuses anything absurd. */
export const MAX_XOSC_BYTES = 16 * 1024 * 1024;

export function isOpenScenarioPath(path: string): boolean {
  return path.toLowerCase().endsWith('.xosc');
}

export interface LoadedOpenScenario extends ParsedSpec {
  /** The spec as YAML, with the import's warnings as comments at the top. */
  readonly text: string;
  readonly imported: OpenScenarioImport;
}

/** The spec's YAML text: a header naming the source and every warning, then the document. */
export function specYaml(imported: OpenScenarioImport, sourceName: string): string {
  const header = [`# Imported from ${sourceName} by 'dreamdrive import'; the road stays a reference to the .xodr.`];
  if (imported.warnings.length > 0) header.push(`# ${imported.warnings.length} warning${imported.warnings.length === 1 ? '' : 's'} (approximations and ignored elements):`);
  for (const w of imported.warnings) header.push(`#   ${w.file.split(/[\\/]/).pop()}:${w.line}: ${w.message.replace(/\n/g, ' ')}`);
  return `${header.join('\n')}\n${stringify(imported.spec, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}

/** Re-points an issue about the generated YAML at the .xosc element its spec path came from. */
function toXosc(issue: SpecIssue, file: string, imported: OpenScenarioImport): SpecIssue {
  if (issue.file !== file) return issue; // an issue in the .xodr or a catalog keeps its own place
  const segments = issue.path === '' ? [] : issue.path.split(/\.|(?=\[)/).map((s) => (s.startsWith('[') ? Number(s.slice(1, -1)) : s));
  return { ...issue, ...imported.locate(segments) };
}

/** Imports `text` (the content of `file`) and parses the resulting spec; throws SpecError. */
export function parseOpenScenarioText(text: string, file: string, options: OpenScenarioOptions = {}): LoadedOpenScenario {
  let imported: OpenScenarioImport;
  try {
    imported = readOpenScenario(text, file, options);
  } catch (error) {
    if (error instanceof ImportError) throw new SpecError(error.issues);
    throw error;
  }
  const yaml = specYaml(imported, file.split(/[\\/]/).pop() ?? file);
  let parsed: ParsedSpec;
  try {
    // Parsed under the .xosc's name, so relative paths in it resolve from the .xosc's folder.
    parsed = parseSpecText(yaml, file);
  } catch (error) {
    if (error instanceof SpecError) throw new SpecError([...imported.warnings, ...error.issues.map((i) => toXosc(i, file, imported))]);
    throw error;
  }
  const source = { file, format: 'yaml' as const, locate: imported.locate };
  registerSource(parsed.spec, source);
  return { spec: parsed.spec, warnings: [...imported.warnings, ...parsed.warnings.map((i) => toXosc(i, file, imported))], source, text: yaml, imported };
}

/** Reads and imports a `.xosc` file. */
export function loadOpenScenarioFile(path: string, options: OpenScenarioOptions = {}): LoadedOpenScenario {
  let text: string;
  try {
    const { size } = statSync(path);
    if (size > MAX_XOSC_BYTES) throw new Error(`file is ${(size / 2 ** 20).toFixed(1)} MB; the limit for an OpenSCENARIO file is ${MAX_XOSC_BYTES / 2 ** 20} MB`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SpecError([{ file: path, path: '', line: 1, col: 1, message: `cannot read the file: ${errorMessage(error)}`, severity: 'error' }]);
  }
  return parseOpenScenarioText(text, path, { specDir: options.specDir ?? dirname(resolve(path)), ...options });
}
