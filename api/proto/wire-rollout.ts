/**
 * Message <-> wire object for the rollout-side messages: Action, StepResult, RolloutMetadata,
 * RolloutResult. Actions are checked on the way in (finite numbers, increasing trajectory times):
 * they come from other processes and go straight into the simulator.
 */
import type { DoneReason } from '../../sim/rollout';
import type { ActionCommand, RolloutMetadataMessage, RolloutResultMessage, StepResultMessage, TrajectoryPointMessage } from './messages';
import { observationFromWire, observationToWire, scenarioSummaryFromWire, scenarioSummaryToWire, wireValue } from './wire-world';
import { rolloutMetricsFromWire, rolloutMetricsToWire, stepMetricsFromWire, stepMetricsToWire } from './wire-metrics';
import { bool, enumOf, fail, finite, inside, int, list, msg, num, numberMap, optBool, optMsg, optStr, present, str, type Wire, type WireAt } from './wire';

export const DONE_REASON_VALUES: readonly (DoneReason | null)[] = [null, 'duration', 'collision'];
const TRAJECTORY_FRAMES = ['world', 'ego'] as const;

export function actionToWire(a: ActionCommand): Wire {
  switch (a.kind) {
    case 'accel_steer':
      return { accel_steer: { accel_mps2: a.accelMps2, steer_rad: a.steerRad } };
    case 'accel_curvature':
      return { accel_curvature: { accel_mps2: a.accelMps2, curvature_per_m: a.curvaturePerM } };
    case 'trajectory':
      return {
        trajectory: {
          frame: TRAJECTORY_FRAMES.indexOf(a.frame),
          points: a.points.map((p) => ({ t_s: p.tS, x_m: p.xM, y_m: p.yM, yaw_rad: p.yawRad, speed_mps: p.speedMps })),
        },
      };
  }
}

function trajectoryPoint(w: Wire, where: WireAt): TrajectoryPointMessage {
  const optFinite = (field: string): number | null => (present(w, field) ? finite(w, field, where) : null);
  return { tS: finite(w, 't_s', where), xM: finite(w, 'x_m', where), yM: finite(w, 'y_m', where), yawRad: optFinite('yaw_rad'), speedMps: optFinite('speed_mps') };
}

export function actionFromWire(w: Wire, where: WireAt): ActionCommand {
  if (present(w, 'accel_steer')) {
    const c = msg(w, 'accel_steer', where);
    const inner = inside(where, 'accel_steer');
    return { kind: 'accel_steer', accelMps2: finite(c, 'accel_mps2', inner), steerRad: finite(c, 'steer_rad', inner) };
  }
  if (present(w, 'accel_curvature')) {
    const c = msg(w, 'accel_curvature', where);
    const inner = inside(where, 'accel_curvature');
    return { kind: 'accel_curvature', accelMps2: finite(c, 'accel_mps2', inner), curvaturePerM: finite(c, 'curvature_per_m', inner) };
  }
  if (present(w, 'trajectory')) {
    const t = msg(w, 'trajectory', where);
    const inner = inside(where, 'trajectory');
    const frame = TRAJECTORY_FRAMES[num(t, 'frame')];
    if (frame === undefined) fail(inner, 'frame', `unknown value ${num(t, 'frame')}`);
    const points = list(t, 'points').map((p, i) => trajectoryPoint(p, inside(inner, `points[${i}]`)));
    if (points.length === 0) fail(inner, 'points', 'is empty; give at least one point');
    points.forEach((p, i) => {
      const prev = i === 0 ? 0 : points[i - 1].tS;
      if (!(p.tS > prev)) fail(inner, `points[${i}].t_s`, `must be greater than ${prev} (times are after the observation and increasing), got ${p.tS}`);
    });
    return { kind: 'trajectory', frame, points };
  }
  return fail(where, 'command', 'no command is set (give accel_steer, accel_curvature or trajectory)');
}

export function stepResultToWire(r: StepResultMessage): Wire {
  return {
    observation: observationToWire(r.observation),
    step_metrics: stepMetricsToWire(r.stepMetrics),
    metrics: rolloutMetricsToWire(r.metrics),
    done: r.done,
    reason: r.reason === null ? 0 : wireValue(DONE_REASON_VALUES, r.reason),
    passed: r.passed,
  };
}

export function stepResultFromWire(w: Wire, where: WireAt): StepResultMessage {
  return {
    observation: observationFromWire(msg(w, 'observation', where), inside(where, 'observation')),
    stepMetrics: stepMetricsFromWire(msg(w, 'step_metrics', where), inside(where, 'step_metrics')),
    metrics: rolloutMetricsFromWire(msg(w, 'metrics', where), inside(where, 'metrics')),
    done: bool(w, 'done'),
    reason: num(w, 'reason') === 0 ? null : enumOf(w, 'reason', DONE_REASON_VALUES, where),
    passed: optBool(w, 'passed'),
  };
}

export function metadataToWire(m: RolloutMetadataMessage): Wire {
  if (!Number.isSafeInteger(m.seed) || m.seed < 0) throw new RangeError(`RolloutMetadata.seed must be an integer >= 0, got ${m.seed}`);
  return {
    scenario_name: m.scenarioName,
    spec_text: m.specText,
    spec_path: m.specPath,
    seed: m.seed,
    parameters: { ...m.parameters },
    overrides: { ...m.overrides },
    sample_distributions: m.sampleDistributions,
    policy: m.policy,
    dreamdrive_version: m.dreamdriveVersion,
    metrics_version: m.metricsVersion,
    dt_s: m.dtS,
    step_count: m.stepCount,
    created_at: m.createdAt,
    stop_on_collision: m.stopOnCollision,
    camera_source: m.cameraSource,
    scenario: m.scenario === null ? null : scenarioSummaryToWire(m.scenario),
  };
}

export function metadataFromWire(w: Wire, where: WireAt): RolloutMetadataMessage {
  const scenario = optMsg(w, 'scenario');
  return {
    scenarioName: str(w, 'scenario_name'),
    specText: str(w, 'spec_text'),
    specPath: str(w, 'spec_path'),
    seed: int(w, 'seed', where),
    parameters: numberMap(w, 'parameters'),
    overrides: numberMap(w, 'overrides'),
    sampleDistributions: bool(w, 'sample_distributions'),
    policy: str(w, 'policy'),
    dreamdriveVersion: str(w, 'dreamdrive_version'),
    metricsVersion: str(w, 'metrics_version'),
    dtS: num(w, 'dt_s'),
    stepCount: int(w, 'step_count', where),
    createdAt: optStr(w, 'created_at'),
    stopOnCollision: bool(w, 'stop_on_collision'),
    cameraSource: str(w, 'camera_source'),
    scenario: scenario === null ? null : scenarioSummaryFromWire(scenario, inside(where, 'scenario')),
  };
}

export function resultToWire(r: RolloutResultMessage): Wire {
  return {
    metrics: rolloutMetricsToWire(r.metrics),
    passed: r.passed,
    criteria: r.criteria,
    done_reason: wireValue(DONE_REASON_VALUES, r.doneReason),
    steps: r.steps,
    simulated_s: r.simulatedS,
    final_hash: r.finalHash,
    actor_contacts: r.actorContacts.map((c) => ({ a: c.a, b: c.b })),
  };
}

export function resultFromWire(w: Wire, where: WireAt): RolloutResultMessage {
  return {
    metrics: rolloutMetricsFromWire(msg(w, 'metrics', where), inside(where, 'metrics')),
    passed: optBool(w, 'passed'),
    criteria: str(w, 'criteria'),
    doneReason: enumOf(w, 'done_reason', DONE_REASON_VALUES, where),
    steps: int(w, 'steps', where),
    simulatedS: num(w, 'simulated_s'),
    finalHash: str(w, 'final_hash'),
    actorContacts: list(w, 'actor_contacts').map((c) => ({ a: str(c, 'a'), b: str(c, 'b') })),
  };
}
