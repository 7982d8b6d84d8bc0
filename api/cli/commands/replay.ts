/**
 * `dreamdrive replay <log>`: reads a rollout log (MCAP) back: metadata, metrics and verdict, the
 * steps within --from/--to, and with --verify re-simulates it from its own metadata and checks that
 * every step reproduces the log. Exit code 1 on a mismatch or an unreadable log.
 */
import { metricsToJson } from '../../../sim/metrics/metrics';
import type { PolicyName, RunReport } from '../../../eval/run-scenario';
import { LogReadError, RolloutLogReader, type ChannelInfo, type LogStep } from '../../log/read-log';
import { TOPICS } from '../../log/channels';
import type { RolloutMetadataMessage, RolloutResultMessage } from '../../proto/messages';
import { verifyLog, type VerifyReport } from '../../log/replay';
import { parseCommandArgs } from '../args';
import { CliError } from '../cli-error';
import type { Command } from './command';
import { printReport } from './run';

const USAGE = `usage: dreamdrive replay <log> [options]

  <log>        a rollout log written by 'dreamdrive run --log FILE'
  --from T     list the steps from simulation time T, s (inclusive)
  --to T       list the steps up to simulation time T, s (inclusive)
  --verify     re-simulate the logged scenario (spec, seed, parameters, policy from the log) and check
               that every world state, action, metric and the result match; exit 1 at the first mismatch
  --json       print metadata, metrics, verdict (and steps, verification) as JSON`;

function timeOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new CliError(`dreamdrive replay: --${name} must be a time >= 0 s, got '${value}'`, 2);
  return n;
}

/** The log's report in the shape `dreamdrive run` prints. */
function reportOf(m: RolloutMetadataMessage, r: RolloutResultMessage): RunReport {
  return {
    scenario: m.scenarioName,
    seed: m.seed,
    // An external policy's name is not a PolicyName; the report only prints it.
    policy: m.policy as PolicyName,
    parameters: m.parameters,
    steps: r.steps,
    simulatedS: r.simulatedS,
    doneReason: r.doneReason,
    passed: r.passed,
    criteria: r.criteria === '' ? null : r.criteria,
    metrics: r.metrics,
    actorContacts: r.actorContacts,
    finalHash: r.finalHash,
  };
}

function fixed(v: number, digits: number): string {
  return Number.isFinite(v) ? v.toFixed(digits) : v > 0 ? 'inf' : '-inf';
}

function printSteps(steps: readonly LogStep[]): void {
  const out = process.stdout;
  out.write('  step      t  speed  accel   steer     ttc  headway  lane     hash\n');
  for (const s of steps) {
    const a = s.action?.kind === 'accel_steer' ? s.action : null;
    const cells = [
      String(s.step).padStart(6),
      fixed(s.timeS, 1).padStart(6),
      fixed(s.metrics.speedMps, 2).padStart(6),
      (a ? fixed(a.accelMps2, 2) : '-').padStart(6),
      (a ? fixed(a.steerRad, 4) : '-').padStart(7),
      fixed(s.metrics.ttcS, 2).padStart(7),
      fixed(s.metrics.headwayM, 1).padStart(8),
      (s.metrics.laneId ?? '-').padEnd(8),
      s.world.stateHash.slice(0, 12),
    ];
    out.write(`${cells.join(' ')}${s.metrics.inCollision ? '  collision' : ''}\n`);
  }
}

function verifyLine(v: VerifyReport): string {
  const how = v.actions === 'policy' ? `policy ${v.policy} run again` : `logged actions of policy '${v.policy}' replayed`;
  if (v.ok) return `verified: ${v.statesChecked} states, their actions and metrics, and the result re-simulate exactly (${how})`;
  const m = v.mismatch!;
  const where = m.step === null ? '' : ` at step ${m.step}`;
  return `MISMATCH${where} on ${m.topic}: ${m.detail} (${how})`;
}

export const replayCommand: Command = {
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseCommandArgs('replay', argv, {
      from: { type: 'string' },
      to: { type: 'string' },
      verify: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    if (positionals.length !== 1) throw new CliError(`dreamdrive replay: give one log file (got ${positionals.length})`, 2);
    const fromS = timeOption('from', values.from);
    const toS = timeOption('to', values.to);
    if (fromS !== undefined && toS !== undefined && toS < fromS) throw new CliError(`dreamdrive replay: --to ${toS} is before --from ${fromS}`, 2);
    const listSteps = fromS !== undefined || toS !== undefined;
    try {
      const path = positionals[0];
      const reader = await RolloutLogReader.open(path);
      let metadata: RolloutMetadataMessage;
      let result: RolloutResultMessage;
      let channels: readonly ChannelInfo[];
      let steps: readonly LogStep[] = [];
      try {
        metadata = await reader.metadata();
        result = await reader.result();
        channels = reader.channels;
        // Only the window's chunks are read (the indexes say which).
        if (listSteps) steps = await reader.steps({ fromS, toS });
      } finally {
        await reader.close();
      }
      const verification = values.verify ? await verifyLog(path) : null;
      const report = reportOf(metadata, result);
      if (values.json) {
        const { specText: _spec, ...shown } = metadata;
        const doc = { metadata: shown, report, channels, ...(listSteps ? { steps } : {}), ...(verification ? { verification } : {}) };
        process.stdout.write(`${metricsToJson(doc, 2)}\n`);
      } else {
        const states = channels.find((c) => c.topic === TOPICS.world)?.messageCount ?? 0;
        const created = metadata.createdAt === null ? '' : `, created ${metadata.createdAt}`;
        process.stdout.write(`log ${path}: ${states} states, dreamdrive ${metadata.dreamdriveVersion}${created}\n`);
        printReport(report);
        if (listSteps) printSteps(steps);
        if (verification) {
          for (const note of verification.notes) process.stdout.write(`note: ${note}\n`);
          process.stdout.write(`${verifyLine(verification)}\n`);
        }
      }
      return verification && !verification.ok ? 1 : 0;
    } catch (error) {
      if (error instanceof LogReadError) throw new CliError(`dreamdrive replay: ${error.message}`, 1);
      throw error;
    }
  },
};
