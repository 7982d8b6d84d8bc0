/**
 * Scenario-level behaviour: what the library scenarios promise, measured on recorded world states
 * with geometry computed here by hand (lane bands, box corners, sight lines), not with the
 * simulator's own queries.
 */
import { runScenario } from '../../eval/run-scenario';
import { boxCorners } from '../../sim/collision/obb';
import type { AgentState, World } from '../../sim/types';
import { visibleFraction } from '../../sim/visibility';
import { actorIn, librarySpec, recordRun, type RecordedRun } from '../helpers/scenario-runs';

function cornerYs(a: AgentState): number[] {
  const c = boxCorners(a.pose, a.size);
  return [c[1], c[3], c[5], c[7]];
}

describe('cut_in: the cutter changes into the ego lane on schedule', () => {
  // cut_in's road: 3 straight lanes of 3.5 m along +x, lane0 centred on y = 0, so lane1 (the
  // ego's) is centred on y = 3.5 and spans y in [1.75, 5.25].
  const LANE1_CENTRE_Y_M = 3.5;
  const LANE_HALF_WIDTH_M = 1.75;
  /** How close to the lane centre "in the lane" means after the manoeuvre, m. */
  const CENTRED_TOL_M = 0.05;

  let run: RecordedRun;
  let cutTimeS: number;
  let cutDurationS: number;
  beforeAll(() => {
    // The cutter is scripted (constant speed + lane change) and ignores the ego; the idm ego avoids
    // the collision, so the run covers the whole 12 s including the cutter's braking.
    run = recordRun(librarySpec('cut_in'), 'idm');
    cutTimeS = run.resolved.parameters.cut_time;
    cutDurationS = run.resolved.parameters.cut_duration;
  });

  const overlapsEgoLane = (w: World) => {
    const ys = cornerYs(actorIn(w, 'cutter'));
    return Math.min(...ys) < LANE1_CENTRE_Y_M + LANE_HALF_WIDTH_M && Math.max(...ys) > LANE1_CENTRE_Y_M - LANE_HALF_WIDTH_M;
  };

  it('starts with the ego on the centre of lane1 and the cutter clear of it', () => {
    expect(run.states[0].ego.pose.y).toBeCloseTo(LANE1_CENTRE_Y_M, 9);
    expect(overlapsEgoLane(run.states[0])).toBe(false);
    expect(run.rollout.doneReason).toBe('duration');
  });

  it('first overlaps the ego lane inside [cut_time, cut_time + cut_duration]', () => {
    const first = run.states.find(overlapsEgoLane);
    expect(first).toBeDefined();
    expect(first!.timeS).toBeGreaterThanOrEqual(cutTimeS);
    expect(first!.timeS).toBeLessThanOrEqual(cutTimeS + cutDurationS);
  });

  it('is centred in the ego lane (within 5 cm) from cut_time + cut_duration to the end', () => {
    const after = run.states.filter((w) => w.timeS >= cutTimeS + cutDurationS - 1e-9);
    expect(after.length).toBeGreaterThan(10);
    const worst = Math.max(...after.map((w) => Math.abs(actorIn(w, 'cutter').pose.y - LANE1_CENTRE_Y_M)));
    expect(worst).toBeLessThanOrEqual(CENTRED_TOL_M);
  });
});

describe('lead_vehicle_hard_brake: the lead brakes to a stop', () => {
  /**
   * Below this the ego counts as stopped, m/s. IDM closes on a standing leader asymptotically: with
   * the left lane removed the ego is still creeping at ~0.13 m/s at t = 10 s, 5 m (IDM's jam gap)
   * behind the lead, so "stopped" is taken as slower than a slow walk.
   */
  const STOPPED_MPS = 0.5;

  it('the constant-speed trajectory runs into the lead', () => {
    const { report } = runScenario(librarySpec('lead_vehicle_hard_brake'), { policy: 'trajectory' });
    expect(report.metrics.collision?.withId).toBe('lead');
  });

  it('the IDM driver does not collide, stays in the lead lane and stops behind the lead with a positive gap', () => {
    const run = recordRun(librarySpec('lead_vehicle_hard_brake'), 'idm');
    expect(run.rollout.metrics.collision).toBeNull();
    const final = run.states[run.states.length - 1];
    const ego = final.ego;
    const lead = actorIn(final, 'lead');
    // Bumper-to-bumper gap along +x (the road is straight along +x).
    const gapM = lead.pose.x - lead.size.lengthM / 2 - (ego.pose.x + ego.size.lengthM / 2);
    const sameLane = Math.abs(ego.pose.y - lead.pose.y) < 1.75;
    const stopped = ego.speedMps < STOPPED_MPS;
    if (!sameLane || gapM <= 0 || !stopped) {
      throw new Error(
        `expected the IDM ego stopped behind the lead in its lane; it ended at (${ego.pose.x.toFixed(1)}, ${ego.pose.y.toFixed(2)}) ` +
          `at ${ego.speedMps.toFixed(2)} m/s, the lead at (${lead.pose.x.toFixed(1)}, ${lead.pose.y.toFixed(2)}) at ${lead.speedMps.toFixed(2)} m/s, ` +
          `bumper gap ${gapM.toFixed(2)} m (same lane: ${sameLane}, stopped: ${stopped})`,
      );
    }
    expect(gapM).toBeGreaterThan(0);
  });
});

describe('pedestrian_crossing: the van hides the pedestrian from the ego camera', () => {
  let run: RecordedRun;
  beforeAll(() => {
    run = recordRun(librarySpec('pedestrian_crossing'), 'trajectory');
  });

  /** The ego camera in the world: the mount point (x ahead, y left of the box centre) rotated by the ego yaw. */
  function eyeOf(w: World): { x: number; y: number } {
    const { mountXM, mountYM } = run.resolved.camera;
    const { x, y, yaw } = w.ego.pose;
    return { x: x + Math.cos(yaw) * mountXM - Math.sin(yaw) * mountYM, y: y + Math.sin(yaw) * mountXM + Math.cos(yaw) * mountYM };
  }

  function fractionAt(w: World): number {
    const eye = eyeOf(w);
    return visibleFraction(eye.x, eye.y, actorIn(w, 'ped'), [actorIn(w, 'van')]);
  }

  /** The van's left (road-side) edge, y, and its front face, x; the van is parked with yaw 0. */
  function vanEdges(w: World) {
    const van = actorIn(w, 'van');
    expect(van.pose.yaw).toBe(0);
    return { leftY: van.pose.y + van.size.widthM / 2, frontX: van.pose.x + van.size.lengthM / 2, rightY: van.pose.y - van.size.widthM / 2 };
  }

  /**
   * Hand-derived occlusion, independent of visibility.ts: the pedestrian walks just ahead of the
   * van's front face, and the eye is behind that face and to the left of the van. A sight line from
   * the eye to a point P beyond the face is blocked iff it crosses the face x = frontX within the
   * van's width: y* = eyeY + (Py - eyeY) (frontX - eyeX) / (Px - eyeX) in [rightY, leftY]
   * (it enters the box through the front face or the left side, which both reach that segment).
   */
  function handCountedVisible(w: World): number {
    const eye = eyeOf(w);
    const ped = actorIn(w, 'ped');
    const { leftY, frontX, rightY } = vanEdges(w);
    const c = boxCorners(ped.pose, ped.size);
    const points = [[ped.pose.x, ped.pose.y], [c[0], c[1]], [c[2], c[3]], [c[4], c[5]], [c[6], c[7]]];
    let visible = 0;
    for (const [px, py] of points) {
      // Preconditions of the formula: eye behind the front face and left of the van, P ahead of it.
      expect(eye.x).toBeLessThan(frontX);
      expect(eye.y).toBeGreaterThan(leftY);
      expect(px).toBeGreaterThan(frontX);
      const yStar = eye.y + ((py - eye.y) * (frontX - eye.x)) / (px - eye.x);
      if (yStar > leftY || yStar < rightY) visible++;
    }
    return visible / points.length;
  }

  it('ends with the constant-speed ego hitting the pedestrian, so the states cover the whole crossing', () => {
    expect(run.rollout.metrics.collision?.withId).toBe('ped');
  });

  it('is fully hidden at t = 0 and while the pedestrian waits behind the van', () => {
    expect(fractionAt(run.states[0])).toBe(0);
    const start = actorIn(run.states[0], 'ped').pose;
    const waiting = run.states.filter((w) => actorIn(w, 'ped').pose.y === start.y);
    expect(waiting.length).toBeGreaterThan(5);
    for (const w of waiting) expect(fractionAt(w)).toBe(0);
  });

  it('stays hidden for at least the first half second of the walk', () => {
    const firstMove = run.states.findIndex((w) => actorIn(w, 'ped').pose.y !== actorIn(run.states[0], 'ped').pose.y);
    expect(firstMove).toBeGreaterThan(0);
    const halfSecond = run.states.filter((w) => w.timeS >= run.states[firstMove].timeS && w.timeS < run.states[firstMove].timeS + 0.5);
    for (const w of halfSecond) expect(fractionAt(w)).toBe(0);
  });

  it('is visible (fraction > 0) at every step once its centre is past the van left edge', () => {
    const out = run.states.filter((w) => actorIn(w, 'ped').pose.y > vanEdges(w).leftY);
    expect(out.length).toBeGreaterThan(5);
    for (const w of out) expect(fractionAt(w)).toBeGreaterThan(0);
  });

  it('turns visible once and stays visible: hidden steps come before visible ones', () => {
    const seen = run.states.map((w) => fractionAt(w) > 0);
    const firstSeen = seen.indexOf(true);
    expect(firstSeen).toBeGreaterThan(0);
    expect(seen.slice(firstSeen).every(Boolean)).toBe(true);
  });

  it('matches the hand-derived sight lines past the van front corner at every step', () => {
    // This also covers the steps where the pedestrian's leading corners peek past the van's
    // front-left corner before its centre has cleared the van's side (it walks 0.75 m ahead of
    // the van's front, so the eye sees round the corner a little early).
    for (const w of run.states) expect({ t: w.timeS, f: fractionAt(w) }).toEqual({ t: w.timeS, f: handCountedVisible(w) });
  });
});
