/**
 * Copy-with-changes for the agent state in the hot loop. Object spread (`{ ...agent, x }`) is
 * several microseconds per call in V8 once shapes vary (it falls back to dictionary-mode objects),
 * which alone capped the world loop at ~150k agent-steps/s; these literals keep one hidden class.
 */
import type { AgentState, Motion, Pose2 } from '../types';

export interface AgentChanges {
  readonly pose?: Pose2;
  readonly speedMps?: number;
  readonly accelMps2?: number;
  readonly steerRad?: number;
  readonly motion?: Motion;
  readonly active?: boolean;
  readonly rng?: number;
}

export function updateAgent(a: AgentState, c: AgentChanges): AgentState {
  return {
    id: a.id,
    cls: a.cls,
    pose: c.pose ?? a.pose,
    size: a.size,
    speedMps: c.speedMps ?? a.speedMps,
    accelMps2: c.accelMps2 ?? a.accelMps2,
    steerRad: c.steerRad ?? a.steerRad,
    motion: c.motion ?? a.motion,
    active: c.active ?? a.active,
    rng: c.rng ?? a.rng,
  };
}

type LaneMotion = Extract<Motion, { kind: 'lane' }>;

export function laneMotion(m: LaneMotion, c: Partial<Omit<LaneMotion, 'kind'>>): LaneMotion {
  return {
    kind: 'lane',
    laneId: c.laneId ?? m.laneId,
    s: c.s ?? m.s,
    d: c.d ?? m.d,
    longitudinal: c.longitudinal ?? m.longitudinal,
    lateral: c.lateral ?? m.lateral,
    route: c.route ?? m.route,
    lastLaneChangeS: c.lastLaneChangeS ?? m.lastLaneChangeS,
  };
}
