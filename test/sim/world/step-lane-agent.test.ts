import { DEFAULT_IDM, idmAccelMps2 } from '../../../sim/behaviours/idm';
import { VEHICLE_PARAMS } from '../../../sim/dynamics/vehicle-params';
import { getLane } from '../../../sim/road/query';
import type { AgentState, LongitudinalMode } from '../../../sim/types';
import { idmWithSpeed, isScripted, longitudinalAccelMps2, stepLaneAgent } from '../../../sim/world/step-lane-agent';
import { initialWorld } from '../../../sim/world/init';
import { createRuntime } from '../../../sim/world/runtime';
import {
  CONSTANT_SPEED,
  actorIn,
  bumperGapM,
  idm,
  intersectionRoad,
  laneActor,
  laneMotionOf,
  runSteps,
  simSetup,
  straightRoad,
} from '../../helpers/world-fixtures';

const DT_S = 0.1;
const road = straightRoad(2, 2000);
const CAR = VEHICLE_PARAMS.car;

/** A lane actor as initialWorld builds it. */
function agentOn(setupActor: ReturnType<typeof laneActor>, r = road): AgentState {
  return initialWorld(createRuntime(simSetup({ road: r, actors: [setupActor] }))).actors[0];
}

function step(agent: AgentState, leader: { gapM: number; speedMps: number } | null = null, timeS = 0, r = road): AgentState {
  return stepLaneAgent({ road: r, agent, params: CAR, leader: leader && { index: 1, ...leader }, timeS, dtS: DT_S, mobil: false });
}

describe('stepLaneAgent, one step', () => {
  test('integrates the free-road IDM acceleration (hand-computed: 10 m/s towards 20 m/s)', () => {
    const next = step(agentOn(laneActor('a', 'lane0', 50, 10, idm(20))));
    // a = 3 (1 - (10 / 20)^4) = 2.8125; v = 10.28125; s += (10 + 10.28125) / 2 * 0.1.
    expect(next.accelMps2).toBeCloseTo(2.8125, 12);
    expect(next.speedMps).toBeCloseTo(10.28125, 12);
    expect(laneMotionOf(next).s).toBeCloseTo(50 + 1.0140625, 12);
    expect(next.pose).toEqual({ x: laneMotionOf(next).s, y: 0, yaw: 0 });
  });

  test('limits an IDM emergency stop to the vehicle’s deceleration (car: 8 m/s^2)', () => {
    const next = step(agentOn(laneActor('a', 'lane0', 50, 20, idm(20))), { gapM: 0.5, speedMps: 0 });
    expect(next.accelMps2).toBe(-CAR.maxDecelMps2);
    expect(next.speedMps).toBeCloseTo(20 - 0.8, 12);
  });

  test('holds its speed in hold mode whatever is ahead', () => {
    const next = step(agentOn(laneActor('a', 'lane0', 50, 12, CONSTANT_SPEED)), { gapM: 1, speedMps: 0 });
    expect(next.speedMps).toBe(12);
    expect(laneMotionOf(next).s).toBeCloseTo(51.2, 12);
  });

  test('keeps the lateral offset it started with', () => {
    const a = laneActor('a', 'lane1', 50, 10, CONSTANT_SPEED);
    const next = step(agentOn({ ...a, start: { ...a.start, d: 0.4 } as typeof a.start }));
    expect(laneMotionOf(next).d).toBe(0.4);
    expect(next.pose.y).toBeCloseTo(3.5 + 0.4, 12);
  });

  test('never drives backwards: speed stays >= 0 when braking from a crawl', () => {
    const next = step(agentOn(laneActor('a', 'lane0', 50, 0.1, idm(20))), { gapM: 0.1, speedMps: 0 });
    expect(next.speedMps).toBe(0);
    expect(laneMotionOf(next).s).toBeGreaterThanOrEqual(50);
  });
});

describe('longitudinalAccelMps2', () => {
  const profile = (ignoreLeader: boolean): LongitudinalMode => ({
    kind: 'speed_profile',
    shape: 'linear',
    fromMps: 20,
    toMps: 10,
    startS: 0,
    durationS: 5,
    ignoreLeader,
  });
  const leader = { index: 1, gapM: 10, speedMps: 0 };

  test.each<[string, LongitudinalMode, typeof leader | null, number, boolean]>([
    ['hold', { kind: 'hold' }, leader, 0, true],
    ['idm on a free road', { kind: 'idm', desiredSpeedMps: 20 }, null, idmAccelMps2(20, null, idmWithSpeed(20)), false],
    ['idm behind a stopped car', { kind: 'idm', desiredSpeedMps: 20 }, leader, idmAccelMps2(20, leader, idmWithSpeed(20)), false],
    // Profile speed at t + dt = 20 - 2 * 0.1 = 19.8; (19.8 - 20) / 0.1 = -2.
    ['a scripted profile (follows the profile exactly)', profile(true), leader, -2, true],
    ['a profile under IDM (the smaller of the two)', profile(false), leader, idmAccelMps2(20, leader, idmWithSpeed(19.8)), false],
  ])('%s', (_name, mode, lead, accel, scripted) => {
    expect(longitudinalAccelMps2(mode, 20, lead, 0, DT_S)).toBeCloseTo(accel, 9);
    expect(isScripted(mode)).toBe(scripted);
  });

  test('idmWithSpeed is DEFAULT_IDM with only the desired speed replaced', () => {
    expect(idmWithSpeed(17)).toEqual({ ...DEFAULT_IDM, desiredSpeedMps: 17 });
    expect(idmWithSpeed(17)).toBe(idmWithSpeed(17));
  });
});

describe('lane agents over many steps', () => {
  test('a lone IDM car accelerates towards its desired speed and never exceeds it', () => {
    const { states } = runSteps(simSetup({ road, actors: [laneActor('a', 'lane0', 10, 5, idm(20))] }), 600);
    const speeds = states.map((w) => w.actors[0].speedMps);
    for (let k = 1; k < speeds.length; k++) expect(speeds[k]).toBeGreaterThanOrEqual(speeds[k - 1]);
    expect(Math.max(...speeds)).toBeLessThanOrEqual(20);
    expect(speeds[speeds.length - 1]).toBeGreaterThan(19.5);
  });

  test('a follower behind a stopped car stops with a bumper gap between 3 and 6 m (IDM s0 = 5 m)', () => {
    const { states } = runSteps(
      simSetup({ road, actors: [laneActor('stopped', 'lane0', 200, 0, CONSTANT_SPEED), laneActor('follower', 'lane0', 100, 15, idm(15))] }),
      400,
    );
    const gaps = states.map((w) => bumperGapM(actorIn(w, 'follower'), actorIn(w, 'stopped')));
    expect(Math.min(...gaps)).toBeGreaterThan(0);
    const last = states[states.length - 1];
    expect(actorIn(last, 'follower').speedMps).toBeLessThan(0.01);
    expect(gaps[gaps.length - 1]).toBeGreaterThan(3);
    expect(gaps[gaps.length - 1]).toBeLessThan(6);
  });

  test('a car at the end of a lane without successor becomes inactive and stays put', () => {
    const short = straightRoad(1, 100);
    const { states } = runSteps(simSetup({ road: short, actors: [laneActor('a', 'lane0', 90, 20, CONSTANT_SPEED)] }), 20);
    const firstInactive = states.findIndex((w) => !w.actors[0].active);
    // 10 m at 20 m/s: the step that would carry it past s = 100 (t = 0.5 s -> 0.6 s).
    expect(firstInactive).toBe(6);
    const off = states[firstInactive].actors[0];
    expect(states[states.length - 1].actors[0]).toEqual(off);
    expect(off.pose.x).toBeLessThanOrEqual(100);
  });

  test('crosses a lane end onto its route, carrying the rest of the distance over', () => {
    const junction = intersectionRoad();
    const inLength = getLane(junction, 'south_in_0').centerline.lengthM;
    const route = ['south_in_0>north_out_0', 'north_out_0'];
    const agent = agentOn(laneActor('a', 'south_in_0', inLength - 0.5, 10, idm(10, { route })), junction);
    const next = step(agent, null, 0, junction);
    const m = laneMotionOf(next);
    expect(m.laneId).toBe('south_in_0>north_out_0');
    expect(m.s).toBeCloseTo(0.5, 9); // 1 m travelled, 0.5 m of it past the end
    expect(m.route).toEqual(['north_out_0']);
    expect(next.rng).toBe(agent.rng); // no draw: the route decided
  });
});
