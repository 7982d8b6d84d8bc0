/**
 * The OpenSCENARIO importer's mapping onto our spec: parameters ($refs, ${expressions}, constraints,
 * scoped story parameters), entities (catalogs, bounding boxes, reference point vs box centre),
 * positions, triggers and actions, warnings and errors with the .xosc line that caused them.
 */
import { join } from 'path';
import { SpecError, type SpecIssue } from '../../../../scenarios/errors';
import { instantiate } from '../../../../scenarios/instantiate';
import { loadSpecFile } from '../../../../scenarios/load-spec';
import { resolveSpec } from '../../../../scenarios/resolve';
import { laneIdsOf } from '../../../../scenarios/instantiate';
import { loadFixture, OSC_DIR } from './osc-fixtures';

function importErrors(name: string): SpecIssue[] {
  try {
    loadFixture(name);
  } catch (error) {
    if (error instanceof SpecError) return error.issues.filter((i) => i.severity === 'error');
    throw error;
  }
  throw new Error(`${name} imported without errors`);
}

describe('parameters', () => {
  const { spec } = loadFixture('cut_in.xosc');

  it('become spec parameters; ${expressions} become mathjs expressions over them', () => {
    expect(spec.parameters).toEqual({ EgoSpeedKmh: 90, CutterSpeed: 'EgoSpeedKmh / 3.6 + 5', Headway: 0.5 });
    expect(spec.constraints).toEqual(['Headway > 0']);
    expect(spec.ego.start).toMatchObject({ speed: 'EgoSpeedKmh / 3.6' });
  });

  it('string parameters and Story-scoped ones ($owner) are substituted at import', () => {
    expect(spec.actors?.map((a) => a.id)).toEqual(['Cutter']);
    const cut = spec.events?.find((e) => e.id === 'CutInEvent');
    expect(cut?.when).toContain("headway('ego', 'Cutter') > (Headway)");
  });

  it('resolve to the values the file gives (90 km/h = 25 m/s, cutter 30 m/s)', () => {
    const { resolved } = instantiate(spec);
    expect(resolved.ego.start.speedMps).toBeCloseTo(25, 12);
    expect(resolved.actors[0].start.speedMps).toBeCloseTo(30, 12);
  });
});

describe('entities and positions', () => {
  const { spec } = loadFixture('cut_in.xosc');

  it('take their bounding box; lane starts are box centres (reference point + Center.x along the lane)', () => {
    expect(spec.ego.size).toEqual({ length: 4.6, width: 1.9, height: 1.5 });
    // LanePosition s = 50 on road 1, lane -2 (a straight road from x = 0: lane s = road s) + 1.4 m.
    expect(spec.ego.start).toMatchObject({ lane: 'r1_s0_l-2', s: 51.4, d: 0 });
  });

  it('RelativeLanePosition: dLane = +1 from lane -2 is lane -1, ds = -20 m behind (+1.3 m centre)', () => {
    expect(spec.actors?.[0].start).toMatchObject({ lane: 'r1_s0_l-1', s: 31.3, d: 0 });
  });

  it('RoadPosition and WorldPosition starts land on the lane under them', () => {
    const lanes = loadFixture('lane_change.xosc').spec.actors ?? [];
    expect(lanes.find((a) => a.id === 'Absolute')?.start).toMatchObject({ lane: 'r1_s0_l-1', s: 200, d: 0 });
    expect(lanes.find((a) => a.id === 'Drifter')?.start).toMatchObject({ lane: 'r1_s0_l-1', s: 300, d: 0 });
  });

  it('classes follow vehicleCategory (van -> car, truck -> truck) and Pedestrian', () => {
    const actors = loadFixture('lane_change.xosc').spec.actors ?? [];
    expect(actors.map((a) => [a.id, a.class])).toEqual([['Changer', 'car'], ['Absolute', 'car'], ['Drifter', 'truck']]);
    expect(loadFixture('pedestrian.xosc').spec.actors?.[0].class).toBe('pedestrian');
  });

  it('the ego is the entity named Ego, or the one --ego names', () => {
    expect(loadFixture('speed.xosc').spec.ego.start).toMatchObject({ lane: 'r1_s0_l-1', s: 5 });
    const other = loadFixture('speed.xosc', { ego: 'Linear' }).spec;
    expect(other.ego.start).toMatchObject({ lane: 'r1_s0_l-2', s: 20 });
    expect(other.actors?.map((a) => a.id)).toContain('Ego');
  });
});

describe('triggers and actions', () => {
  it('a delayed StoryboardElementStateCondition becomes a helper event and since()', () => {
    const events = loadFixture('cut_in.xosc').spec.events ?? [];
    const helper = events.find((e) => e.id === 'BrakeEvent_g0c0_met');
    expect(helper).toEqual({ id: 'BrakeEvent_g0c0_met', when: "(time > 0) and ((since('CutInEvent') >= 3))", actions: [] });
    expect(events.find((e) => e.id === 'BrakeEvent')?.when).toBe("(time > 0) and (since('BrakeEvent_g0c0_met') >= 1)");
  });

  it('a SpeedAction with a rate keeps the rate, as a magnitude', () => {
    const events = loadFixture('cut_in.xosc').spec.events ?? [];
    expect(events.find((e) => e.id === 'BrakeEvent')?.actions).toEqual([{ type: 'speed_change', actor: 'Cutter', target_speed: 15, shape: 'linear', rate: 4 }]);
    expect(loadFixture('speed.xosc').spec.events?.find((e) => e.id === 'Accelerate')?.actions[0]).toMatchObject({ rate: 'abs(Rate)' });
  });

  it('a pedestrian trajectory becomes a walk started by its event', () => {
    const { spec } = loadFixture('pedestrian.xosc');
    expect(spec.actors?.[0].behaviour).toEqual({ type: 'walk', path: [[120, -12], [120, 6]], speed: 1.5, start_walking: false });
    expect(spec.events).toEqual([{ id: 'Cross', when: "(distance('ego', 'Walker') < 60)", actions: [{ type: 'start_walking', actor: 'Walker' }] }]);
  });

  it('the StopTrigger at a simulation time sets the duration', () => {
    expect(loadFixture('cut_in.xosc').spec.duration).toBe(14);
    expect(loadFixture('speed.xosc').spec.duration).toBe(12);
  });
});

describe('the spec and its source', () => {
  it('keeps the road as a reference to the .xodr, relative to the spec', () => {
    expect(loadFixture('junction.xosc').spec.road).toEqual({ type: 'opendrive', file: '../opendrive/junction.xodr' });
  });

  it('loads through loadSpecFile, and later errors point at the .xosc line the value came from', () => {
    const { spec } = loadSpecFile(join(OSC_DIR, 'cut_in.xosc'));
    const bad = { ...spec, ego: { ...spec.ego, start: { lane: 'r1_s0_l-9', s: 10 } } };
    try {
      resolveSpec(bad, { laneIds: laneIdsOf, source: { file: join(OSC_DIR, 'cut_in.xosc'), format: 'yaml', locate: loadFixture('cut_in.xosc').imported.locate } });
      throw new Error('resolved');
    } catch (error) {
      const issue = (error as SpecError).issues.find((i) => i.severity === 'error');
      expect(issue?.message).toMatch(/unknown lane 'r1_s0_l-9'/);
      expect(issue?.line).toBe(18); // <ScenarioObject name="Ego">
    }
  });

  it('reports ignored elements and approximations as warnings, in file order, each with its line', () => {
    const warnings = loadFixture('lane_change.xosc').warnings;
    expect(warnings.map((w) => w.line)).toEqual([...warnings.map((w) => w.line)].sort((a, b) => a - b));
    expect(warnings.map((w) => [w.line, w.message.split(':')[0]])).toEqual([
      [56, 'lane change over 30 m becomes 2.00 s at the commanded speed 15.00 m/s'],
      [70, 'lane offset over 2.81 s from maxLateralAcc 0.5 m/s^2'],
      [78, "the lane change of 'Drifter' to lane 1 crosses the centre line; it drives there with a lateral offset of 3.50 m from its own lane (our traffic keeps its direction of travel)"],
      [87, "the lane change of 'Drifter' back to lane -1 returns it to the centre of the lane it is bound to"],
    ]);
    expect(loadFixture('cut_in.xosc').warnings.map((w) => w.message)).toEqual([
      '<Performance> ignored: dynamics limits come from our vehicle class (sim/dynamics/vehicle-params.ts) (2 elements; also at lines 32)',
      '<Axles> ignored: dynamics limits come from our vehicle class (sim/dynamics/vehicle-params.ts) (2 elements; also at lines 33)',
      '<Properties> ignored: simulator-specific properties have no meaning here (2 elements; also at lines 37)',
    ]);
  });
});

describe('bad files', () => {
  it.each([
    ['malformed.xosc', 8, /^malformed XML: unexpected close tag/],
    ['missing_xodr.xosc', 4, /cannot read the OpenDRIVE file '.*no_such_road\.xodr': no such file/],
    ['unknown_entity.xosc', 14, /entityRef='Ghost' names no entity \(entities: Ego\)/],
    ['parameter_cycle.xosc', 5, /parameter cycle: \$A -> \$B -> \$A/],
    ['unsupported.xosc', 18, /'Lead' starts ahead of 'Ego' in its lane: falling back behind it is not supported/],
  ])('%s: a clear error at line %i', (name, line, message) => {
    const errors = importErrors(`bad/${name}`);
    expect(errors[0].line).toBe(line);
    expect(errors[0].message).toMatch(message);
    expect(errors[0].file).toMatch(name);
  });

  it('reports trajectories relative to a moving car that cannot be carried along with it, each with its line', () => {
    const errors = importErrors('bad/relative_trajectory.xosc');
    expect(errors.map((e) => e.line)).toEqual([26, 40]);
    expect(errors[0].message).toMatch(/event 'Mixed' mixes positions relative to 'Lead', which moves, with <WorldPosition>/);
    expect(errors[1].message).toMatch(/path of pedestrian 'Walker' relative to 'Lead', which moves/);
  });

  it('reports every unsupported element of a file, not just the first', () => {
    const errors = importErrors('bad/unsupported.xosc');
    expect(errors.map((e) => e.line)).toEqual([18, 19]);
    expect(errors[1].message).toMatch(/<AccelerationCondition> is not supported/);
  });
});
