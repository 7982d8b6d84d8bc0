/**
 * Where the server finds scenarios: the library, then the scenarios dir (`--scenarios`), where
 * PUT /api/scenarios/:name saves specs atomically. Names are plain ids (^[a-z0-9_-]+$), so a name
 * can never reach outside the dir.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SpecError, type SpecIssue } from '../../scenarios/errors';
import { instantiate } from '../../scenarios/instantiate';
import { listLibrary } from '../../scenarios/library';
import { parseSpecText } from '../../scenarios/load-spec';
import { MAX_SPEC_BYTES } from '../../scenarios/yaml-source';
import { writeFileAtomic } from '../atomic-write';
import type { SpecSource } from '../log/logged-run';
import { specSourceFromFile } from '../log/logged-run';
import type { ScenarioSummaryMessage } from '../proto/messages';
import { scenarioSummary } from '../proto/scenario-summary';
import { HttpError } from './http-error';

export const SCENARIO_NAME = /^[a-z0-9_-]+$/;
const MAX_NAME_LENGTH = 100;
const SPEC_FILE = /\.(ya?ml|json|xosc)$/;

export interface ScenarioEntry {
  readonly name: string;
  readonly origin: 'library' | 'saved';
  readonly path: string;
}

export interface ValidationReport {
  readonly ok: boolean;
  readonly errors: readonly IssueJson[];
  readonly warnings: readonly IssueJson[];
  readonly summary: ScenarioSummaryMessage | null;
}

export interface IssueJson {
  readonly path: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

function issueJson(i: SpecIssue): IssueJson {
  return { path: i.path, line: i.line, col: i.col, message: i.message };
}

/** 400 unless `name` is a plain scenario id. */
export function checkScenarioName(name: string, field = 'name'): string {
  if (name.length > MAX_NAME_LENGTH || !SCENARIO_NAME.test(name)) {
    throw new HttpError(400, `invalid scenario name '${name.slice(0, MAX_NAME_LENGTH)}': use 1 to ${MAX_NAME_LENGTH} of a-z, 0-9, '_' and '-' (no path separators or '..')`, field);
  }
  return name;
}

/** Parses, checks and instantiates spec text (as `dreamdrive validate` does) without throwing. */
export function validateSpecText(text: string, format: 'yaml' | 'json'): ValidationReport {
  if (Buffer.byteLength(text) > MAX_SPEC_BYTES) throw new HttpError(413, `spec text too large (limit ${MAX_SPEC_BYTES} bytes)`, 'text');
  try {
    const parsed = parseSpecText(text, format === 'json' ? 'spec.json' : 'spec.yaml');
    const { resolved } = instantiate(parsed.spec);
    return { ok: true, errors: [], warnings: [...parsed.warnings, ...resolved.warnings].map(issueJson), summary: scenarioSummary(parsed.spec, resolved) };
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    const issues = error.issues;
    return { ok: false, errors: issues.filter((i) => i.severity === 'error').map(issueJson), warnings: issues.filter((i) => i.severity === 'warning').map(issueJson), summary: null };
  }
}

export class ScenarioStore {
  constructor(readonly dir: string | null) {}

  list(): ScenarioEntry[] {
    const library = listLibrary().map((e): ScenarioEntry => ({ name: e.name, origin: 'library', path: e.path }));
    const names = new Set(library.map((e) => e.name));
    const saved: ScenarioEntry[] = [];
    if (this.dir !== null && existsSync(this.dir)) {
      for (const f of readdirSync(this.dir).sort()) {
        const name = f.replace(SPEC_FILE, '');
        if (name === f || !SCENARIO_NAME.test(name) || names.has(name)) continue;
        names.add(name);
        saved.push({ name, origin: 'saved', path: join(this.dir, f) });
      }
    }
    return [...library, ...saved];
  }

  /** The scenario called `name`; `field` names the request field in errors. */
  find(name: string, field = 'name'): ScenarioEntry {
    checkScenarioName(name, field);
    const entry = this.list().find((e) => e.name === name);
    if (entry === undefined) throw new HttpError(404, `unknown scenario '${name}' (GET /api/scenarios lists them)`, field);
    return entry;
  }

  /** The spec of a scenario, parsed from the very text a log will store. */
  source(name: string, field = 'scenario'): SpecSource {
    return specSourceFromFile(this.find(name, field).path);
  }

  text(name: string): string {
    return readFileSync(this.find(name).path, 'utf8');
  }

  /** Validates, then writes `<dir>/<name>.yaml` atomically; returns the report (422 when invalid). */
  save(name: string, text: string): { path: string; created: boolean; report: ValidationReport } {
    checkScenarioName(name);
    if (this.dir === null) throw new HttpError(403, 'this server has no scenarios dir (start it with --scenarios DIR)');
    if (listLibrary().some((e) => e.name === name)) throw new HttpError(409, `'${name}' is a library scenario; save under another name`, 'name');
    const report = validateSpecText(text, 'yaml');
    if (!report.ok) {
      const first = report.errors[0];
      throw new HttpError(422, `invalid scenario spec: ${first.path}:${first.line}:${first.col}: ${first.message}`, first.path, { issues: report.errors });
    }
    const path = join(this.dir, `${name}.yaml`);
    const created = !existsSync(path);
    writeFileAtomic(path, text);
    return { path, created, report };
  }
}
