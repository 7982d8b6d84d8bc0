/**
 * LongitudinalDistanceAction -> IDM traffic. OpenSCENARIO 1.x tells an entity to reach (and, with
 * continuous="true", keep) a distance or a time gap to a reference entity, measured between the
 * bounding boxes (freespace="true") or the reference points, behind it (displacement
 * trailingReferencedEntity, the default since 1.1), ahead of it (leadingReferencedEntity) or on
 * either side (any), within optional DynamicConstraints (maxAcceleration, maxDeceleration, maxSpeed).
 *
 * Our spec has no gap-keeping action, but it has an actor that keeps a gap to the vehicle ahead in
 * its lane: IDM traffic (`idm` behaviour), whose gap is the model's own (s0 + T v, bumper to
 * bumper). So a car told to keep a gap behind a vehicle ahead of it in its lane becomes IDM traffic
 * whose desired speed is the action's maxSpeed (what it may speed up to while closing the gap).
 * What that changes is warned per element: the gap it keeps (ours, not the file's), the limits,
 * a start later than t = 0 (the behaviour holds from the start), and an action that should end once
 * the gap is reached. A gap that IDM cannot hold (ahead of the reference, or behind it while it
 * starts ahead) is an error.
 */
import { DEFAULT_IDM } from '../../../sim/behaviours/idm';
import type { XmlElement } from '../opendrive/xml-dom';
import type { EntityTrack } from './osc-actions';
import type { OscContext, OscEntity } from './osc-context';
import { EventTimes, isKnown } from './osc-event-times';
import type { EntityInit } from './osc-init';
import type { EntityPositions } from './osc-positions';
import type { StoryEvent } from './osc-story';

/** An entity that keeps a gap to the vehicle ahead (it becomes IDM traffic). */
export interface GapKeeping {
  readonly el: XmlElement;
  readonly event: StoryEvent;
  /** IDM desired speed (spec value), or null for the lane's speed limit. */
  readonly desiredSpeed: number | string | null;
}

const DISPLACEMENTS = ['trailingReferencedEntity', 'leadingReferencedEntity', 'any'];
const COORDINATE_SYSTEMS = ['entity', 'lane', 'road', 'trajectory'];

const isTrue = (v: string): boolean => v.toLowerCase() === 'true' || v === '1';

/** Whether `b` is ahead of `a` in a's direction of travel, when both were placed in the same lane of one road; null when not comparable. */
function aheadInLane(a: EntityTrack, b: EntityTrack): boolean | null {
  if (a.road === null || b.road === null || a.road.roadId !== b.road.roadId || a.drivenLane === null || a.drivenLane !== b.drivenLane) return null;
  // Right lanes (id < 0) run with increasing s, left lanes against it.
  return a.drivenLane < 0 ? b.road.s > a.road.s : b.road.s < a.road.s;
}

export function longitudinalDistanceAction(
  ctx: OscContext,
  el: XmlElement,
  entity: OscEntity,
  tracks: ReadonlyMap<string, EntityTrack>,
  init: EntityInit,
  ev: StoryEvent,
): void {
  const constraints = ctx.child(el, 'DynamicConstraints');
  const ref = ctx.entity(el);
  if (ref === null) return;
  if (entity.cls === 'pedestrian') {
    ctx.sink.error(el, `pedestrian '${entity.name}' cannot keep a gap to '${ref.name}': pedestrians walk a path`);
    return;
  }
  if (ref === entity) {
    ctx.sink.error(el, `'${entity.name}' is told to keep a distance to itself`);
    return;
  }
  const hasDistance = el.attrs.distance !== undefined;
  const hasTimeGap = el.attrs.timeGap !== undefined;
  if (hasDistance === hasTimeGap) {
    ctx.sink.error(el, `<LongitudinalDistanceAction> needs exactly one of 'distance' and 'timeGap' (it has ${hasDistance ? 'both' : 'neither'})`);
    return;
  }
  const gap = hasDistance ? ctx.num(el, 'distance') : ctx.num(el, 'timeGap');
  if (gap === null) return;
  if (gap.value < 0) {
    ctx.sink.error(el, `${hasDistance ? 'distance' : 'timeGap'}=${gap.value} is negative (the side is given by 'displacement')`);
    return;
  }
  const freespace = isTrue(ctx.optStr(el, 'freespace', 'false'));
  const continuous = isTrue(ctx.optStr(el, 'continuous', 'false'));
  const displacement = ctx.optStr(el, 'displacement', 'trailingReferencedEntity');
  const system = ctx.optStr(el, 'coordinateSystem', 'entity');
  if (!DISPLACEMENTS.includes(displacement)) {
    ctx.sink.error(el, `displacement='${displacement}' is not one of ${DISPLACEMENTS.join(', ')}`);
    return;
  }
  if (!COORDINATE_SYSTEMS.includes(system)) {
    ctx.sink.error(el, `coordinateSystem='${system}' is not one of ${COORDINATE_SYSTEMS.join(', ')}`);
    return;
  }
  const track = tracks.get(entity.name) as EntityTrack;
  const refTrack = tracks.get(ref.name) as EntityTrack;
  if (track.drivenLane === null) {
    ctx.sink.error(el, `'${entity.name}' does not drive on a lane of the road (it was placed off the imported lanes), so it cannot keep a gap along it`);
    return;
  }
  const ahead = aheadInLane(track, refTrack);
  if (displacement === 'leadingReferencedEntity') {
    ctx.sink.error(el, `displacement="leadingReferencedEntity" (keep ahead of '${ref.name}') is not supported: our gap keeping (IDM) follows the vehicle ahead`);
    return;
  }
  if (ahead === false) {
    ctx.sink.error(el, `'${entity.name}' starts ahead of '${ref.name}' in its lane: ${displacement === 'any' ? 'keeping the gap on that side' : 'falling back behind it'} is not supported (our gap keeping, IDM, follows the vehicle ahead)`);
    return;
  }
  if (ahead === null) {
    ctx.sink.warn(el, `'${ref.name}' does not start ahead of '${entity.name}' in its lane: our IDM keeps its gap to whichever vehicle is ahead in its lane, which is '${ref.name}' only once it is there`);
  }
  if (system === 'trajectory') ctx.sink.warn(el, 'coordinateSystem="trajectory": the gap is measured along the lane');

  // What the file asks for, as a bumper-to-bumper gap at the reference's commanded speed.
  const speed = refTrack.speed.value;
  const centres = (entity.size.length + ref.size.length) / 2;
  const asked = (hasDistance ? gap.value : gap.value * speed) - (freespace ? 0 : centres);
  const ours = DEFAULT_IDM.minGapM + DEFAULT_IDM.timeHeadwayS * speed;
  const given = hasDistance ? `distance ${gap.value} m` : `timeGap ${gap.value} s`;
  const maxSpeed = constraints === null || constraints.attrs.maxSpeed === undefined ? null : ctx.num(constraints, 'maxSpeed');
  const limits: string[] = [];
  if (constraints !== null) {
    const acc = constraints.attrs.maxAcceleration === undefined ? null : ctx.num(constraints, 'maxAcceleration');
    const dec = constraints.attrs.maxDeceleration === undefined ? null : ctx.num(constraints, 'maxDeceleration');
    if (acc !== null || dec !== null) limits.push(`it accelerates at up to ${DEFAULT_IDM.maxAccelMps2} and brakes at ${DEFAULT_IDM.comfortDecelMps2} m/s^2 in comfort (IDM's own), not the file's${acc === null ? '' : ` maxAcceleration ${acc.value}`}${dec === null ? '' : ` maxDeceleration ${dec.value}`}`);
    const jerks = ['maxAccelerationRate', 'maxDecelerationRate'].filter((a) => constraints.attrs[a] !== undefined);
    if (jerks.length > 0) limits.push(`${jerks.join(' and ')} ignored`);
  }
  ctx.sink.warn(
    el,
    `'${entity.name}' keeps its gap to '${ref.name}' as IDM traffic at desired speed ${maxSpeed === null ? "the lane's speed limit (no maxSpeed)" : `${maxSpeed.value} m/s (maxSpeed)`}: ` +
      `the gap is IDM's ${DEFAULT_IDM.minGapM} m + ${DEFAULT_IDM.timeHeadwayS} s x speed bumper to bumper (${ours.toFixed(2)} m at ${speed.toFixed(2)} m/s), ` +
      `not the file's ${given}${freespace ? '' : ' between reference points'} (${Math.max(0, asked).toFixed(2)} m)${limits.length > 0 ? `; ${limits.join('; ')}` : ''}`,
  );
  if (!continuous) ctx.sink.warn(el, `continuous="false": '${entity.name}' keeps following '${ref.name}' after it reaches the gap (IDM traffic does not stop following)`);
  if (init.gapKeeping !== null) {
    ctx.sink.error(el, `'${entity.name}' is given a second LongitudinalDistanceAction (line ${init.gapKeeping.el.line}); our traffic keeps one gap-keeping behaviour`);
    return;
  }
  init.gapKeeping = { el, event: ev, desiredSpeed: maxSpeed === null ? null : maxSpeed.expr };
  // It drives at its leader's speed once the gap is kept: later relative targets read that.
  track.speed = refTrack.speed;
}

/** Warns where a gap-keeping event starts after t = 0 (or when that cannot be known): the IDM behaviour holds from the start. */
export function reportGapKeepingStarts(ctx: OscContext, inits: ReadonlyMap<string, EntityInit>, events: readonly StoryEvent[], placed: EntityPositions, durationS: number): void {
  const times = new EventTimes(ctx, events, placed, durationS, null);
  for (const [name, init] of inits) {
    const g = init.gapKeeping;
    if (g === null) continue;
    const start = times.start(g.event);
    // The act's first step (a SimulationTimeCondition "> 0" fires at t = dt) counts as the start.
    if (isKnown(start) && start.t <= times.dtS + 1e-9) continue;
    const when = isKnown(start) ? `at t = ${start.t.toFixed(2)} s` : `when ${start.why}`;
    ctx.sink.warn(g.el, `'${name}' keeps its gap from the start of the run; the file starts it with event '${g.event.name}' ${when}`);
  }
}
