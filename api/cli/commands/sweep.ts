/**
 * `dreamdrive sweep <scenario> --param k=a:b:n ... [--samples N] [--workers N] [--out FILE]`:
 * a grid (or seeded random samples) over parameters, each cell a closed-loop run, in parallel.
 * Prints a summary table; --out writes FILE.json and FILE.csv (or the named .json/.csv file).
 */
import { availableParallelism } from 'node:os';
import type { GridAxis } from '../../../scenarios/parameters';
import { parseOverrides } from '../../../scenarios/parameters';
import { metricsToJson } from '../../../sim/metrics/metrics';
import { planSweep, runSweep } from '../../../eval/sweep';
import { sweepCsv, type SweepRow } from '../../../eval/sweep-summary';
import { writeFileAtomic } from '../../atomic-write';
import { intOption, parseCommandArgs } from '../args';
import { CliError } from '../cli-error';
import { createProgress } from '../progress';
import { loadScenarioArg } from '../scenario-arg';
import { parsePolicy } from './run';
import type { Command } from './command';

const USAGE = `usage: dreamdrive sweep <scenario> [options]

  --param k=a:b:n   grid axis: n evenly spaced values of parameter k from a to b (repeatable)
  --param k=v       fix parameter k at v for every cell
  --samples N       N seeded random samples of the spec's distributions instead of a grid
                    (without --param grid axes and --samples, the spec's own grid: declarations)
  --seed S          world seed and sampling seed (default 0)
  --policy NAME     trajectory | idm (default as in 'run')
  --workers N       worker threads (default: number of cores)
  --out FILE        write results as FILE.json and FILE.csv
  --json            print the results as JSON instead of a table`;

function parseAxes(params: readonly string[]): { axes: GridAxis[]; fixed: string[] } {
  const axes: GridAxis[] = [];
  const fixed: string[] = [];
  for (const p of params) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*([^:]+):([^:]+):([^:]+)\s*$/.exec(p);
    if (!m) {
      fixed.push(p);
      continue;
    }
    const [from, to, count] = [Number(m[2]), Number(m[3]), Number(m[4])];
    if (!Number.isFinite(from) || !Number.isFinite(to) || !Number.isInteger(count) || count < 1) {
      throw new CliError(`dreamdrive sweep: --param ${p}: expected name=from:to:count with numbers and a whole count >= 1`, 2);
    }
    axes.push({ name: m[1], from, to, count });
  }
  return { axes, fixed };
}

function fmt(v: number | boolean | null): string {
  if (v === null) return '-';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (!Number.isFinite(v)) return 'inf';
  return v.toFixed(2);
}

function printTable(rows: readonly SweepRow[], names: readonly string[]): void {
  const header = [...names, 'passed', 'collision', 'min_ttc', 'min_headway', 'score'];
  const table = rows.map((r) => [...names.map((n) => fmt(r.assigned[n])), r.error ? 'error' : fmt(r.passed), fmt(r.collision), fmt(r.minTtcS), fmt(r.minHeadwayM), fmt(r.score)]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  process.stdout.write(`${line(header)}\n`);
  for (const row of table) process.stdout.write(`${line(row)}\n`);
  const passed = rows.filter((r) => r.passed === true).length;
  const errors = rows.filter((r) => r.error !== null);
  process.stdout.write(`${passed}/${rows.length} cells passed${errors.length ? `, ${errors.length} could not run (first: ${errors[0].error})` : ''}\n`);
}

export const sweepCommand: Command = {
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseCommandArgs('sweep', argv, {
      param: { type: 'string', multiple: true },
      samples: { type: 'string' },
      seed: { type: 'string' },
      policy: { type: 'string' },
      workers: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
    });
    const scenario = loadScenarioArg('sweep', positionals[0]);
    const { axes, fixed } = parseAxes(values.param ?? []);
    const samples = intOption('sweep', 'samples', values.samples, 0);
    if (samples > 0 && axes.length > 0) throw new CliError('dreamdrive sweep: use either grid axes (--param k=a:b:n) or --samples, not both', 2);
    const seed = intOption('sweep', 'seed', values.seed, 0);
    const plan = planSweep({ specPath: scenario.path, axes, overrides: parseOverrides(fixed), samples, seed, policy: parsePolicy('sweep', values.policy) });
    if (samples > 0 && plan.jobs.length > 1 && plan.paramNames.length === 0) {
      process.stderr.write(`warning: ${scenario.spec.name} declares no distribution parameters, so all ${plan.jobs.length} samples are the same cell\n`);
    }
    if (plan.jobs.length === 0) throw new CliError(`dreamdrive sweep: no cell to run (${plan.rejections.rejected} rejected by constraints or ranges)`);
    const workers = intOption('sweep', 'workers', values.workers, availableParallelism(), 1);
    const progress = createProgress('sweep', plan.jobs.length, process.stderr, !values.json);
    const rows = await runSweep(scenario.path, plan.jobs, workers, (done) => progress.tick(done));
    progress.finish();
    const result = { scenario: scenario.spec.name, seed, parameters: plan.paramNames, rejections: plan.rejections, rows };
    if (values.out !== undefined) {
      const base = values.out.replace(/\.(json|csv)$/, '');
      writeFileAtomic(`${base}.json`, `${metricsToJson(result, 2)}\n`);
      writeFileAtomic(`${base}.csv`, sweepCsv(rows, plan.paramNames));
    }
    if (values.json) process.stdout.write(`${metricsToJson(result, 2)}\n`);
    else {
      printTable(rows, plan.paramNames);
      if (plan.rejections.rejected > 0) process.stdout.write(`${plan.rejections.rejected} of ${plan.rejections.attempts} cells rejected: ${JSON.stringify(plan.rejections.byReason)}\n`);
    }
    return 0;
  },
};
