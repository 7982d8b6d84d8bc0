/**
 * The spec's `road: { type: opendrive, file }`: the .xodr is read relative to the spec file, its
 * lanes are the lane ids starts and actions may name, and its problems are reported with a line
 * (the spec's for a missing file, the .xodr's for a broken one). Also the spec features the
 * OpenSCENARIO importer relies on, written by hand: lane_offset, sinusoidal speed changes,
 * lane_change end_offset, marker events without actions and since().
 */
import * as path from 'node:path';
import { SpecError } from '../../scenarios/errors';
import { instantiate } from '../../scenarios/instantiate';
import { parseSpecText } from '../../scenarios/load-spec';
import { recordRun } from '../helpers/scenario-runs';

const SPEC_FILE = path.join(__dirname, '..', 'fixtures', 'openscenario', 'by-hand.yaml');

const spec = (road: string, rest = ''): string => `version: 2
name: od
duration: 8
road: ${road}
ego: { start: { lane: r1_s0_l-1, s: 10, speed: 10 }, trajectory: { type: constant_speed, speed: 10 } }
${rest}`;

function errorsOf(text: string) {
  try {
    instantiate(parseSpecText(text, SPEC_FILE).spec);
  } catch (error) {
    if (error instanceof SpecError) return error.issues.filter((i) => i.severity === 'error');
    throw error;
  }
  throw new Error('no error');
}

describe('an opendrive road in a spec', () => {
  it('builds the network of the .xodr, relative to the spec file', () => {
    const { resolved, setup } = instantiate(parseSpecText(spec('{ type: opendrive, file: highway.xodr }'), SPEC_FILE).spec);
    expect(resolved.road).toMatchObject({ type: 'opendrive', file: path.join(path.dirname(SPEC_FILE), 'highway.xodr') });
    expect([...setup.road.lanes.keys()].sort()).toEqual(['r1_s0_l-1', 'r1_s0_l-2', 'r1_s0_l-3', 'r1_s0_l1']);
    // 130 km/h on every lane (the road type's speed), the default desired speed of idm actors.
    expect(resolved.road.type === 'opendrive' && resolved.road.speedLimitMps).toBeCloseTo(130 / 3.6, 9);
  });

  it('checks lane ids against the imported lanes', () => {
    const errors = errorsOf(spec('{ type: opendrive, file: highway.xodr }').replace('r1_s0_l-1', 'r1_s0_l-7'));
    expect(errors[0].message).toMatch(/unknown lane 'r1_s0_l-7' \(lanes: (r1_s0_l-?\d(, )?){4}\)/);
  });

  it('reports a missing file at road.file, with the spec line', () => {
    const errors = errorsOf(spec('{ type: opendrive, file: nowhere.xodr }'));
    expect(errors[0]).toMatchObject({ path: 'road.file', line: 4 });
    expect(errors[0].message).toMatch(/cannot read the OpenDRIVE file '.*nowhere\.xodr': no such file/);
  });

  it('reports a broken .xodr with the .xodr line', () => {
    const errors = errorsOf(spec('{ type: opendrive, file: bad/malformed.xosc }'));
    expect(errors[0].file).toMatch(/malformed\.xosc$/);
    expect(errors[0].message).toMatch(/malformed XML/);
    expect(errors[0].line).toBeGreaterThan(0);
  });
});

describe('actions for imported scenarios, written by hand', () => {
  const text = spec(
    '{ type: opendrive, file: highway.xodr }',
    `actors:
  - { id: car, start: { lane: r1_s0_l-2, s: 40, speed: 10 }, behaviour: { type: constant_speed } }
events:
  - { id: mark, when: "time >= 1", actions: [] }
  - id: drift
    when: "since('mark') >= 0.5"
    actions: [{ type: lane_offset, actor: car, offset: 1, duration: 2, shape: sinusoidal }, { type: speed_change, actor: car, target_speed: 14, shape: sinusoidal, duration: 4 }]
  - id: change
    when: "since('drift') >= 3"
    actions: [{ type: lane_change, actor: car, target_lane_offset: 1, duration: 2, end_offset: -0.5 }]
`,
  );
  const run = recordRun(parseSpecText(text, SPEC_FILE).spec, 'trajectory');
  const at = (t: number) => run.states.find((w) => Math.abs(w.timeS - t) < 1e-6)!.actors[0];
  const motion = (t: number) => at(t).motion as { laneId: string; d: number };
  const fired = (id: string) => run.states.at(-1)!.events.find((e) => e.id === id)!.firedAtS!;

  it('a marker event fires with no actions, and since() counts from it', () => {
    expect(fired('mark')).toBeCloseTo(1, 9);
    // since('mark') = time - 1.0 from the next step on: >= 0.5 first holds at 1.5, exactly half a second later.
    expect(fired('drift')).toBeCloseTo(1.5, 9);
  });

  it('lane_offset drifts within the lane to the offset over its duration (sinusoidal)', () => {
    const t0 = fired('drift');
    expect(motion(t0 + 1).d).toBeCloseTo(0.5, 9);
    expect(motion(t0 + 2)).toMatchObject({ laneId: 'r1_s0_l-2' });
    expect(motion(t0 + 2).d).toBeCloseTo(1, 9);
  });

  it('a sinusoidal speed change is half-way at half its duration', () => {
    const t0 = fired('drift');
    expect(at(t0 + 2).speedMps).toBeCloseTo(12, 6);
    expect(at(t0 + 4).speedMps).toBeCloseTo(14, 6);
  });

  it('lane_change with end_offset ends at that offset in the target lane', () => {
    const t1 = fired('change');
    expect(motion(t1 + 2).laneId).toBe('r1_s0_l-1');
    expect(motion(t1 + 2).d).toBeCloseTo(-0.5, 9);
  });
});
