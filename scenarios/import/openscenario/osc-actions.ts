/**
 * Private actions of the storyboard -> our event actions, for one actor. What the importer knows
 * about an entity while it reads the storyboard in document order (its last commanded speed, the
 * lane our simulator binds it to and its offset from it) is kept in `EntityTrack`, because several
 * OpenSCENARIO targets are relative to what holds when the action starts, and our actions are
 * written once at import:
 * - RelativeTargetSpeed is taken from the reference entity's commanded speed (as an expression of
 *   the parameters); `continuous` tracking is not kept (warned).
 * - LaneChangeAction to a lane on the same side of the road is our lane_change by a lane count;
 *   to the other side (esmini drives into the oncoming lane) it is a lane_offset of the distance
 *   between the lane centres, since our lane-bound traffic keeps its direction of travel.
 * - durations given as a distance or a rate become durations at the commanded speed (warned).
 */
import { projectOntoLane } from '../../../sim/road/query';
import { networkLaneId } from '../opendrive/build-network';
import { sectionIndexAt } from '../opendrive/lane-offsets';
import { lanePositionToWorld } from '../opendrive/road-position';
import type { XmlElement } from '../opendrive/xml-dom';
import { mulExpr, addExpr, type OscContext, type OscEntity } from './osc-context';
import type { NumValue } from './osc-parameters';

export type SpecAction = Record<string, unknown> & { readonly type: string; readonly actor: string };

export interface EntityTrack {
  /** Last commanded speed, m/s (value and spec expression). */
  speed: NumValue;
  /** OpenDRIVE road and lane the entity was placed in, with the road s there; null when placed off lanes. */
  readonly road: { readonly roadId: string; readonly s: number } | null;
  /** The OpenDRIVE lane our simulator binds it to, and the one it drives in (differs after a crossing). */
  boundLane: number | null;
  drivenLane: number | null;
}

export interface ActionResult {
  readonly action: SpecAction | null;
  /** How long the action runs, s (for StoryboardElementState end conditions). */
  readonly durationS: number;
}

const SHAPES = ['linear', 'cubic', 'sinusoidal', 'step'];

/** Duration, s, of a transition given as time, distance or rate over a change of `delta` at `speed`. */
function dynamicsDuration(ctx: OscContext, dyn: XmlElement, delta: number, speedMps: number, what: string): number | null {
  const dimension = ctx.optStr(dyn, 'dynamicsDimension', 'time');
  const value = Math.abs(ctx.optNum(dyn, 'value', 0).value);
  if (dimension === 'time') return value;
  if (dimension === 'rate') return value > 0 ? Math.abs(delta) / value : 0;
  if (dimension === 'distance') {
    if (!(speedMps > 0)) {
      ctx.sink.error(dyn, `a ${what} over a distance needs the entity to move (its commanded speed here is 0)`);
      return null;
    }
    ctx.sink.warn(dyn, `${what} over ${value} m becomes ${(value / speedMps).toFixed(2)} s at the commanded speed ${speedMps.toFixed(2)} m/s`);
    return value / speedMps;
  }
  ctx.sink.error(dyn, `dynamicsDimension='${dimension}' is not one of time, distance, rate`);
  return null;
}

function shapeOf(ctx: OscContext, dyn: XmlElement): string {
  const shape = ctx.optStr(dyn, 'dynamicsShape', 'step');
  if (SHAPES.includes(shape)) return shape;
  ctx.sink.error(dyn, `dynamicsShape='${shape}' is not one of ${SHAPES.join(', ')}`);
  return 'linear';
}

export function speedAction(ctx: OscContext, el: XmlElement, entity: OscEntity, tracks: ReadonlyMap<string, EntityTrack>): ActionResult {
  const track = tracks.get(entity.name) as EntityTrack;
  const dyn = ctx.child(el, 'SpeedActionDynamics');
  const targetWrap = ctx.child(el, 'SpeedActionTarget');
  const target = targetWrap === null ? null : ctx.choice(targetWrap);
  if (dyn === null || target === null) {
    ctx.sink.error(el, '<SpeedAction> needs SpeedActionDynamics and SpeedActionTarget');
    return { action: null, durationS: 0 };
  }
  let to: NumValue | null = null;
  if (target.name === 'AbsoluteTargetSpeed') to = ctx.num(target, 'value');
  else if (target.name === 'RelativeTargetSpeed') {
    const ref = ctx.entity(target);
    const v = ctx.num(target, 'value');
    if (ref !== null && v !== null) {
      const refSpeed = (tracks.get(ref.name) as EntityTrack).speed;
      const factor = ctx.optStr(target, 'speedTargetValueType', 'delta') === 'factor';
      to = factor ? { value: refSpeed.value * v.value, expr: mulExpr(refSpeed.expr, v.expr) } : { value: refSpeed.value + v.value, expr: addExpr(refSpeed.expr, v.expr) };
      const continuous = ctx.optStr(target, 'continuous', 'false').toLowerCase() === 'true';
      ctx.sink.warn(target, `speed relative to '${ref.name}' is taken from its commanded speed when read (${to.value.toFixed(2)} m/s)${continuous ? '; continuous tracking of its speed is not kept' : ''}`);
    }
  } else ctx.sink.error(target, `<${target.name}> is not a speed target`);
  if (to === null) return { action: null, durationS: 0 };
  if (to.value < 0) ctx.sink.error(target, `target speed ${to.value} m/s is negative (driving backwards is not supported)`);
  const shape = shapeOf(ctx, dyn);
  const durationS = shape === 'step' ? 0 : dynamicsDuration(ctx, dyn, to.value - track.speed.value, track.speed.value, 'speed change');
  track.speed = to;
  if (durationS === null) return { action: null, durationS: 0 };
  const action: SpecAction = { type: 'speed_change', actor: entity.id, target_speed: to.expr, shape };
  if (shape !== 'step') {
    const dimension = ctx.optStr(dyn, 'dynamicsDimension', 'time');
    if (dimension === 'rate') {
      // OpenSCENARIO signs the rate with the direction of the change; ours is a magnitude.
      const rate = ctx.optNum(dyn, 'value', 0);
      action.rate = typeof rate.expr === 'number' ? Math.abs(rate.expr) : `abs(${rate.expr})`;
      if (rate.value === 0) ctx.sink.error(dyn, 'a speed change at a rate of 0 never ends');
    }
    else action.duration = Math.max(durationS, 1e-3);
  }
  return { action, durationS };
}

/** The world point of OpenDRIVE lane `laneId` at the entity's road s, projected onto the bound lane: lateral distance, m. */
function lateralTo(ctx: OscContext, track: EntityTrack, laneId: number): number | null {
  if (track.road === null || track.boundLane === null) return null;
  const road = ctx.od.roads.get(track.road.roadId);
  if (road === undefined) return null;
  try {
    const p = lanePositionToWorld(ctx.od, track.road.roadId, laneId, track.road.s, 0).pose;
    return projectOntoLane(ctx.network, networkLaneId(road.id, sectionIndexAt(road, track.road.s), track.boundLane), p.x, p.y).d;
  } catch {
    return null;
  }
}

/** OpenDRIVE lane `n` lanes left of `laneId` in its direction of travel, skipping lane 0. */
function lanesLeft(laneId: number, n: number): number {
  // Left of travel is towards +t on right lanes (id < 0) and towards -t on left lanes (id > 0).
  let id = laneId;
  for (let k = 0; k < Math.abs(n); k++) {
    const step = (n > 0 ? 1 : -1) * (laneId < 0 ? 1 : -1);
    id += step;
    if (id === 0) id += step;
  }
  return id;
}

export function laneChangeAction(ctx: OscContext, el: XmlElement, entity: OscEntity, tracks: ReadonlyMap<string, EntityTrack>): ActionResult {
  const track = tracks.get(entity.name) as EntityTrack;
  const dyn = ctx.child(el, 'LaneChangeActionDynamics');
  const targetWrap = ctx.child(el, 'LaneChangeTarget');
  const target = targetWrap === null ? null : ctx.choice(targetWrap);
  if (dyn === null || target === null) {
    ctx.sink.error(el, '<LaneChangeAction> needs LaneChangeActionDynamics and LaneChangeTarget');
    return { action: null, durationS: 0 };
  }
  if (track.drivenLane === null || track.boundLane === null) {
    ctx.sink.error(el, `'${entity.name}' does not drive on a lane of the road (it was placed off the imported lanes), so it cannot change lanes`);
    return { action: null, durationS: 0 };
  }
  let targetLane: number | null = null;
  if (target.name === 'RelativeTargetLane') {
    const ref = ctx.entity(target);
    const n = ctx.num(target, 'value');
    const refLane = ref === null ? null : ref === entity ? track.drivenLane : (tracks.get(ref.name)?.drivenLane ?? null);
    if (ref !== null && refLane === null) ctx.sink.error(target, `'${ref.name}' is not on a lane of the road, so a lane relative to it is not defined`);
    if (refLane !== null && n !== null) targetLane = lanesLeft(refLane, Math.round(n.value));
  } else if (target.name === 'AbsoluteTargetLane') {
    const v = ctx.str(target, 'value');
    if (v !== null && Number.isInteger(Number(v)) && Number(v) !== 0) targetLane = Number(v);
    else if (v !== null) ctx.sink.error(target, `AbsoluteTargetLane value='${v}' is not an OpenDRIVE lane id`);
  } else ctx.sink.error(target, `<${target.name}> is not a lane change target`);
  if (targetLane === null) return { action: null, durationS: 0 };
  let shape = shapeOf(ctx, dyn);
  const speed = track.speed.value;
  const width = Math.abs(lateralTo(ctx, track, targetLane) ?? 3.5);
  let durationS = dynamicsDuration(ctx, dyn, width, speed, 'lane change');
  if (durationS === null) return { action: null, durationS: 0 };
  if (shape === 'step' || durationS <= 0) {
    ctx.sink.warn(dyn, 'a step lane change is driven over 0.1 s (one step): our lateral motion is continuous');
    shape = 'linear';
    durationS = 0.1;
  }
  const endOffset = ctx.optNum(el, 'targetLaneOffset', 0);
  const sameSide = Math.sign(targetLane) === Math.sign(track.boundLane);
  const fromLane = track.drivenLane;
  track.drivenLane = targetLane;
  if (sameSide && Math.sign(fromLane) === Math.sign(track.boundLane)) {
    // Lanes left of travel: ids grow to the left on the right side of the road (id < 0), shrink on the left side.
    const offset = (targetLane - fromLane) * (track.boundLane < 0 ? 1 : -1);
    track.boundLane = targetLane;
    if (offset === 0) return { action: endOffset.value !== 0 ? { type: 'lane_offset', actor: entity.id, offset: endOffset.expr, duration: durationS, shape } : null, durationS };
    const action: SpecAction = { type: 'lane_change', actor: entity.id, target_lane_offset: offset, duration: Number(durationS.toFixed(4)), shape };
    if (endOffset.value !== 0) action.end_offset = endOffset.expr;
    return { action, durationS };
  }
  // Across the centre line (or back from there): drift within the bound lane to the target lane's centre.
  const lateral = targetLane === track.boundLane ? 0 : lateralTo(ctx, track, targetLane);
  if (lateral === null) {
    ctx.sink.error(target, `lane ${targetLane} is not on road '${track.road?.roadId ?? '?'}' where '${entity.name}' drives`);
    return { action: null, durationS: 0 };
  }
  ctx.sink.warn(el, lateral === 0
    ? `the lane change of '${entity.name}' back to lane ${targetLane} returns it to the centre of the lane it is bound to`
    : `the lane change of '${entity.name}' to lane ${targetLane} crosses the centre line; it drives there with a lateral offset of ${lateral.toFixed(2)} m from its own lane (our traffic keeps its direction of travel)`);
  return { action: { type: 'lane_offset', actor: entity.id, offset: Number((lateral + endOffset.value).toFixed(4)), duration: Number(durationS.toFixed(4)), shape }, durationS };
}

export function laneOffsetAction(ctx: OscContext, el: XmlElement, entity: OscEntity): ActionResult {
  const dyn = ctx.child(el, 'LaneOffsetActionDynamics');
  const targetWrap = ctx.child(el, 'LaneOffsetTarget');
  const target = targetWrap === null ? null : ctx.choice(targetWrap);
  if (target === null) return { action: null, durationS: 0 };
  let offset: number | string | null = null;
  if (target.name === 'AbsoluteTargetLaneOffset') offset = ctx.num(target, 'value')?.expr ?? null;
  else if (target.name === 'RelativeTargetLaneOffset') {
    ctx.sink.error(target, 'RelativeTargetLaneOffset (an offset that follows another entity) is not supported; use AbsoluteTargetLaneOffset');
  } else ctx.sink.error(target, `<${target.name}> is not a lane offset target`);
  if (offset === null) return { action: null, durationS: 0 };
  if (ctx.optStr(el, 'continuous', 'false').toLowerCase() === 'true') ctx.sink.warn(el, 'continuous="true" has no effect here: the offset is held until another lateral action');
  let shape = dyn === null ? 'step' : shapeOf(ctx, dyn);
  let durationS = 0;
  const maxAcc = dyn === null ? null : ctx.params.num(dyn, 'maxLateralAcc');
  if (shape !== 'step') {
    // OpenSCENARIO gives the peak lateral acceleration; a sinusoidal move of D metres over T
    // seconds peaks at pi^2 D / (2 T^2) (cubic: 6 D / T^2, linear: instantaneous), so T follows.
    const d = Math.abs(Number(typeof offset === 'number' ? offset : 0)) || 1;
    const a = maxAcc?.value ?? 0;
    const k = shape === 'sinusoidal' ? Math.PI ** 2 / 2 : 6;
    durationS = a > 0 ? Math.sqrt((k * d) / a) : 2;
    if (shape === 'linear') shape = 'cubic';
    ctx.sink.warn(dyn ?? el, `lane offset over ${durationS.toFixed(2)} s${a > 0 ? ` from maxLateralAcc ${a} m/s^2` : ' (no maxLateralAcc)'}${typeof offset === 'string' ? ' (duration from a 1 m offset: the offset is a parameter expression)' : ''}`);
  }
  const action: SpecAction = { type: 'lane_offset', actor: entity.id, offset };
  if (durationS > 0) Object.assign(action, { duration: Number(durationS.toFixed(4)), shape });
  return { action, durationS };
}
