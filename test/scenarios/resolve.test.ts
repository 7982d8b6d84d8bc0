import * as path from 'node:path';
import { SpecError } from '../../scenarios/errors';
import { loadSpecFile, parseSpecText } from '../../scenarios/load-spec';
import { resolveSpec } from '../../scenarios/resolve';
import type { ResolvedScenario } from '../../scenarios/resolved-types';
import { FIXTURES, fakeLaneIds, specText } from './spec-test-helpers';

const resolveText = (text: string, options = {}): ResolvedScenario => resolveSpec(parseSpecText(text, 'r.yaml').spec, { laneIds: fakeLaneIds, ...options });

function messages(text: string): string[] {
  try {
    resolveText(text);
  } catch (error) {
    if (error instanceof SpecError) return error.issues.filter((i) => i.severity === 'error').map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

describe('resolveSpec on the full example', () => {
  const resolved = resolveSpec(loadSpecFile(path.join(FIXTURES, 'good', 'cut-in.yaml')).spec, { laneIds: fakeLaneIds, seed: 4 });

  it('evaluates expressions in numeric fields from the parameters (hand-computed: s = 50 + gap = 70)', () => {
    expect(resolved.parameters).toEqual({ ego_speed: 25, gap: 20, lead_speed: 20, noise: 0, friction: 0.75 });
    expect(resolved.actors[0].start).toEqual({ position: { kind: 'lane', laneId: 'lane2', s: 70, d: 0 }, speedMps: 27 });
    expect(resolved.actors[1].start.speedMps).toBe(20);
    expect(resolved.ego.start.speedMps).toBe(25);
  });

  it('converts names and units to the simulator’s', () => {
    expect(resolved.road).toEqual({ type: 'straight', lengthM: 600, laneCount: 3, laneWidthM: 3.5, speedLimitMps: 33.3 });
    expect(resolved.camera.fovRad).toBeCloseTo(Math.PI / 2, 12);
    expect(resolved.camera.pitchRad).toBeCloseTo((-5 * Math.PI) / 180, 12);
    expect(resolved).toMatchObject({ durationS: 15, dtS: 0.1, stepCount: 150, seed: 4, name: 'cut_in' });
  });

  it('applies class defaults for sizes and derives a walker’s start from its path', () => {
    expect(resolved.actors[1].size).toEqual({ lengthM: 12, widthM: 2.55, heightM: 3.6 });
    expect(resolved.actors[2].start.position).toEqual({ kind: 'pose', pose: { x: 200, y: -8, yaw: Math.PI / 2 } });
    expect(resolved.actors[2].start.speedMps).toBe(0); // start_walking: false
  });

  it('compiles triggers and criteria once, ready to evaluate', () => {
    const cut = resolved.events[0];
    const fn = { gap: () => 10, lane: () => 'lane1', fired: () => true };
    expect(cut.condition.evaluate({ time: 3, fn })).toBe(true);
    expect(resolved.events[1].condition.evaluate({ time: 3, fn })).toBe(true);
    expect(resolved.criteria?.evaluate({ time: 15, fn: {}, metrics: { collision: false, min_ttc: 2 } })).toBe(true);
    expect(cut.actions).toEqual([
      { type: 'lane_change', actorId: 'cutter', target: { kind: 'lane', laneId: 'lane1' }, durationS: 3, shape: 'sinusoidal' },
      { type: 'speed_change', actorId: 'cutter', targetSpeedMps: 15, shape: 'linear', timing: { kind: 'duration', durationS: 2 } },
    ]);
  });
});

describe('resolveSpec defaults and conversions', () => {
  it('fills every default of a minimal spec', () => {
    const r = resolveSpec(loadSpecFile(path.join(FIXTURES, 'good', 'minimal.yaml')).spec);
    expect(r).toMatchObject({ dtS: 0.1, stepCount: 100, actors: [], events: [], criteria: null, tags: [], description: '' });
    expect(r.road).toEqual({ type: 'straight', lengthM: 300, laneCount: 2, laneWidthM: 3.5, speedLimitMps: 13.89 });
    expect(r.camera).toMatchObject({ widthPx: 64, heightPx: 64, mountHeightM: 1.4, mountXM: 1, mountYM: 0 });
    expect(r.ego).toMatchObject({ cls: 'car', size: { lengthM: 4.6, widthM: 1.9, heightM: 1.5 }, routeLaneIds: [], trajectory: null });
  });

  it.each([
    ['{ type: curve, radius: 100, angle: 90 }', { type: 'curve', radiusM: 100, angleDeg: 90, lengthBeforeM: 50, lengthAfterM: 50, laneCount: 2 }],
    ['{ type: s_bend, radius: 80, angle: -30, clothoid_length: 10 }', { type: 's_bend', radiusM: 80, angleDeg: -30, clothoidLengthM: 10 }],
    ['{ type: merge, length: 400, merge_start: 150 }', { type: 'merge', lengthM: 400, rampLengthM: 100, mergeStartM: 150, mergeLengthM: 60 }],
    ['{ type: intersection, lanes_per_direction: 2 }', { type: 'intersection', armLengthM: 50, lanesPerDirection: 2, laneWidthM: 3.5 }],
  ])('resolves the road %s', (road, expected) => {
    const text = ['version: 2', 'name: t', 'duration: 5', `road: ${road}`, 'ego: { start: { x: 0, y: 0, yaw: 180 } }'].join('\n');
    const r = resolveText(text);
    expect(r.road).toMatchObject(expected);
    expect(r.ego.start.position).toEqual({ kind: 'pose', pose: { x: 0, y: 0, yaw: Math.PI } });
  });

  it('wraps yaw into (-pi, pi]', () => {
    const text = ['version: 2', 'name: t', 'duration: 5', 'road: { type: straight, length: 100 }', 'ego: { start: { x: 0, y: 0, yaw: -270 } }'].join('\n');
    const { pose } = resolveText(text).ego.start.position as { pose: { yaw: number } };
    expect(pose.yaw).toBeCloseTo(Math.PI / 2, 12);
  });

  it('starts a trajectory follower at its first waypoint with the speed of the first leg', () => {
    const r = resolveText(specText(['actors:', '  - id: a', '    behaviour: { type: follow_trajectory, waypoints: [{ t: 0, x: 0, y: 0 }, { t: 2, x: 6, y: 8 }] }'].join('\n')));
    expect(r.actors[0].start).toEqual({ position: { kind: 'pose', pose: { x: 0, y: 0, yaw: Math.atan2(8, 6) } }, speedMps: 5 });
  });

  it('keeps a trajectory relative to an agent as points ahead of it, placed when the event fires', () => {
    const text = specText(['actors:', '  - { id: c, start: { lane: lane1, s: 10, speed: 10 }, behaviour: { type: constant_speed } }', 'events:', '  - id: e', '    when: "time > 1"', '    actions: [{ type: follow_trajectory, actor: c, relative_to: ego, waypoints: [{ t: 0, ds: 5 }, { t: 2, ds: 30, d: 3.5 }] }]'].join('\n'));
    expect(resolveText(text).events[0].actions[0]).toEqual({ type: 'follow_trajectory', actorId: 'c', waypoints: [], relativeTo: { agentId: 'ego', points: [{ tS: 0, dsM: 5, dM: 0 }, { tS: 2, dsM: 30, dM: 3.5 }] } });
  });

  it('draws distribution parameters from the seed only when asked', () => {
    const text = specText(['parameters:', '  v: { distribution: uniform, min: 5, max: 15 }', 'actors:', '  - { id: a, start: { lane: lane1, s: 50, speed: v }, behaviour: { type: idm } }'].join('\n'));
    expect(resolveText(text).actors[0].start.speedMps).toBe(10);
    const drawn = resolveText(text, { seed: 3, sampleDistributions: true }).actors[0].start.speedMps;
    expect(drawn).not.toBe(10);
    expect(resolveText(text, { seed: 3, sampleDistributions: true }).actors[0].start.speedMps).toBe(drawn);
  });

  it('warns when the duration is not a whole number of steps', () => {
    const text = ['version: 2', 'name: t', 'duration: 1.05', 'dt: 0.1', 'road: { type: straight, length: 100 }', 'ego: { start: { lane: lane0, s: 0 } }'].join('\n');
    const r = resolveText(text);
    expect(r.stepCount).toBe(11);
    expect(r.warnings[0].message).toContain('not a whole number of dt 0.1 s steps');
  });
});

describe('resolveSpec reference checks', () => {
  const withActors = (...lines: string[]) => specText(['actors:', ...lines].join('\n'));

  it.each([
    [withActors('  - { id: ego, start: { lane: lane0, s: 50 }, behaviour: { type: idm } }'), "actors[0].id: 'ego' is the ego vehicle's id; choose another actor id"],
    [withActors('  - { id: p, class: pedestrian, start: { x: 0, y: 0 }, behaviour: { type: idm } }'), "actors[0].behaviour.type: a pedestrian cannot drive 'idm' in a lane"],
    [withActors('  - { id: c, start: { x: 0, y: 0 }, behaviour: { type: walk, path: [[0, 0], [1, 1]] } }'), "actors[0].behaviour.type: 'walk' is for pedestrians and cyclists, not a car"],
    [withActors('  - { id: c, behaviour: { type: idm } }'), "actors[0]: actor 'c' needs a 'start'"],
    [withActors('  - { id: c, behaviour: { type: route, lanes: [lane0, lane7] }, start: { lane: lane0, s: 1 } }'), "actors[0].behaviour.lanes[1]: unknown lane 'lane7' (lanes: lane0, lane1, lane2)"],
    [withActors('  - { id: c, behaviour: { type: follow_trajectory, waypoints: [{ t: 2, x: 0, y: 0 }, { t: 1, x: 5, y: 0 }] } }'), 'actors[0].behaviour.waypoints[1].t: waypoint times must increase: t = 1 comes after t = 2'],
    [
      withActors('  - { id: c, start: { lane: lane1, s: 1 }, behaviour: { type: idm } }', 'events:', '  - { id: e, when: "time > 1", actions: [{ type: lane_change, actor: c }] }'),
      "events[0].actions[0]: lane_change needs exactly one of 'target_lane' and 'target_lane_offset'",
    ],
    [
      withActors('  - { id: c, start: { lane: lane1, s: 1 }, behaviour: { type: idm } }', 'events:', '  - { id: e, when: "time > 1", actions: [{ type: speed_change, actor: c, target_speed: 3 }] }'),
      "events[0].actions[0]: a linear speed_change needs 'duration' (s) or 'rate' (m/s^2)",
    ],
    [
      withActors('  - { id: c, start: { lane: lane1, s: 1 }, behaviour: { type: parked } }', 'events:', '  - { id: e, when: "time > 1", actions: [{ type: brake, actor: c, decel: 3 }] }'),
      'events[0].actions[0].type: brake needs a lane-following actor (idm, constant_speed or route); \'c\' has behaviour parked',
    ],
    [
      withActors('  - { id: c, start: { lane: lane1, s: 1 }, behaviour: { type: idm } }', 'events:', '  - { id: e, when: "time > 1", actions: [{ type: start_walking, actor: c }] }'),
      "events[0].actions[0].actor: start_walking needs an actor with behaviour walk; 'c' has idm",
    ],
    [specText(['events:', '  - { id: e, when: "time > 1", actions: [{ type: brake, actor: ego, decel: 3 }] }'].join('\n')), 'events[0].actions[0].actor: actions cannot target the ego'],
    [
      withActors('  - { id: car, start: { lane: lane1, s: 1 }, behaviour: { type: idm } }', 'events:', '  - { id: e, when: "time > 1", actions: [{ type: follow_trajectory, actor: car, relative_to: cra, waypoints: [{ t: 0, ds: 0 }] }] }'),
      "events[0].actions[0].relative_to: unknown agent 'cra' (ego, car) (did you mean 'car'?)",
    ],
    [
      withActors('  - { id: car, start: { lane: lane1, s: 1 }, behaviour: { type: idm } }', 'events:', '  - { id: e, when: "time > 1", actions: [{ type: follow_trajectory, actor: car, relative_to: car, waypoints: [{ t: 1, ds: 0 }, { t: 1, ds: 5 }] }] }'),
      'events[0].actions[0].waypoints[1].t: waypoint times must increase: t = 1 comes after t = 1',
    ],
    [
      specText(['events:', '  - { id: e, when: "time > 1", actions: [{ type: start_walking, actor: nobody }] }', '  - { id: e, when: "time > 2", actions: [{ type: start_walking, actor: nobody }] }'].join('\n')),
      "events[1].id: duplicate event id 'e' (first used by events[0])",
    ],
    [specText('dt: 0.5\nroad_extra: 1'), "road_extra: unknown field 'road_extra'"],
    [specText('parameters: { lead: 1 }\nactors:\n  - { id: lead, start: { lane: lane0, s: 1 }, behaviour: { type: parked } }'), "parameters.lead: parameter 'lead' has the same name as an actor"],
  ])('reports the mistake in %#', (text, message) => {
    let got: string[] = [];
    try {
      got = messages(text);
    } catch (error) {
      if (!(error instanceof SpecError)) throw error;
      got = error.issues.map((i) => `${i.path}: ${i.message}`);
    }
    expect(got.some((m) => m.startsWith(message))).toBe(true);
  });

  it('reports a road the builder refuses at the road', () => {
    const spec = parseSpecText(specText(''), 'r.yaml').spec;
    expect(() =>
      resolveSpec(spec, {
        laneIds: () => {
          throw new Error('radius 3 m is smaller than the road width');
        },
      }),
    ).toThrow('road: the road cannot be built: radius 3 m is smaller than the road width');
  });

  it('collects the errors of different actors and events together', () => {
    const text = specText(
      ['actors:', '  - { id: a, start: { lane: lane8, s: 1 }, behaviour: { type: idm } }', '  - { id: a, start: { lane: lane0, s: 1 }, behaviour: { type: idm } }', 'events:', '  - { id: e, when: "gap(ego, b) < 1", actions: [{ type: brake, actor: b, decel: 1 }] }'].join('\n'),
    );
    expect(messages(text)).toHaveLength(4);
  });
});
