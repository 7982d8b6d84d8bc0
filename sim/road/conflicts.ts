/**
 * Where paths through a junction cross: for each connector lane, the points at which its
 * centreline crosses another connector's, and which of the two has the right of way. Computed once
 * per road (segment intersection of the sampled centrelines) and cached.
 *
 * Right of way (right-hand traffic, no signals): going straight or turning right beats turning left
 * across (the unprotected left turn yields to oncoming traffic); between two manoeuvres of the
 * same rank, the vehicle coming from the right has priority (priorite a droite, Vienna Convention art. 18).
 */
import { wrapAngle } from '../geometry/angle';
import type { Polyline } from '../geometry/polyline';
import { getLane } from './query';
import type { RoadNetwork } from './types';

export interface Conflict {
  readonly otherLaneId: string;
  /** Arc length of the crossing on this lane and on the other, m. */
  readonly s: number;
  readonly sOther: number;
  /** Whether the other lane's traffic goes first. */
  readonly yieldToOther: boolean;
}

/** Heading changes beyond this are turns, rad (30 degrees). */
const TURN_THRESHOLD_RAD = Math.PI / 6;

type Manoeuvre = 'left' | 'straight' | 'right';

function manoeuvre(pl: Polyline): Manoeuvre {
  const turn = wrapAngle(pl.headings[pl.headings.length - 1] - pl.headings[0]);
  return turn > TURN_THRESHOLD_RAD ? 'left' : turn < -TURN_THRESHOLD_RAD ? 'right' : 'straight';
}

/** Whether traffic on `b` has the right of way over traffic on `a` where their paths cross. */
function yields(a: Polyline, b: Polyline): boolean {
  const ma = manoeuvre(a);
  const mb = manoeuvre(b);
  if (ma === 'left' && mb !== 'left') return true;
  if (mb === 'left' && ma !== 'left') return false;
  // Same rank: b comes from a's right when b's entry heading is a's turned 90 degrees to the left.
  const rel = wrapAngle(b.headings[0] - a.headings[0]);
  return rel > Math.PI / 4 && rel < (3 * Math.PI) / 4;
}

/** First crossing of two polylines as arc lengths on each, or null. */
function crossing(a: Polyline, b: Polyline): { s: number; sOther: number } | null {
  for (let i = 0; i + 1 < a.xs.length; i++) {
    const ax = a.xs[i];
    const ay = a.ys[i];
    const ux = a.xs[i + 1] - ax;
    const uy = a.ys[i + 1] - ay;
    for (let j = 0; j + 1 < b.xs.length; j++) {
      const vx = b.xs[j + 1] - b.xs[j];
      const vy = b.ys[j + 1] - b.ys[j];
      const den = ux * vy - uy * vx;
      if (den === 0) continue;
      const wx = b.xs[j] - ax;
      const wy = b.ys[j] - ay;
      const t = (wx * vy - wy * vx) / den;
      const u = (wx * uy - wy * ux) / den;
      if (t < 0 || t > 1 || u < 0 || u > 1) continue;
      return { s: a.s[i] + t * (a.s[i + 1] - a.s[i]), sOther: b.s[j] + u * (b.s[j + 1] - b.s[j]) };
    }
  }
  return null;
}

const cache = new WeakMap<RoadNetwork, Map<string, readonly Conflict[]>>();

/** The crossings of a connector lane with the other connectors (none for ordinary lanes). */
export function laneConflicts(road: RoadNetwork, laneId: string): readonly Conflict[] {
  let perLane = cache.get(road);
  if (!perLane) {
    perLane = new Map();
    cache.set(road, perLane);
  }
  const known = perLane.get(laneId);
  if (known) return known;
  const lane = getLane(road, laneId);
  const out: Conflict[] = [];
  if (lane.kind === 'connector') {
    for (const other of road.lanes.values()) {
      if (other.kind !== 'connector' || other.id === lane.id) continue;
      // Paths from one lane diverge and paths into one lane merge: neither crosses.
      if (other.predecessorIds.some((p) => lane.predecessorIds.includes(p))) continue;
      if (other.successorIds.some((p) => lane.successorIds.includes(p))) continue;
      const c = crossing(lane.centerline, other.centerline);
      if (c) out.push({ otherLaneId: other.id, s: c.s, sOther: c.sOther, yieldToOther: yields(lane.centerline, other.centerline) });
    }
  }
  out.sort((a, b) => a.s - b.s || (a.otherLaneId < b.otherLaneId ? -1 : 1));
  perLane.set(laneId, out);
  return out;
}
