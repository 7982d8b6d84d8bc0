import { parseSpecText } from '../../scenarios/load-spec';
import { evaluateCriteria, instantiate, laneIdsOf, type ScenarioInstance } from '../../scenarios/instantiate';
import { TRAJECTORY_SAMPLE_S } from '../../scenarios/trajectory-points';
import type { ConditionContext } from '../../sim/setup';
import type { AgentState, World } from '../../sim/types';
import { initialWorld } from '../../sim/world/init';
import { createRuntime } from '../../sim/world/runtime';
import { actorIn, laneMotionOf, runSteps } from '../helpers/world-fixtures';

const SPEC = `
version: 2
name: inst
duration: 10
road: { type: straight, length: 500, lanes: 2, lane_width: 3.5, speed_limit: 30 }
ego:
  start: { lane: lane0, s: 20, speed: 15 }
  route: [lane0]
  trajectory: { type: constant_speed, speed: 15 }
actors:
  - id: lead
    start: { lane: lane0, s: 60, speed: 20 }
    behaviour: { type: constant_speed }
  - id: router
    start: { lane: lane1, s: 10, speed: 10 }
    behaviour: { type: route, lanes: [lane1], desired_speed: 12 }
  - id: driver
    start: { lane: lane1, s: 150, speed: 10 }
    behaviour: { type: idm, desired_speed: 14, mobil: true }
  - id: scripted
    start: { lane: lane1, s: 300, speed: 10 }
    behaviour: { type: constant_speed }
events:
  - id: slow
    when: "time >= 1"
    actions:
      - { type: speed_change, actor: lead, target_speed: 10, shape: linear, duration: 4 }
  - id: slower
    when: 'fired("slow") and time >= 2'
    actions:
      - { type: speed_change, actor: driver, target_speed: 4, shape: linear, rate: 2 }
      - { type: lane_change, actor: scripted, target_lane_offset: -1, duration: 2 }
  - id: close
    when: "gap(ego, lead) < 30 and speed(lead) > 15"
    actions:
      - { type: brake, actor: router, decel: 2 }
criteria: "not collision and min_ttc > 1.5"
`;

const instance: ScenarioInstance = instantiate(parseSpecText(SPEC, 'inst.yaml').spec);
const { setup, resolved } = instance;

describe('instantiate', () => {
  test('builds the road and keeps the scenario’s timing', () => {
    expect([...setup.road.lanes.keys()].sort()).toEqual(['lane0', 'lane1']);
    expect(setup).toMatchObject({ name: 'inst', dtS: 0.1, durationS: 10 });
    expect(laneIdsOf(resolved.road)).toEqual(['lane0', 'lane1']);
  });

  test.each<[string, unknown]>([
    ['lead', { type: 'constant_speed' }],
    ['router', { type: 'idm', desiredSpeedMps: 12, mobil: false, route: ['lane1'] }],
    ['driver', { type: 'idm', desiredSpeedMps: 14, mobil: true, route: [] }],
  ])('maps the behaviour of %s', (id, expected) => {
    expect(setup.actors.find((a) => a.id === id)?.behaviour).toEqual(expected);
  });

  test('turns the ego’s constant_speed trajectory into points 0.2 s apart along its lane, one second past the end', () => {
    const t = setup.ego.trajectory;
    expect(t[0]).toEqual({ tS: 0, x: 20, y: 0 });
    expect(t[t.length - 1].tS).toBeCloseTo(11, 9);
    expect(t[1].x - t[0].x).toBeCloseTo(15 * TRAJECTORY_SAMPLE_S, 9);
    expect(setup.ego).toMatchObject({ route: ['lane0'], desiredSpeedMps: null, start: { kind: 'lane', laneId: 'lane0', s: 20, d: 0, speedMps: 15 } });
  });

  test('runs speed changes by duration and by rate as timed (trigger + duration; trigger + |dv| / rate)', () => {
    const rt = createRuntime(setup);
    const { states } = runSteps(setup, rt.stepCount);
    const at = (t: number) => states[Math.round(t / setup.dtS)];
    // lead: 20 -> 10 m/s over 4 s from t = 1.
    expect(actorIn(at(3), 'lead').speedMps).toBeCloseTo(15, 6);
    expect(actorIn(at(5), 'lead').speedMps).toBeCloseTo(10, 6);
    // driver: from its speed at t = 2 (IDM has taken it from 10 towards 14) down to 4 m/s at 2 m/s^2.
    const v2 = actorIn(at(2), 'driver').speedMps;
    const endS = 2 + (v2 - 4) / 2;
    expect(actorIn(at(3.5), 'driver').speedMps).toBeCloseTo(v2 - 2 * 1.5, 6);
    expect(actorIn(at(Math.ceil(endS * 10) / 10), 'driver').speedMps).toBeCloseTo(4, 6);
    expect(actorIn(at(Math.floor(endS * 10) / 10), 'driver').speedMps).toBeGreaterThan(4);
    // scripted: one lane to the right, 2 s.
    expect(laneMotionOf(actorIn(at(4), 'scripted'))).toMatchObject({ laneId: 'lane0', d: expect.closeTo(0, 6) });
  });
});

describe('bound trigger conditions', () => {
  const rt = createRuntime(setup);
  const base = initialWorld(rt);
  const cond = (id: string) => setup.events.find((e) => e.id === id)!.condition;
  const ctx = (world: World): ConditionContext => ({ world, road: setup.road });
  const move = (w: World, id: string, change: (a: AgentState) => AgentState): World => ({ ...w, actors: w.actors.map((a) => (a.id === id ? change(a) : a)) });

  test('evaluate gap and speed on the world they are given (hand-computed gap 60 - 20 - 4.6 = 35.4)', () => {
    expect(cond('close')(ctx(base))).toBe(false);
    // Lead 10 m nearer: gap 25.4 < 30, still at 20 m/s > 15.
    const nearer = move(base, 'lead', (a) => ({ ...a, pose: { ...a.pose, x: 50 } }));
    expect(cond('close')(ctx(nearer))).toBe(true);
    expect(cond('close')(ctx(move(nearer, 'lead', (a) => ({ ...a, speedMps: 10 }))))).toBe(false);
  });

  test('evaluate time and fired()', () => {
    expect(cond('slow')(ctx(base))).toBe(false);
    expect(cond('slow')(ctx({ ...base, timeS: 1 }))).toBe(true);
    const later = { ...base, timeS: 3 };
    expect(cond('slower')(ctx(later))).toBe(false);
    const fired = { ...later, events: later.events.map((e) => (e.id === 'slow' ? { ...e, firedAtS: 1 } : e)) };
    expect(cond('slower')(ctx(fired))).toBe(true);
  });

  test('each bound condition reads only the context of its own call', () => {
    const nearer = move(base, 'lead', (a) => ({ ...a, pose: { ...a.pose, x: 50 } }));
    expect([cond('close')(ctx(nearer)), cond('close')(ctx(base)), cond('close')(ctx(nearer))]).toEqual([true, false, true]);
  });
});

describe('evaluateCriteria', () => {
  test.each<[string, Record<string, number | boolean>, boolean]>([
    ['a clean run', { collision: false, min_ttc: 3 }, true],
    ['a collision', { collision: true, min_ttc: 3 }, false],
    ['a close call', { collision: false, min_ttc: 1 }, false],
    ['no conflict at all (min_ttc Infinity)', { collision: false, min_ttc: Infinity }, true],
  ])('judges %s', (_name, values, expected) => {
    expect(evaluateCriteria(resolved, values)).toBe(expected);
  });

  test('is null for a scenario without criteria', () => {
    const bare = instantiate(parseSpecText('version: 2\nname: bare\nduration: 5\nroad: { type: straight, length: 100 }\nego: { start: { lane: lane0, s: 10 } }\n', 'bare.yaml').spec);
    expect(evaluateCriteria(bare.resolved, { collision: false })).toBeNull();
  });
});
