/**
 * A suite -> its rollouts (jobs), in a fixed order: scenario entries as written, files sorted by
 * path (library names by name), then seeds, parameter assignments (grid cells in grid order, or
 * drawn samples), policies and cameras as listed. The same suite and files give the same jobs on
 * every machine. Everything that would make a job fail for a reason known in advance (a pattern
 * that matches nothing, a spec that does not load, a parameter the spec does not declare, two
 * entries that produce the same rollout, an expected failure that names no rollout) is reported
 * here, with the suite file's line and column, before anything runs.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { didYouMean, listNames } from '../../scenarios/did-you-mean';
import { errorMessage, formatIssue, IssueSink, SpecError, type PathSegment } from '../../scenarios/errors';
import { libraryDir, listLibrary } from '../../scenarios/library';
import { parseSpecText } from '../../scenarios/load-spec';
import { gridParameters, resolveParameters, sampleParameters, type GridAxis, type ParameterValues, type RejectionReport } from '../../scenarios/parameters';
import type { ScenarioSpec } from '../../scenarios/spec-types';
import { globToRegExp, hasGlob, matchFiles, matchNames } from './glob';
import { jobId, type EvalJob } from './eval-job';
import type { LoadedSuite } from './load-suite';
import { SuiteError } from './suite-error';
import type { ExpectedFailureSpec, ScenarioEntrySpec, SuiteSpec } from './suite-schema';

const SPEC_EXTENSIONS = /\.(ya?ml|json)$/i;

export interface SuitePlan {
  readonly jobs: readonly EvalJob[];
  /** Grid cells or draws left out by the specs' constraints, per scenario entry that had any. */
  readonly rejections: readonly { readonly entry: number; readonly scenario: string; readonly report: RejectionReport }[];
}

interface LoadedScenario {
  readonly path: string;
  readonly spec: ScenarioSpec;
  readonly sha1: string;
}

export function seedsOf(seeds: SuiteSpec['seeds']): number[] {
  if (seeds === undefined) return [0];
  if (Array.isArray(seeds)) return [...seeds];
  return Array.from({ length: seeds.count }, (_, i) => seeds.from + i);
}

function duplicates<T>(values: readonly T[]): T[] {
  return values.filter((v, i) => values.indexOf(v) !== i);
}

function specMessage(error: unknown): string {
  if (error instanceof SpecError) return error.issues.filter((i) => i.severity === 'error').map(formatIssue).join('; ');
  return errorMessage(error);
}

function axesOf(grid: NonNullable<ScenarioEntrySpec['grid']>): GridAxis[] {
  return Object.entries(grid).map(([name, axis]) => (Array.isArray(axis) ? { name, values: axis } : { name, ...axis }));
}

function isExpected(rule: ExpectedFailureSpec, job: Pick<EvalJob, 'scenario' | 'policy' | 'camera'>): boolean {
  return globToRegExp(rule.scenario).test(job.scenario) && (rule.policy ?? job.policy) === job.policy && (rule.camera ?? job.camera) === job.camera;
}

export function expandSuite(suite: LoadedSuite, library = libraryDir()): SuitePlan {
  const spec = suite.spec;
  const sink = new IssueSink(suite.file, suite.locate);
  const seeds = seedsOf(spec.seeds);
  const cameras = spec.cameras ?? ['none'];
  for (const [key, values] of [['seeds', seeds], ['policies', spec.policies], ['cameras', cameras]] as const) {
    const twice = duplicates<unknown>(values);
    if (twice.length > 0) sink.error([key], `lists ${twice.map((v) => `'${v}'`).join(', ')} more than once (each would run the same rollouts again)`);
  }
  const libraryEntries = listLibrary(library);
  const loaded = new Map<string, LoadedScenario | null>();
  const load = (path: string, at: readonly PathSegment[]): LoadedScenario | null => {
    if (!loaded.has(path)) {
      try {
        const text = readFileSync(path, 'utf8');
        loaded.set(path, { path, spec: parseSpecText(text, relative(process.cwd(), path) || path).spec, sha1: createHash('sha1').update(text).digest('hex') });
      } catch (error) {
        sink.error(at, `cannot load scenario ${relative(process.cwd(), path)}: ${specMessage(error)}`);
        loaded.set(path, null);
      }
    }
    return loaded.get(path) ?? null;
  };

  const jobs: EvalJob[] = [];
  const origin = new Map<string, number>();
  const rejections: { entry: number; scenario: string; report: RejectionReport }[] = [];
  const expectedUsed = new Set<number>();
  spec.scenarios.forEach((entry, i) => {
    const at: PathSegment[] = ['scenarios', i];
    const paths = entryFiles(entry, at);
    if (entry.grid !== undefined && entry.samples !== undefined) sink.error([...at, 'samples'], "use either 'grid' or 'samples' in one entry, not both (write two entries for both)");
    for (const path of paths) {
      const scenario = load(path, at);
      if (scenario === null) continue;
      for (const seed of seeds) {
        const assignments = assignmentsOf(entry, scenario.spec, seed, at, (report) => rejections.push({ entry: i, scenario: scenario.spec.name, report }));
        for (const parameters of assignments) {
          for (const policy of spec.policies) {
            for (const camera of cameras) {
              const partial = { scenario: scenario.spec.name, parameters, seed, policy, camera };
              const id = jobId(partial);
              const first = origin.get(id);
              if (first !== undefined) {
                sink.error(at, `rollout '${id}' is also produced by scenarios[${first}]; each rollout may appear once`);
                continue;
              }
              origin.set(id, i);
              const rules = (spec.expected_failures ?? []).map((rule, k) => (isExpected(rule, partial) ? k : -1)).filter((k) => k >= 0);
              for (const k of rules) expectedUsed.add(k);
              jobs.push({ id, specPath: scenario.path, specSha1: scenario.sha1, expected: rules.length > 0 ? 'fail' : 'pass', ...partial });
            }
          }
        }
      }
    }
  });
  (spec.expected_failures ?? []).forEach((rule, k) => {
    if (!expectedUsed.has(k) && sink.errorCount === 0) sink.error(['expected_failures', k], `matches no rollout of this suite (scenario '${rule.scenario}'${rule.policy ? `, policy ${rule.policy}` : ''}${rule.camera ? `, camera ${rule.camera}` : ''})`);
  });
  if (sink.errorCount > 0) throw new SuiteError(sink.issues);
  return { jobs, rejections: rejections.filter((r) => r.report.rejected > 0) };

  function entryFiles(entry: ScenarioEntrySpec, at: PathSegment[]): string[] {
    if ((entry.library === undefined) === (entry.file === undefined)) {
      sink.error(at, "each entry names its scenarios with exactly one of 'library' (names) or 'file' (paths)");
      return [];
    }
    if (entry.library !== undefined) {
      const names = libraryEntries.map((e) => e.name);
      const matched = matchNames(names, entry.library);
      if (matched.length === 0) {
        const hint = hasGlob(entry.library) ? '' : didYouMean(entry.library, names);
        sink.error([...at, 'library'], `'${entry.library}' matches no library scenario${hint} (library: ${listNames(names)})`);
      }
      return matched.map((name) => libraryEntries.find((e) => e.name === name)!.path);
    }
    const pattern = entry.file as string;
    const files = matchFiles(suite.dir, pattern, (p) => SPEC_EXTENSIONS.test(p));
    if (files.length === 0) sink.error([...at, 'file'], `'${pattern}' matches no .yaml, .yml or .json file (relative to ${relative(process.cwd(), suite.dir) || '.'})`);
    return files;
  }

  function assignmentsOf(entry: ScenarioEntrySpec, scenarioSpec: ScenarioSpec, seed: number, at: PathSegment[], onReport: (r: RejectionReport) => void): ParameterValues[] {
    const overrides = entry.set ?? {};
    const key = entry.grid !== undefined ? 'grid' : entry.samples !== undefined ? 'samples' : 'set';
    try {
      if (entry.grid !== undefined) {
        // A grid does not depend on the seed: check and report it once.
        const sweep = gridParameters(scenarioSpec, axesOf(entry.grid), { overrides });
        if (seed === seeds[0]) onReport(sweep.report);
        if (sweep.samples.length === 0) sink.error([...at, key], `scenario '${scenarioSpec.name}': every grid cell breaks a constraint or a range (${JSON.stringify(sweep.report.byReason)})`);
        return sweep.samples.map((s) => s.assigned);
      }
      if (entry.samples !== undefined) {
        const sweep = sampleParameters(scenarioSpec, seed, entry.samples, { overrides });
        onReport(sweep.report);
        return sweep.samples.map((s) => s.assigned);
      }
      // Checked now (names, ranges, constraints) so that a typo fails the suite, not every rollout.
      resolveParameters(scenarioSpec, { overrides });
      return [{ ...overrides }];
    } catch (error) {
      if (seed === seeds[0]) sink.error([...at, key], `scenario '${scenarioSpec.name}': ${specMessage(error)}`);
      return [];
    }
  }
}
