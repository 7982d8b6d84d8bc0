/**
 * `dreamdrive eval <suite>`: runs an evaluation suite (eval/suite/) on worker threads with a
 * progress bar and writes results.json, junit.xml and report.html (and rollout logs) to --out.
 *
 * Exit codes, as test runners have them (pytest with strict xfail): 0 when every rollout's verdict
 * is the expected one (passes pass, the suite's expected_failures fail, skipped rollouts do not
 * count), 1 when any is not (an unexpected failure, an error, an expected failure that passed) or
 * the suite file is invalid, 2 for usage errors. The reports are written in every case.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { packageRoot } from '../../../scenarios/library';
import { metricsToJson } from '../../../sim/metrics/metrics';
import { expandSuite } from '../../../eval/suite/expand-suite';
import { loadSuiteFile, type LoadedSuite } from '../../../eval/suite/load-suite';
import { runSuite, WORST_LOGGED } from '../../../eval/suite/run-suite';
import { SuiteError } from '../../../eval/suite/suite-error';
import { fixed, percent } from '../../../eval/report/html';
import { buildResults, type ResultsDocument } from '../../../eval/report/results-document';
import { writeReports } from '../../../eval/report/write-reports';
import { dreamdriveVersion } from '../../log/logged-run';
import { intOption, parseCommandArgs } from '../args';
import { CliError } from '../cli-error';
import { createProgress, type Progress } from '../progress';
import { queueTarget, runEvalOnQueue } from '../eval-queue';
import type { Command } from './command';

const USAGE = `usage: dreamdrive eval <suite> [options]

  <suite>        a suite file (.yaml/.json), or the name of a shipped suite (eval/suites/: library,
                 camera-gap: the camera policy under the reference and world-model cameras)
  --workers N    worker threads (default: the number of cores)
  --out DIR      output folder (default eval-results/<suite name>): results.json, junit.xml,
                 report.html and logs/ (MCAP rollout logs)
  --logs         log every rollout (default: the failed ones and the ${WORST_LOGGED} lowest-scoring ones)
  --json         print the summary and aggregates as JSON instead of a table
  --queue URL    run the rollouts on 'dreamdrive worker' processes through Redis (redis://HOST:PORT[/DB]
                 or rediss://); --workers then only runs the logged reruns here; with --logs, --out
                 must be a folder that every worker shares
  --run-id ID    with --queue: resume run ID (only rollouts without a result run); default a new run

exit 0 when every verdict is the expected one (expected_failures in the suite), 1 otherwise
(unexpected failure, error, or an expected failure that passed) or for an invalid suite, 2 usage`;

/** A path to a suite file, else a suite shipped in eval/suites/ of that name. */
export function findSuite(arg: string): string | null {
  if (existsSync(arg)) return arg;
  const shipped = join(packageRoot(), 'eval', 'suites', `${arg}.yaml`);
  return /^[a-z0-9_-]+$/.test(arg) && existsSync(shipped) ? shipped : null;
}

function loadSuite(arg: string): LoadedSuite {
  const path = findSuite(arg);
  if (path === null) throw new CliError(`dreamdrive eval: no suite file or shipped suite named '${arg}' (shipped: library, camera-gap)`, 2);
  try {
    return loadSuiteFile(relative(process.cwd(), path) || path);
  } catch (error) {
    if (error instanceof SuiteError) throw new CliError(error.message, 1);
    throw error;
  }
}

function printSummary(doc: ResultsDocument, paths: { results: string; junit: string; html: string }): void {
  const out = process.stdout;
  const header = ['policy', 'camera', 'rollouts', 'pass rate', 'score', 'pass/fail/error/skip'];
  const rows = doc.overall.map((o) => [o.policy, o.camera, String(o.rollouts), percent(o.passRate), fixed(o.score, 3), `${o.passed}/${o.failed}/${o.errors}/${o.skipped}`]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  out.write(`${line(header)}\n${rows.map(line).join('\n')}\n`);
  for (const o of doc.rollouts.filter((r) => !r.asExpected)) out.write(`UNEXPECTED ${o.verdict.toUpperCase()} ${o.id}: ${o.message ?? `passed, but listed under expected_failures`}\n`);
  for (const f of doc.run.determinismFailures) out.write(`DETERMINISM FAILURE ${f}\n`);
  const s = doc.summary;
  out.write(
    `${s.rollouts} rollouts: ${s.passed} passed, ${s.failed} failed (${s.expectedFailures} expected), ${s.errors} errors, ${s.skipped} skipped; ` +
      `${doc.run.wallS.toFixed(1)} s with ${doc.run.workers} worker${doc.run.workers === 1 ? '' : 's'} (${doc.run.rolloutsPerS.toFixed(1)} rollouts/s)\n`,
  );
  out.write(`wrote ${[paths.results, paths.junit, paths.html].map((p) => relative(process.cwd(), p) || p).join(', ')}\n`);
}

export const evalCommand: Command = {
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseCommandArgs('eval', argv, {
      workers: { type: 'string' },
      out: { type: 'string' },
      logs: { type: 'boolean' },
      json: { type: 'boolean' },
      queue: { type: 'string' },
      'run-id': { type: 'string' },
    });
    if (positionals.length !== 1) throw new CliError(`dreamdrive eval: give one suite (got ${positionals.length}; see 'dreamdrive eval --help')`, 2);
    const workers = intOption('eval', 'workers', values.workers, availableParallelism(), 1);
    const target = queueTarget(values.queue, values['run-id']);
    const suite = loadSuite(positionals[0]);
    let plan;
    try {
      plan = expandSuite(suite);
    } catch (error) {
      if (error instanceof SuiteError) throw new CliError(error.message, 1);
      throw error;
    }
    const outDir = resolve(values.out ?? join('eval-results', suite.spec.name));
    const bars: Partial<Record<'rollouts' | 'logs', Progress>> = {};
    const options = {
      outDir,
      workers,
      logs: values.logs ? ('all' as const) : ('failed-and-worst' as const),
      onProgress: (done: number, total: number, phase: 'rollouts' | 'logs') => {
        if (total === 0) return;
        if (bars[phase] === undefined) {
          bars.rollouts?.finish();
          bars[phase] = createProgress(phase === 'rollouts' ? 'rollouts' : 'logging', total, process.stderr, !values.json);
        }
        bars[phase]!.tick(done);
      },
    };
    const run = target === null ? await runSuite(plan.jobs, options) : await runEvalOnQueue({ name: suite.spec.name, sha1: suite.sha1 }, plan.jobs, target, options);
    (bars.logs ?? bars.rollouts)?.finish();
    const doc = buildResults(suite, plan, run, { dreamdriveVersion: dreamdriveVersion(), createdAt: new Date() });
    const paths = writeReports(outDir, doc);
    if (values.json) {
      process.stdout.write(`${metricsToJson({ suite: doc.suite, summary: doc.summary, overall: doc.overall, run: doc.run, files: paths }, 2)}\n`);
    } else printSummary(doc, paths);
    return doc.summary.unexpected === 0 && doc.run.determinismFailures.length === 0 ? 0 : 1;
  },
};
