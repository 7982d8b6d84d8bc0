/**
 * `dreamdrive run <scenario>`: one closed-loop rollout; prints the metrics and the verdict.
 * Exit code 0 when the criteria pass (or there are none), 1 when they fail.
 */
import { metricsToJson } from '../../../sim/metrics/metrics';
import { parseOverrides } from '../../../scenarios/parameters';
import { POLICY_NAMES, runScenario, verifyDeterminism, type PolicyName, type RunReport } from '../../../eval/run-scenario';
import { writeFileAtomic } from '../../atomic-write';
import { runToLog, specSourceFromFile } from '../../log/logged-run';
import { intOption, parseCommandArgs } from '../args';
import { CliError } from '../cli-error';
import { loadScenarioArg } from '../scenario-arg';
import type { Command } from './command';

const USAGE = `usage: dreamdrive run <scenario> [options]

  <scenario>              library name (dreamdrive list) or path to a .yaml/.json spec
  --seed N                world seed (default 0)
  --param k=v             override a parameter (repeatable)
  --policy NAME           trajectory (replay the authored ego trajectory) | idm (IDM + MOBIL
                          along the ego route); default: trajectory when the spec has one
  --sample                draw distribution parameters from the seed instead of their nominal value
  --out FILE              write the rollout (report + every step: hash, action, per-step metrics) as JSON
  --log FILE              write the rollout log as MCAP (world states, actions, metrics, result;
                          opens in Foxglove; read it back with 'dreamdrive replay FILE')
  --json                  print the report as JSON
  --verify-determinism    run twice and compare the per-step state hashes (exit 1 on a mismatch)`;

export function parsePolicy(command: string, value: string | undefined): PolicyName | undefined {
  if (value === undefined) return undefined;
  if (!(POLICY_NAMES as readonly string[]).includes(value)) {
    throw new CliError(`dreamdrive ${command}: unknown --policy '${value}' (choose ${POLICY_NAMES.join(' or ')})`, 2);
  }
  return value as PolicyName;
}

function fmt(v: number | boolean): string {
  if (typeof v === 'boolean') return String(v);
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  return Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(3);
}

export function printReport(r: RunReport): void {
  const out = process.stdout;
  out.write(`scenario ${r.scenario}  seed ${r.seed}  policy ${r.policy}  ${r.steps} steps (${r.simulatedS.toFixed(1)} s, ended by ${r.doneReason})\n`);
  const c = r.metrics.collision;
  if (c) out.write(`collision with '${c.withId}' at t = ${c.atS.toFixed(1)} s\n`);
  for (const k of r.actorContacts) out.write(`warning: actors '${k.a}' and '${k.b}' touched (traffic model)\n`);
  const names = Object.keys(r.metrics.values);
  const width = Math.max(...names.map((n) => n.length));
  for (const n of names) out.write(`  ${n.padEnd(width)}  ${fmt(r.metrics.values[n as keyof typeof r.metrics.values])}\n`);
  const verdict = r.passed === null ? 'no criteria' : r.passed ? 'PASS' : 'FAIL';
  out.write(`${verdict}${r.criteria ? `  (${r.criteria})` : ''}  [${r.metrics.version}]\n`);
}

export const runCommand: Command = {
  name: 'run',
  summary: 'run a scenario in closed loop and print metrics and the verdict',
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseCommandArgs('run', argv, {
      seed: { type: 'string' },
      param: { type: 'string', multiple: true },
      policy: { type: 'string' },
      sample: { type: 'boolean' },
      out: { type: 'string' },
      log: { type: 'string' },
      json: { type: 'boolean' },
      'verify-determinism': { type: 'boolean' },
    });
    if (positionals.length > 1) throw new CliError(`dreamdrive run: one scenario at a time (got ${positionals.length}); use 'dreamdrive sweep' for many`, 2);
    const { spec, path } = loadScenarioArg('run', positionals[0]);
    const options = {
      seed: intOption('run', 'seed', values.seed, 0),
      overrides: parseOverrides(values.param ?? []),
      policy: parsePolicy('run', values.policy),
      sampleDistributions: values.sample === true,
    };
    if (values['verify-determinism']) {
      const v = verifyDeterminism(spec, options);
      const ok = v.firstMismatch === null;
      const msg = ok ? `deterministic: ${v.steps} step hashes identical over two runs` : `NOT deterministic: state hashes differ from step ${v.firstMismatch}`;
      if (values.json) process.stdout.write(`${JSON.stringify({ deterministic: ok, steps: v.steps, firstMismatch: v.firstMismatch })}\n`);
      else process.stdout.write(`${msg}\n`);
      if (!ok) return 1;
      if (values.out === undefined && values.log === undefined && !values.json) return 0;
    }
    const run = values.log === undefined ? runScenario(spec, options) : (await runToLog(specSourceFromFile(path), options, values.log)).run;
    if (values.out !== undefined) {
      writeFileAtomic(values.out, `${metricsToJson({ report: run.report, steps: run.rollout.records })}\n`);
    }
    if (values.json) process.stdout.write(`${metricsToJson(run.report, 2)}\n`);
    else printReport(run.report);
    return run.report.passed === false ? 1 : 0;
  },
};
