/**
 * A 4-way intersection centred at the origin; arms `south` (-y), `east` (+x), `north` (+y),
 * `west` (-x). The junction box is the square |x|, |y| <= H with H = n * w + CORNER_RADIUS_M.
 *
 * Lane ids (n = lanesPerDirection, index 0 = rightmost = outermost, right-hand traffic):
 * - `${arm}_in_${i}`: drives towards the centre, from distance H + armLengthM to H.
 * - `${arm}_out_${i}`: drives away from the centre, from H to H + armLengthM.
 * - `${fromArm}_in_${i}>${toArm}_out_${i}` (kind 'connector'): crosses the box from an incoming lane
 *   to the outgoing lane of the same index straight on, left and right. An incoming lane's
 *   successorIds are [left, straight, right]; an outgoing lane's predecessorIds are sorted by id.
 * Turns are eased (clothoid, arc, clothoid; see eased-turn.ts) so curvature is continuous.
 */
import { easedTurnPieces } from '../geometry/eased-turn';
import { type CurvePiece, sampleCurveChain } from '../geometry/curve-chain';
import { type CurvePoint, sampleLine } from '../geometry/sample-curves';
import { poseAt } from '../geometry/polyline';
import { wrapAngle } from '../geometry/angle';
import type { Lane, RoadNetwork } from './types';
import type { IntersectionRoadOptions } from './road-spec';
import { requireInteger, requirePositive } from './road-spec-error';
import {
  CURVE_SAMPLE_SPACING_M,
  LINE_SAMPLE_SPACING_M,
  MAX_LANE_COUNT,
  makeLane,
  makeParallelLanes,
} from './make-lane';
import { makeNetwork } from './make-network';

/** Arms in counter-clockwise order; arm k is the south arm turned by k quarter turns. */
export const ARMS = ['south', 'east', 'north', 'west'] as const;
export type Arm = (typeof ARMS)[number];

/**
 * How far the junction box reaches beyond each road edge, m, like a kerb's corner radius. It sets
 * the tightest turn: the rightmost right turn has equivalent radius laneWidthM / 2 + this.
 */
export const CORNER_RADIUS_M = 8;

/** Largest gap tolerated between a sampled connector's end and its outgoing lane, m (float noise). */
const CONNECTOR_END_TOLERANCE_M = 1e-6;

const QUARTER_COS = [1, 0, -1, 0];
const QUARTER_SIN = [0, 1, 0, -1];

/** p turned counter-clockwise about the origin by k quarter turns (exact: no trig rounding). */
function turnQuarter(p: CurvePoint, k: number): CurvePoint {
  const c = QUARTER_COS[k];
  const s = QUARTER_SIN[k];
  const yaw = wrapAngle(p.yaw + (k * Math.PI) / 2);
  return { x: c * p.x - s * p.y, y: s * p.x + c * p.y, yaw, curvature: p.curvature };
}

export function buildIntersectionRoad(options: IntersectionRoadOptions): RoadNetwork {
  requirePositive('armLengthM', options.armLengthM);
  requireInteger('lanesPerDirection', options.lanesPerDirection, 1, MAX_LANE_COUNT);
  requirePositive('laneWidthM', options.laneWidthM);
  requirePositive('speedLimitMps', options.speedLimitMps);
  const n = options.lanesPerDirection;
  const w = options.laneWidthM;
  const laneSet = { laneCount: n, laneWidthM: w, speedLimitMps: options.speedLimitMps };
  const halfBoxM = n * w + CORNER_RADIUS_M;
  const armM = options.armLengthM;
  /** Distance of lane i's centre from the road's centre line (lane 0 outermost). */
  const offsetM = (i: number): number => (n - i - 0.5) * w;

  // South arm, turned onto each arm: northbound lanes on the east side, southbound on the west.
  const armLanes = new Map<string, Lane>();
  ARMS.forEach((arm, k) => {
    const inStart = { x: offsetM(0), y: -(halfBoxM + armM), yaw: Math.PI / 2 };
    const outStart = { x: -offsetM(0), y: -halfBoxM, yaw: -Math.PI / 2 };
    const inRef = sampleLine(inStart, armM, LINE_SAMPLE_SPACING_M).map((p) => turnQuarter(p, k));
    const outRef = sampleLine(outStart, armM, LINE_SAMPLE_SPACING_M).map((p) => turnQuarter(p, k));
    for (const lane of [
      ...makeParallelLanes(inRef, laneSet, `${arm}_in_`),
      ...makeParallelLanes(outRef, laneSet, `${arm}_out_`),
    ]) {
      armLanes.set(lane.id, lane);
    }
  });

  const connectors: Lane[] = [];
  const successors = new Map<string, string[]>();
  const predecessors = new Map<string, string[]>();
  ARMS.forEach((arm, k) => {
    for (let i = 0; i < n; i++) {
      const fromId = `${arm}_in_${i}`;
      const from = (armLanes.get(fromId) as Lane).centerline;
      const start = poseAt(from, from.lengthM);
      // [quarter turns to the target arm, heading change, equivalent radius]: left, straight, right.
      const turns: [number, number, number][] = [
        [3, Math.PI / 2, halfBoxM + offsetM(i)],
        [2, 0, 0],
        [1, -Math.PI / 2, halfBoxM - offsetM(i)],
      ];
      for (const [quarters, angleRad, radiusM] of turns) {
        const toId = `${ARMS[(k + quarters) % 4]}_out_${i}`;
        const target = poseAt((armLanes.get(toId) as Lane).centerline, 0);
        const straight = angleRad === 0;
        const pieces: CurvePiece[] = straight
          ? [{ kind: 'line', lengthM: 2 * halfBoxM }]
          : easedTurnPieces(angleRad, radiusM);
        const points = sampleCurveChain(start, pieces, straight ? LINE_SAMPLE_SPACING_M : CURVE_SAMPLE_SPACING_M);
        const end = points[points.length - 1];
        const gapM = Math.hypot(end.x - target.x, end.y - target.y);
        if (gapM > CONNECTOR_END_TOLERANCE_M) {
          throw new Error(`buildIntersectionRoad: connector ${fromId}>${toId} misses its lane by ${gapM} m`);
        }
        points[points.length - 1] = { ...target, curvature: 0 };
        const id = `${fromId}>${toId}`;
        connectors.push(
          makeLane({
            id,
            kind: 'connector',
            points,
            widthM: w,
            speedLimitMps: options.speedLimitMps,
            predecessorIds: [fromId],
            successorIds: [toId],
            markingLeft: 'none',
            markingRight: 'none',
          }),
        );
        successors.set(fromId, [...(successors.get(fromId) ?? []), id]);
        predecessors.set(toId, [...(predecessors.get(toId) ?? []), id]);
      }
    }
  });

  const linked = [...armLanes.values()].map((lane) => ({
    ...lane,
    successorIds: successors.get(lane.id) ?? [],
    predecessorIds: [...(predecessors.get(lane.id) ?? [])].sort(),
  }));
  return makeNetwork('intersection', [...linked, ...connectors]);
}
