/**
 * Lane widths that vary along the lane: soderleden.xodr's acceleration lane (road 0, lane -3 of
 * section 0, esmini's highway_merge road; test/fixtures/openscenario/esmini, stored unmodified) is
 * 3.5 m wide to s = 75 and then closes to 0 at s = 100 by a cubic width record. The imported lane
 * must follow that polynomial, not one mean width.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { readOpenDrive } from '../../../../scenarios/import/opendrive/read-opendrive';
import { lanePositionToWorld } from '../../../../scenarios/import/opendrive/road-position';
import { laneT } from '../../../../scenarios/import/opendrive/lane-offsets';
import { referencePose } from '../../../../scenarios/import/opendrive/reference-line';
import { laneWidthAt } from '../../../../sim/road/lane-width';
import { getLane, isOnDrivable, locate, projectOntoLane } from '../../../../sim/road/query';
import { OSC_DIR } from '../openscenario/osc-fixtures';

const FILE = join(OSC_DIR, 'esmini', 'xodr', 'soderleden.xodr');
const imported = readOpenDrive(readFileSync(FILE, 'utf8'), FILE);
const { network, od } = imported;

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`soderleden.xodr has no ${what}`);
  return value;
}

const road = required(od.roads.get('0'), 'road 0');
const section = road.sections[0];
const odLane = required(section.lanes.find((l) => l.id === -3), 'lane -3 in road 0 section 0');
const lane = getLane(network, 'r0_s0_l-3');

/** The file's width polynomial for lane -3 at road s, evaluated here from the parsed records. */
function fileWidth(s: number): number {
  const ds = s - section.s;
  let rec = odLane.widths[0];
  for (const r of odLane.widths) if (r.sOffset <= ds) rec = r;
  const x = ds - rec.sOffset;
  return rec.a + rec.b * x + rec.c * x * x + rec.d * x * x * x;
}

/** Lane s of road s on the acceleration lane (its centre at road s, projected onto our centreline). */
function laneS(s: number): number {
  const centre = lanePositionToWorld(od, '0', -3, s, 0).pose;
  return projectOntoLane(network, lane.id, centre.x, centre.y).s;
}

describe('soderleden.xodr acceleration lane (road 0, lane -3)', () => {
  test('the file tapers it: two width records, the second a cubic from 3.5 m to 0', () => {
    expect(odLane.widths).toHaveLength(2);
    expect(fileWidth(60)).toBeCloseTo(3.5, 9);
    expect(fileWidth(100)).toBeCloseTo(0, 9);
  });

  test.each([0, 40, 74, 76, 80, 85, 90, 95, 98, 99.5])('width at road s = %p matches the polynomial within 1 cm', (s) => {
    expect(Math.abs(laneWidthAt(lane, laneS(s)) - fileWidth(s))).toBeLessThan(0.01);
  });

  test('the nominal widthM is still the mean over the section (3.0625 m)', () => {
    // 75 m at 3.5 m plus the taper's integral, 43.75 m^2, over 100 m; trapezoid sampling at 0.5 m.
    expect(lane.widthM).toBeCloseTo(3.0625, 3);
  });

  test.each([80, 90, 95])('its outer border at road s = %p lies on the lane edge (centreline and width agree)', (s) => {
    const ref = referencePose(road, s);
    const t = laneT(road, section, -3, s, 1).value;
    const edge = { x: ref.x - t * Math.sin(ref.yaw), y: ref.y + t * Math.cos(ref.yaw) };
    const f = projectOntoLane(network, lane.id, edge.x, edge.y);
    expect(Math.abs(f.d + laneWidthAt(lane, f.s) / 2)).toBeLessThan(0.01);
  });

  test('a point 1.6 m right of its centre is on it where it is 3.5 m wide; past the taper start it is off the road', () => {
    // The mean width (3.06 m) would put 1.6 m outside the lane at s = 50 and inside it at s = 90.
    const at = (s: number) => lanePositionToWorld(od, '0', -3, s, -1.6).pose;
    const p50 = at(50);
    expect(locate(network, p50.x, p50.y)?.laneId).toBe(lane.id);
    const p90 = at(90);
    expect(fileWidth(90) / 2).toBeLessThan(1.6);
    expect(isOnDrivable(network, p90.x, p90.y)).toBe(false);
  });

  test('constant-width lanes get no profile (they stay as before)', () => {
    expect(getLane(network, 'r0_s0_l-2').widthProfile).toBeUndefined();
    expect(getLane(network, 'r0_s0_l-2').widthM).toBe(3.5);
  });
});
