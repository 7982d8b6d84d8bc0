/**
 * Message <-> wire object for the state-side messages of dreamdrive.proto: ScenarioSummary,
 * AgentState, WorldState, CameraFrame, Observation.
 */
import type { AgentClass } from '../../sim/types';
import type {
  AgentStateMessage,
  CameraFrameMessage,
  MotionKind,
  ObservationMessage,
  ParameterSummaryMessage,
  ScenarioSummaryMessage,
  WorldStateMessage,
} from './messages';
import { bool, bytes, enumOf, fail, inside, int, list, msg, num, optMsg, optNum, optStr, present, str, strings, type Wire, type WireAt } from './wire';

/** Wire values of the enums (index = value; 0 is UNSPECIFIED). */
export const AGENT_CLASS_VALUES: readonly (AgentClass | null)[] = [null, 'car', 'truck', 'cyclist', 'pedestrian'];
export const MOTION_KIND_VALUES: readonly (MotionKind | null)[] = [null, 'lane', 'bicycle', 'walk', 'parked'];

export function wireValue<T>(table: readonly (T | null)[], value: T): number {
  const i = table.indexOf(value);
  if (i <= 0) throw new RangeError(`no protobuf enum value for '${String(value)}'`);
  return i;
}

const DISTRIBUTIONS = ['', 'uniform', 'normal'] as const;

export function scenarioSummaryToWire(m: ScenarioSummaryMessage): Wire {
  return {
    name: m.name,
    description: m.description,
    tags: [...m.tags],
    duration_s: m.durationS,
    road_type: m.roadType,
    parameters: m.parameters.map((p) => ({ name: p.name, value: p.value, expression: p.expression, min: p.min, max: p.max, unit: p.unit, distribution: p.distribution })),
    criteria: m.criteria,
  };
}

export function scenarioSummaryFromWire(w: Wire, where: WireAt): ScenarioSummaryMessage {
  return {
    name: str(w, 'name'),
    description: str(w, 'description'),
    tags: [...strings(w, 'tags')],
    durationS: num(w, 'duration_s'),
    roadType: str(w, 'road_type'),
    parameters: list(w, 'parameters').map((p, i): ParameterSummaryMessage => {
      const distribution = str(p, 'distribution');
      if (!(DISTRIBUTIONS as readonly string[]).includes(distribution)) fail(inside(where, `parameters[${i}]`), 'distribution', `unknown distribution '${distribution}'`);
      return {
        name: str(p, 'name'),
        value: optNum(p, 'value'),
        expression: str(p, 'expression'),
        min: optNum(p, 'min'),
        max: optNum(p, 'max'),
        unit: str(p, 'unit'),
        distribution: distribution as ParameterSummaryMessage['distribution'],
      };
    }),
    criteria: str(w, 'criteria'),
  };
}

export function agentToWire(a: AgentStateMessage): Wire {
  return {
    id: a.id,
    agent_class: wireValue(AGENT_CLASS_VALUES, a.cls),
    x_m: a.pose.x,
    y_m: a.pose.y,
    yaw_rad: a.pose.yaw,
    speed_mps: a.speedMps,
    accel_mps2: a.accelMps2,
    steer_rad: a.steerRad,
    length_m: a.size.lengthM,
    width_m: a.size.widthM,
    height_m: a.size.heightM,
    lane_id: a.laneId,
    active: a.active,
    motion: wireValue(MOTION_KIND_VALUES, a.motion),
    s_m: a.sM,
    d_m: a.dM,
  };
}

export function agentFromWire(w: Wire, where: WireAt): AgentStateMessage {
  return {
    id: str(w, 'id'),
    cls: enumOf(w, 'agent_class', AGENT_CLASS_VALUES, where),
    pose: { x: num(w, 'x_m'), y: num(w, 'y_m'), yaw: num(w, 'yaw_rad') },
    size: { lengthM: num(w, 'length_m'), widthM: num(w, 'width_m'), heightM: num(w, 'height_m') },
    speedMps: num(w, 'speed_mps'),
    accelMps2: num(w, 'accel_mps2'),
    steerRad: num(w, 'steer_rad'),
    active: bool(w, 'active'),
    motion: enumOf(w, 'motion', MOTION_KIND_VALUES, where),
    laneId: optStr(w, 'lane_id'),
    sM: num(w, 's_m'),
    dM: num(w, 'd_m'),
  };
}

export function worldToWire(m: WorldStateMessage): Wire {
  return {
    step: m.step,
    time_s: m.timeS,
    ego: agentToWire(m.ego),
    actors: m.actors.map(agentToWire),
    events: m.events.map((e) => ({ id: e.id, fired_at_s: e.firedAtS })),
    state_hash: m.stateHash,
  };
}

export function worldFromWire(w: Wire, where: WireAt): WorldStateMessage {
  return {
    step: int(w, 'step', where),
    timeS: num(w, 'time_s'),
    ego: agentFromWire(msg(w, 'ego', where), inside(where, 'ego')),
    actors: list(w, 'actors').map((a, i) => agentFromWire(a, inside(where, `actors[${i}]`))),
    events: list(w, 'events').map((e) => ({ id: str(e, 'id'), firedAtS: optNum(e, 'fired_at_s') })),
    stateHash: str(w, 'state_hash'),
  };
}

export function cameraToWire(c: CameraFrameMessage): Wire {
  return {
    width_px: c.widthPx,
    height_px: c.heightPx,
    [c.pixels.format]: c.pixels.data,
    source: c.source,
  };
}

export function cameraFromWire(w: Wire, where: WireAt): CameraFrameMessage {
  const widthPx = int(w, 'width_px', where);
  const heightPx = int(w, 'height_px', where);
  let pixels: CameraFrameMessage['pixels'];
  if (present(w, 'png')) pixels = { format: 'png', data: bytes(w, 'png') };
  else if (present(w, 'rgb8')) {
    pixels = { format: 'rgb8', data: bytes(w, 'rgb8') };
    const expected = widthPx * heightPx * 3;
    if (pixels.data.length !== expected) fail(where, 'rgb8', `holds ${pixels.data.length} bytes, ${widthPx}x${heightPx} RGB needs ${expected}`);
  } else fail(where, 'pixels', 'neither png nor rgb8 is set');
  return { widthPx, heightPx, pixels, source: str(w, 'source') };
}

export function observationToWire(o: ObservationMessage): Wire {
  return {
    step: o.step,
    time_s: o.timeS,
    camera: o.camera === null ? null : cameraToWire(o.camera),
    ego: agentToWire(o.ego),
    privileged: o.privileged === null ? null : worldToWire(o.privileged),
  };
}

export function observationFromWire(w: Wire, where: WireAt): ObservationMessage {
  const camera = optMsg(w, 'camera');
  const privileged = optMsg(w, 'privileged');
  return {
    step: int(w, 'step', where),
    timeS: num(w, 'time_s'),
    camera: camera === null ? null : cameraFromWire(camera, inside(where, 'camera')),
    ego: agentFromWire(msg(w, 'ego', where), inside(where, 'ego')),
    privileged: privileged === null ? null : worldFromWire(privileged, inside(where, 'privileged')),
  };
}
