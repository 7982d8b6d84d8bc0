/**
 * `dreamdrive library [--json]`: runs every library scenario with each built-in policy and prints
 * the verdicts side by side: the quickest look at what the simulator does (and `npm start`'s job).
 */
import { listLibrary } from '../../../scenarios/library';
import { loadSpecFile } from '../../../scenarios/load-spec';
import { metricsToJson } from '../../../sim/metrics/metrics';
import { PolicyError } from '../../../sim/policies/trajectory-policy';
import { POLICY_NAMES, runScenario } from '../../../eval/run-scenario';
import { intOption, parseCommandArgs } from '../args';
import { createProgress } from '../progress';
import type { Command } from './command';

interface Cell {
  readonly scenario: string;
  readonly policy: string;
  readonly passed: boolean | null;
  readonly collisionWith: string | null;
  readonly score: number | null;
  readonly note: string | null;
}

export const libraryCommand: Command = {
  usage: 'usage: dreamdrive library [--seed N] [--json]',
  async run(argv) {
    const { values } = parseCommandArgs('library', argv, { seed: { type: 'string' }, json: { type: 'boolean' } });
    const seed = intOption('library', 'seed', values.seed, 0);
    const entries = listLibrary();
    const cells: Cell[] = [];
    const progress = createProgress('library', entries.length * POLICY_NAMES.length, process.stderr, !values.json);
    for (const e of entries) {
      const { spec } = loadSpecFile(e.path);
      for (const policy of POLICY_NAMES) {
        try {
          const { report } = runScenario(spec, { seed, policy });
          cells.push({ scenario: e.name, policy, passed: report.passed, collisionWith: report.metrics.collision?.withId ?? null, score: Number(report.metrics.values.score), note: null });
        } catch (err) {
          if (!(err instanceof PolicyError)) throw err;
          cells.push({ scenario: e.name, policy, passed: null, collisionWith: null, score: null, note: 'no authored trajectory' });
        }
        progress.tick(cells.length);
      }
    }
    progress.finish();
    if (values.json) {
      process.stdout.write(`${metricsToJson(cells, 2)}\n`);
      return 0;
    }
    const width = Math.max(...entries.map((e) => e.name.length));
    process.stdout.write(`${'scenario'.padEnd(width)}  ${POLICY_NAMES.map((p) => p.padEnd(30)).join('')}\n`);
    for (const e of entries) {
      const row = POLICY_NAMES.map((p) => {
        const c = cells.find((x) => x.scenario === e.name && x.policy === p)!;
        const text = c.note ?? `${c.passed === null ? 'no criteria' : c.passed ? 'PASS' : 'FAIL'} score ${c.score!.toFixed(2)}${c.collisionWith ? ` hit ${c.collisionWith}` : ''}`;
        return text.padEnd(30);
      });
      process.stdout.write(`${e.name.padEnd(width)}  ${row.join('')}\n`);
    }
    return 0;
  },
};
