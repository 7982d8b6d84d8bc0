/**
 * esmini's highway_merge.xosc on soderleden.xodr (test/fixtures/openscenario/esmini, stored
 * unmodified; see its README): the ego comes down an on-ramp (road 1, road 5) into the acceleration
 * lane (road 0, lane -3) and changes to lane -2 when it reaches s = 20 there, while A1, A2, A3 drive
 * lane -2 and A2, A3 keep time gaps to the car ahead (LongitudinalDistanceAction, continuous).
 * The file is imported and run, and checked against what it describes; variants of its text check
 * how the LongitudinalDistanceAction's attributes are handled or reported.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { boxesOverlap } from '../../../../sim/collision/obb';
import { DEFAULT_IDM } from '../../../../sim/behaviours/idm';
import { locate } from '../../../../sim/road/query';
import { ImportError } from '../../../../scenarios/import/opendrive/import-issue';
import { loadOpenScenarioFile, parseOpenScenarioText } from '../../../../scenarios/import/openscenario/load-openscenario';
import { readOpenScenario } from '../../../../scenarios/import/openscenario/read-openscenario';
import type { World } from '../../../../sim/types';
import { recordRun } from '../../../helpers/scenario-runs';
import { actor, firedAt, OSC_DIR } from './osc-fixtures';

const FILE = join(OSC_DIR, 'esmini', 'xosc', 'highway_merge.xosc');
const TEXT = readFileSync(FILE, 'utf8');
const A2_ACTION = '<LongitudinalDistanceAction continuous="true" entityRef="A1" timeGap="1" freespace="true">';
/** Line of A2's LongitudinalDistanceAction in the file. */
const A2_LINE = 224;

/** The file's text with one exact piece replaced (which must occur). */
function variant(from: string, to: string): string {
  if (!TEXT.includes(from)) throw new Error(`highway_merge.xosc has no '${from}'`);
  return TEXT.replace(from, to);
}

function importErrors(text: string): { line: number; message: string }[] {
  try {
    readOpenScenario(text, FILE);
  } catch (error) {
    if (error instanceof ImportError) return error.issues.filter((i) => i.severity === 'error').map((i) => ({ line: i.line, message: i.message }));
    throw error;
  }
  throw new Error('the variant imported without errors');
}

/** Pairs of vehicles (ego included) whose boxes overlap in `w`. */
function overlaps(w: World): string[] {
  const boxes = [{ id: 'ego', pose: w.ego.pose, size: w.ego.size }, ...w.actors.map((a) => ({ id: a.id, pose: a.pose, size: a.size }))];
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) if (boxesOverlap(boxes[i].pose, boxes[i].size, boxes[j].pose, boxes[j].size)) out.push(`${boxes[i].id}-${boxes[j].id}`);
  }
  return out;
}

describe('esmini highway_merge.xosc', () => {
  const loaded = loadOpenScenarioFile(FILE);
  const actors = Object.fromEntries(((loaded.spec.actors ?? []) as { id: string; behaviour: unknown }[]).map((a) => [a.id, a.behaviour]));

  it('makes the gap keepers IDM traffic at their maxSpeed, and keeps the scripted cars scripted', () => {
    expect(actors.A2).toEqual({ type: 'idm', desired_speed: 40 });
    expect(actors.A3).toEqual({ type: 'idm', desired_speed: 40 });
    for (const id of ['A1', 'A4', 'A5']) expect(actors[id]).toEqual({ type: 'constant_speed' });
    const gap = loaded.warnings.find((w) => w.line === A2_LINE);
    // 1 s at A1's 25 m/s, bumper to bumper (freespace); IDM's own gap at that speed is s0 + T v.
    expect(gap?.message).toContain(`(${(DEFAULT_IDM.minGapM + DEFAULT_IDM.timeHeadwayS * 25).toFixed(2)} m at 25.00 m/s), not the file's timeGap 1 s (25.00 m)`);
  });

  describe.each(['trajectory', 'idm'] as const)('run with --policy %s', (policy) => {
    const run = recordRun(loaded.spec, policy, { stopOnCollision: false });
    const road = run.runtime.setup.road;
    const egoLane = (w: World): string | undefined => locate(road, w.ego.pose.x, w.ego.pose.y)?.laneId;

    it('the ego merges from the acceleration lane (road 0, lane -3) onto the main road', () => {
      expect(run.states.some((w) => egoLane(w) === 'r0_s0_l-3')).toBe(true);
      const last = run.states[run.states.length - 1];
      expect(egoLane(last)).toMatch(/^r0_s\d+_l-[12]$/);
      if (policy === 'idm') return;
      // The authored ego (esmini's): the change starts at s = 20 on road 0 and lasts 2.8 s; lane -2 from then on.
      const t0 = firedAt(run, 'EgoLaneChangeEvent');
      expect(t0).toBeGreaterThan(6.2);
      expect(t0).toBeLessThan(7.5);
      const after = run.states.filter((w) => w.timeS >= t0 + 2.8);
      expect(after.length).toBeGreaterThan(100);
      for (const w of after) expect(egoLane(w)).toMatch(/^r0_s\d+_l-2$/);
    });

    it('off_road follows the acceleration lane\'s real width (3.5 m, tapering to 0 over s = 75..100)', () => {
      const { values, offRoadAtS } = run.rollout.metrics;
      if (policy === 'trajectory') {
        // The authored ego leaves the lane at s = 20, well before the taper: on the road throughout.
        // (With the lane's mean width, 3.06 m, its 1.9 m box poked out of the lane at t = 7.7 s.)
        expect(values.off_road).toBe(false);
        expect(offRoadAtS).toBeNull();
        return;
      }
      // The IDM ego stays in the acceleration lane into the taper and merges only once it has
      // narrowed below its box (~2 m at s = 86): a corner really is off the drivable area there.
      expect(values.off_road).toBe(true);
      const w = run.states.find((s) => s.timeS === offRoadAtS) as World;
      const at = locate(road, w.ego.pose.x, w.ego.pose.y);
      expect(at?.laneId).toBe('r0_s0_l-3');
      expect(at?.s).toBeGreaterThan(75);
    });

    it('no vehicle touches another: the gap keepers make room for the merging ego', () => {
      expect(run.rollout.metrics.collision).toBeNull();
      for (const w of run.states) expect(overlaps(w)).toEqual([]);
    });

    it('A2 closes in on A1 (it may speed up to 40 m/s) where a constant-speed car would hold 25 m/s', () => {
      const w = run.states.find((s) => Math.abs(s.timeS - 3) < 1e-6) as World;
      expect(actor(w, 'A1').speedMps).toBeCloseTo(25, 6);
      expect(actor(w, 'A2').speedMps).toBeGreaterThan(25.5);
      const last = run.states[run.states.length - 1];
      // A3 behind A2 at the end: no closer than IDM's equilibrium gap at its speed, and still closing on it from above.
      const a2 = actor(last, 'A2');
      const a3 = actor(last, 'A3');
      const gap = Math.hypot(a2.pose.x - a3.pose.x, a2.pose.y - a3.pose.y) - (a2.size.lengthM + a3.size.lengthM) / 2;
      const equilibrium = DEFAULT_IDM.minGapM + DEFAULT_IDM.timeHeadwayS * a3.speedMps;
      expect(gap).toBeGreaterThan(equilibrium - 1);
      expect(a3.speedMps).toBeGreaterThanOrEqual(a2.speedMps - 1e-6);
    });
  });
});

describe('LongitudinalDistanceAction variants of highway_merge.xosc', () => {
  it('distance between reference points, not continuous: the gap asked for and the ending are reported at the line', () => {
    const text = variant(A2_ACTION, '<LongitudinalDistanceAction continuous="false" entityRef="A1" distance="30" freespace="false">');
    const got = parseOpenScenarioText(text, FILE).warnings.filter((w) => w.line === A2_LINE).map((w) => w.message);
    expect(got).toHaveLength(2);
    // 30 m between centres less half of each car's length (car_blue 4.5 m, car_red 5 m).
    expect(got[0]).toMatch(/not the file's distance 30 m between reference points \(25\.25 m\)/);
    expect(got[1]).toMatch(/^continuous="false": 'A2' keeps following 'A1' after it reaches the gap/);
  });

  it('keeping a gap ahead of the reference is an error at the line', () => {
    const errors = importErrors(variant(A2_ACTION, A2_ACTION.replace('freespace="true"', 'freespace="true" displacement="leadingReferencedEntity"')));
    expect(errors).toEqual([{ line: A2_LINE, message: expect.stringMatching(/^displacement="leadingReferencedEntity" \(keep ahead of 'A1'\) is not supported/) }]);
  });

  it('a reference that starts behind the actor is an error (IDM follows the car ahead)', () => {
    const errors = importErrors(variant(A2_ACTION, A2_ACTION.replace('entityRef="A1"', 'entityRef="A3"')));
    expect(errors).toEqual([{ line: A2_LINE, message: expect.stringMatching(/^'A2' starts ahead of 'A3' in its lane: falling back behind it is not supported/) }]);
  });

  it('both or neither of distance and timeGap is an error', () => {
    expect(importErrors(variant(A2_ACTION, A2_ACTION.replace('timeGap="1"', 'timeGap="1" distance="20"')))[0].message).toMatch(/needs exactly one of 'distance' and 'timeGap' \(it has both\)/);
    expect(importErrors(variant(A2_ACTION, A2_ACTION.replace('timeGap="1" ', '')))[0].message).toMatch(/\(it has neither\)/);
  });

  it('an event that starts later than the run is reported: the gap is kept from the start', () => {
    const stateCondition = `<StoryboardElementStateCondition storyboardElementType="act"
                                                                  storyboardElementRef="Act1"
                                                                  state="startTransition"/>`;
    const text = variant(stateCondition, '<SimulationTimeCondition value="5" rule="greaterThan"/>');
    const got = parseOpenScenarioText(text, FILE).warnings.filter((w) => w.line === A2_LINE).map((w) => w.message);
    expect(got[got.length - 1]).toMatch(/^'A2' keeps its gap from the start of the run; the file starts it with event 'A2DistEvent' at t = 5\.\d+ s/);
    // A3's event is unchanged (the act's start): only the gap warning at its action's line.
    const a3Line = text.split('\n').findIndex((l) => l.includes('entityRef="A2" timeGap="1.5"')) + 1;
    expect(parseOpenScenarioText(text, FILE).warnings.filter((w) => w.line === a3Line).map((w) => w.message)).toEqual([expect.stringMatching(/^'A3' keeps its gap to 'A2' as IDM traffic/)]);
  });
});
