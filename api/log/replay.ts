/**
 * `replay --verify`: re-simulates a log from its own metadata (the spec text it stores, the seed,
 * the parameter overrides, the policy) and checks that every step reproduces the log byte for byte:
 * the world state with its hash, the metrics, the action, and finally the result.
 *
 * Built-in policies (trajectory, idm) run again, so the check covers the policy too. A log made by
 * an external policy (a session) replays its logged actions instead, which still checks the
 * simulator, the metrics and the log against each other.
 */
import { executeRun, POLICY_NAMES, prepareRun, type PolicyName, type RunOptions, type RunPolicy } from '../../eval/run-scenario';
import { errorMessage } from '../../scenarios/errors';
import { parseSpecText } from '../../scenarios/load-spec';
import { METRICS_VERSION } from '../../sim/metrics/metrics';
import type { Policy } from '../../sim/policies/policy';
import { accelSteerCommand, decodeMessage, encodeMessage, worldStateMessage } from '../proto/codec';
import type { MessageName, RolloutMetadataMessage } from '../proto/messages';
import { TOPICS, type TopicKey } from './channels';
import { dreamdriveVersion, rolloutResultMessage } from './logged-run';
import { RolloutLogReader } from './read-log';

export interface LogMismatch {
  /** The first step that differs, or null when the difference is not tied to a step. */
  readonly step: number | null;
  readonly topic: string;
  readonly detail: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  /** World states compared before stopping (all of them when ok). */
  readonly statesChecked: number;
  readonly policy: string;
  /** 'policy' when a built-in policy ran again; 'logged actions' when the log's actions were replayed. */
  readonly actions: 'policy' | 'logged actions';
  readonly mismatch: LogMismatch | null;
  /** Differences of versions between the log and this build (a mismatch may come from them). */
  readonly notes: readonly string[];
}

interface LoggedBytes {
  world?: Uint8Array;
  action?: Uint8Array;
  metrics?: Uint8Array;
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  return a !== undefined && b !== undefined && Buffer.compare(a, b) === 0;
}

function show(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : v instanceof Uint8Array ? `<${v.length} bytes>` : Object.is(v, -0) ? '-0' : String(v);
}

/** The first path at which two decoded messages differ ('ego.pose.x: logged 1, simulated 2'), or null. */
export function firstDifference(logged: unknown, simulated: unknown, path = ''): string | null {
  if (Object.is(logged, simulated)) return null;
  const bothObjects = typeof logged === 'object' && typeof simulated === 'object' && logged !== null && simulated !== null;
  if (bothObjects && !(logged instanceof Uint8Array)) {
    const a = logged as Record<string, unknown>;
    const b = simulated as Record<string, unknown>;
    if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) return `${path || 'list'}: logged ${a.length} entries, simulated ${b.length}`;
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference(a[key], b[key], Array.isArray(a) ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`);
      if (d !== null) return d;
    }
    return null;
  }
  return `${path || 'value'}: logged ${show(logged)}, simulated ${show(simulated)}`;
}

function describe(name: MessageName, logged: Uint8Array | undefined, simulated: Uint8Array): string {
  if (logged === undefined) return 'missing from the log';
  let a: unknown;
  try {
    a = decodeMessage(name, logged);
  } catch (error) {
    return `the logged message does not decode (${errorMessage(error)})`;
  }
  return firstDifference(a, decodeMessage(name, simulated)) ?? 'the bytes differ (same decoded values)';
}

/** A policy that applies the log's actions (accel_steer), step by step. */
function replayPolicy(logged: ReadonlyMap<number, LoggedBytes>): Policy {
  return {
    name: 'replay',
    act: ({ world }) => {
      const bytes = logged.get(world.step)?.action;
      if (bytes === undefined) throw new ReplayStop({ step: world.step, topic: TOPICS.action, detail: 'the log has no action for this step' });
      const command = decodeMessage('Action', bytes);
      if (command.kind !== 'accel_steer') throw new ReplayStop({ step: world.step, topic: TOPICS.action, detail: `logged action is ${command.kind}, not the applied accel_steer` });
      return { accelMps2: command.accelMps2, steerRad: command.steerRad };
    },
  };
}

/** Ends the re-simulation at the first mismatch (runRollout has no other way out of its loop). */
class ReplayStop extends Error {
  constructor(readonly mismatch: LogMismatch) {
    super(mismatch.detail);
  }
}

function versionNotes(metadata: RolloutMetadataMessage): string[] {
  const notes: string[] = [];
  if (metadata.dreamdriveVersion !== dreamdriveVersion()) notes.push(`the log was written by dreamdrive ${metadata.dreamdriveVersion}, this is ${dreamdriveVersion()}`);
  if (metadata.metricsVersion !== METRICS_VERSION) notes.push(`the log's metrics are ${metadata.metricsVersion}, this build computes ${METRICS_VERSION}`);
  return notes;
}

/** Re-simulates the log at `path` and compares it step by step (throws LogReadError for unreadable logs). */
export async function verifyLog(path: string): Promise<VerifyReport> {
  const reader = await RolloutLogReader.open(path);
  const logged = new Map<number, LoggedBytes>();
  let metadata: RolloutMetadataMessage;
  let resultBytes: Uint8Array | undefined;
  try {
    metadata = await reader.metadata();
    for await (const m of reader.raw(['world', 'action', 'metrics', 'result'])) {
      if (m.topic === 'result') resultBytes = m.data;
      else logged.set(m.step, { ...logged.get(m.step), [m.topic as Exclude<TopicKey, 'result'>]: m.data });
    }
  } finally {
    await reader.close();
  }

  const builtin = (POLICY_NAMES as readonly string[]).includes(metadata.policy);
  const base = { policy: metadata.policy, actions: builtin ? ('policy' as const) : ('logged actions' as const), notes: versionNotes(metadata) };
  let checked = 0;
  const fail = (mismatch: LogMismatch): VerifyReport => ({ ...base, ok: false, statesChecked: checked, mismatch });

  let spec;
  try {
    spec = parseSpecText(metadata.specText, metadata.specPath || 'spec.yaml').spec;
  } catch (error) {
    return fail({ step: null, topic: TOPICS.metadata, detail: `the logged spec does not parse any more: ${errorMessage(error)}` });
  }
  const options: RunOptions = {
    seed: metadata.seed,
    overrides: metadata.overrides,
    sampleDistributions: metadata.sampleDistributions,
    stopOnCollision: metadata.stopOnCollision,
  };
  const policy: RunPolicy = builtin ? { kind: 'builtin', name: metadata.policy as PolicyName } : { kind: 'custom', name: metadata.policy, make: () => replayPolicy(logged) };

  const check = (step: number, topic: TopicKey, name: MessageName, want: Uint8Array | undefined, got: Uint8Array): void => {
    if (!sameBytes(want, got)) throw new ReplayStop({ step, topic: TOPICS[topic], detail: describe(name, want, got) });
  };
  try {
    const run = executeRun(prepareRun(spec, options, policy), options, (world, record) => {
      const want = logged.get(world.step) ?? {};
      check(world.step, 'world', 'WorldState', want.world, encodeMessage('WorldState', worldStateMessage(world, record.hash)));
      check(world.step, 'metrics', 'StepMetrics', want.metrics, encodeMessage('StepMetrics', record.metrics));
      if (record.action !== null) check(world.step, 'action', 'Action', want.action, encodeMessage('Action', accelSteerCommand(record.action)));
      else if (want.action !== undefined) throw new ReplayStop({ step: world.step, topic: TOPICS.action, detail: 'the log has an action here, the re-simulation ended' });
      checked += 1;
    });
    if (logged.size !== run.rollout.records.length) {
      return fail({ step: run.rollout.records.length, topic: TOPICS.world, detail: `the log holds ${logged.size} states, the re-simulation ${run.rollout.records.length}` });
    }
    const result = encodeMessage('RolloutResult', rolloutResultMessage(run));
    if (!sameBytes(resultBytes, result)) return fail({ step: null, topic: TOPICS.result, detail: describe('RolloutResult', resultBytes, result) });
  } catch (error) {
    if (error instanceof ReplayStop) return fail(error.mismatch);
    throw error;
  }
  return { ...base, ok: true, statesChecked: checked, mismatch: null };
}
