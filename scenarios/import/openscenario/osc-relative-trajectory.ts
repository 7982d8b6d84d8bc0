/**
 * Storyboard trajectories positioned relative to an entity that moves (OpenSCENARIO: a Relative*
 * Position means where that entity is when the event starts). At import the trajectory's points are
 * worked out as if the entity stood where Init places it; here they become points ahead of it along
 * its lanes, `{ t, ds, d }`, which the simulator lays out again from wherever the entity is when our
 * event fires (sim/world/relative-trajectory.ts, spec field `relative_to`).
 */
import { laneChainAhead } from '../../../sim/road/lane-chain';
import { getLane, lanePose, projectOntoLane } from '../../../sim/road/query';
import type { RoadNetwork } from '../../../sim/road/types';
import type { XmlElement } from '../opendrive/xml-dom';
import type { OscContext, OscEntity } from './osc-context';
import type { EntityInit } from './osc-init';
import { boxCentre, laneUnder } from './osc-positions';

/** Where the reference entity starts on our lanes: the frame the points are measured in. */
export interface RelativeAnchor {
  readonly entity: OscEntity;
  readonly lane: string;
  readonly s: number;
}

/** Lane-frame positions: exact for RelativeLanePosition / RelativeRoadPosition, an approximation on curves for the rigid kinds. */
const LANE_FRAME_KINDS = new Set(['RelativeLanePosition', 'RelativeRoadPosition']);
/** A point this far past either end of a lane is not on it (m). */
const END_SLACK_M = 0.5;

/**
 * The anchor of a trajectory or teleport (`what` names it in messages) whose positions refer to
 * moving entities (`moved`); null, with an error, when they cannot be carried along: positions not
 * all relative to one such entity, or an entity not placed on a lane in Init.
 */
export function relativeAnchor(ctx: OscContext, trajectory: XmlElement, moved: readonly { el: XmlElement; entityName: string }[], what: string, inits: ReadonlyMap<string, EntityInit>): RelativeAnchor | null {
  const name = moved[0].entityName;
  const positions: XmlElement[] = [];
  const visit = (el: XmlElement): void => {
    if (el.name === 'Position') positions.push(...el.children);
    else el.children.forEach(visit);
  };
  visit(trajectory);
  const elsewhere = positions.find((p) => !moved.some((m) => m.el === p && m.entityName === name));
  if (elsewhere !== undefined) {
    ctx.sink.error(elsewhere, `${what} mixes positions relative to '${name}', which moves, with <${elsewhere.name}>${elsewhere.attrs.entityRef ? ` of '${elsewhere.attrs.entityRef}'` : ''}: only trajectories placed wholly relative to one moving entity are carried along with it`);
    return null;
  }
  const entity = ctx.entities.get(name) as OscEntity;
  const at = inits.get(name)?.position ?? null;
  const lane = at === null ? null : laneUnder(ctx, boxCentre(entity, at.pose), at);
  if (lane === null) {
    ctx.sink.error(moved[0].el, `${what} is relative to '${name}', which moves and does not start on a lane: it cannot be carried along the lanes to where '${name}' is when the event starts`);
    return null;
  }
  const rigid = positions.find((p) => !LANE_FRAME_KINDS.has(p.name));
  ctx.sink.warn(rigid ?? moved[0].el, `${what} is placed when the event starts, ahead of '${name}' along its lanes${rigid === undefined ? '' : ` (<${rigid.name}> offsets are rigid in the standard: the same on straight lanes, bent with the lanes on curves)`}`);
  return { entity, lane: lane.lane, s: lane.s };
}

/** The timed world points as `{ t, ds, d }` ahead of the anchor along its lanes (first successors). */
export function aheadOfAnchor(network: RoadNetwork, anchor: RelativeAnchor, points: readonly { t: number; x: number; y: number }[]): { t: number; ds: number; d: number }[] {
  let pathM = 0;
  for (let i = 1; i < points.length; i++) pathM += Math.hypot(points[i].x - points[i - 1].x, points[i].y - points[i - 1].y);
  const from = lanePose(network, anchor.lane, anchor.s, 0);
  const lead = points.length === 0 ? 0 : Math.hypot(points[0].x - from.x, points[0].y - from.y);
  const chain = laneChainAhead(network, anchor.lane, [], anchor.s + lead + pathM + 10);
  const offsets: number[] = [];
  chain.reduce((sum, id) => (offsets.push(sum), sum + getLane(network, id).centerline.lengthM), 0);
  return points.map((p) => {
    let best: { ds: number; d: number } | null = null;
    chain.forEach((id, i) => {
      const f = projectOntoLane(network, id, p.x, p.y);
      const lengthM = getLane(network, id).centerline.lengthM;
      const inside = (i === 0 || f.s >= -END_SLACK_M) && (i === chain.length - 1 || f.s <= lengthM + END_SLACK_M);
      if (inside && (best === null || Math.abs(f.d) < Math.abs(best.d))) best = { ds: offsets[i] + f.s - anchor.s, d: f.d };
    });
    const found = best as { ds: number; d: number } | null;
    if (found === null) throw new Error(`aheadOfAnchor: (${p.x}, ${p.y}) projects onto no lane of the chain`);
    return { t: p.t, ds: round(found.ds), d: round(found.d) };
  });
}

const round = (v: number): number => Number(v.toFixed(4));
