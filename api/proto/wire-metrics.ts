/**
 * Message <-> wire object for the metrics: StepMetrics (per step) and RolloutMetrics (per rollout).
 * Both round-trip exactly: doubles keep Infinity and -0, nullable values are proto3 `optional`.
 */
import { METRIC_NAMES, type MetricName, type MetricValue, type RolloutMetrics, type StepMetrics } from '../../sim/metrics/metrics';
import { bool, fail, int, msg, num, optMsg, optNum, optStr, present, str, type Wire, type WireAt } from './wire';

export function stepMetricsToWire(m: StepMetrics): Wire {
  return {
    step: m.step,
    time_s: m.timeS,
    speed_mps: m.speedMps,
    accel_mps2: m.accelMps2,
    ttc_s: m.ttcS,
    ttc_with_id: m.ttcWithId,
    headway_m: m.headwayM,
    leader_id: m.leaderId,
    on_road: m.onRoad,
    in_collision: m.inCollision,
    collided_with_id: m.collidedWithId,
    lane_id: m.laneId,
    speed_limit_mps: m.speedLimitMps,
  };
}

export function stepMetricsFromWire(w: Wire, where: WireAt): StepMetrics {
  return {
    step: int(w, 'step', where),
    timeS: num(w, 'time_s'),
    speedMps: num(w, 'speed_mps'),
    accelMps2: num(w, 'accel_mps2'),
    ttcS: num(w, 'ttc_s'),
    ttcWithId: optStr(w, 'ttc_with_id'),
    headwayM: num(w, 'headway_m'),
    leaderId: optStr(w, 'leader_id'),
    onRoad: bool(w, 'on_road'),
    inCollision: bool(w, 'in_collision'),
    collidedWithId: optStr(w, 'collided_with_id'),
    laneId: optStr(w, 'lane_id'),
    speedLimitMps: optNum(w, 'speed_limit_mps'),
  };
}

function metricValueToWire(v: MetricValue): Wire {
  return typeof v === 'boolean' ? { flag: v } : { number: v };
}

function actorEvent(e: { readonly withId: string; readonly atS: number } | null): Wire | null {
  return e === null ? null : { with_id: e.withId, at_s: e.atS };
}

export function rolloutMetricsToWire(m: RolloutMetrics): Wire {
  const values: Record<string, Wire> = {};
  for (const [name, v] of Object.entries(m.values)) values[name] = metricValueToWire(v);
  const c = m.comfortExtremes;
  return {
    version: m.version,
    values,
    collision: actorEvent(m.collision),
    off_road_at_s: m.offRoadAtS,
    min_ttc: actorEvent(m.minTtc),
    pdm: { nc: m.pdm.nc, dac: m.pdm.dac, ttc: m.pdm.ttc, c: m.pdm.c, ep: m.pdm.ep },
    comfort_extremes: {
      min_lon_accel_mps2: c.minLonAccelMps2,
      max_lon_accel_mps2: c.maxLonAccelMps2,
      max_abs_lat_accel_mps2: c.maxAbsLatAccelMps2,
      max_abs_lon_jerk_mps3: c.maxAbsLonJerkMps3,
      max_abs_mag_jerk_mps3: c.maxAbsMagJerkMps3,
      max_abs_yaw_rate_radps: c.maxAbsYawRateRadps,
      max_abs_yaw_accel_radps2: c.maxAbsYawAccelRadps2,
    },
    samples: m.samples,
  };
}

function actorEventFromWire(w: Wire | null): { withId: string; atS: number } | null {
  return w === null ? null : { withId: str(w, 'with_id'), atS: num(w, 'at_s') };
}

/**
 * Values come back in report order (METRIC_NAMES), then any names this build does not know (from
 * another metrics version); a name this build knows but the message lacks is an error.
 */
function valuesFromWire(w: Wire, where: WireAt): RolloutMetrics['values'] {
  const raw = (w.values ?? {}) as Record<string, Wire>;
  const valueOf = (name: string): MetricValue => {
    const v = raw[name];
    if (present(v, 'flag')) return bool(v, 'flag');
    if (present(v, 'number')) return num(v, 'number');
    return fail(where, `values['${name}']`, 'is neither a number nor a flag');
  };
  const out: Record<string, MetricValue> = {};
  for (const name of METRIC_NAMES) {
    if (!Object.hasOwn(raw, name)) fail(where, 'values', `lacks metric '${name}' (version '${str(w, 'version')}')`);
    out[name] = valueOf(name);
  }
  for (const name of Object.keys(raw)) if (!Object.hasOwn(out, name)) out[name] = valueOf(name);
  return out as Record<MetricName, MetricValue>;
}

export function rolloutMetricsFromWire(w: Wire, where: WireAt): RolloutMetrics {
  const pdm = msg(w, 'pdm', where);
  const c = msg(w, 'comfort_extremes', where);
  return {
    version: str(w, 'version') as RolloutMetrics['version'],
    values: valuesFromWire(w, where),
    collision: actorEventFromWire(optMsg(w, 'collision')),
    offRoadAtS: optNum(w, 'off_road_at_s'),
    minTtc: actorEventFromWire(optMsg(w, 'min_ttc')),
    pdm: { nc: num(pdm, 'nc'), dac: num(pdm, 'dac'), ttc: num(pdm, 'ttc'), c: num(pdm, 'c'), ep: num(pdm, 'ep') },
    comfortExtremes: {
      minLonAccelMps2: num(c, 'min_lon_accel_mps2'),
      maxLonAccelMps2: num(c, 'max_lon_accel_mps2'),
      maxAbsLatAccelMps2: num(c, 'max_abs_lat_accel_mps2'),
      maxAbsLonJerkMps3: num(c, 'max_abs_lon_jerk_mps3'),
      maxAbsMagJerkMps3: num(c, 'max_abs_mag_jerk_mps3'),
      maxAbsYawRateRadps: num(c, 'max_abs_yaw_rate_radps'),
      maxAbsYawAccelRadps2: num(c, 'max_abs_yaw_accel_radps2'),
    },
    samples: int(w, 'samples', where),
  };
}
