import { hashWorld } from '../../sim/state-hash';
import type { AgentState, World } from '../../sim/types';
import { initialWorld } from '../../sim/world/init';
import { createRuntime } from '../../sim/world/runtime';
import { atTime, brake, event, laneActor, runSteps, simSetup, straightRoad } from '../helpers/world-fixtures';

const setup = simSetup({
  road: straightRoad(2, 500),
  actors: [laneActor('lead', 'lane0', 80, 15), laneActor('side', 'lane1', 40, 18)],
  events: [event('stop', atTime(0.5), [brake('lead', 4)])],
});
const world = (): World => initialWorld(createRuntime(setup));

function withLead(w: World, change: (a: AgentState) => AgentState): World {
  return { ...w, actors: w.actors.map((a) => (a.id === 'lead' ? change(a) : a)) };
}

describe('hashWorld', () => {
  test('gives the same 40-hex-digit hash for two separately built identical worlds', () => {
    const a = hashWorld(world());
    expect(a).toMatch(/^[0-9a-f]{40}$/);
    expect(hashWorld(world())).toBe(a);
  });

  test('sees a 1e-12 m change in one pose coordinate', () => {
    const w = world();
    const moved = withLead(w, (a) => ({ ...a, pose: { ...a.pose, x: a.pose.x + 1e-12 } }));
    expect(moved.actors[0].pose.x).not.toBe(w.actors[0].pose.x); // representable at x = 80
    expect(hashWorld(moved)).not.toBe(hashWorld(w));
  });

  test('tells -0 from 0 (numbers are hashed as their IEEE-754 bytes)', () => {
    const w = world();
    const plus = withLead(w, (a) => ({ ...a, pose: { ...a.pose, yaw: 0 } }));
    const minus = withLead(w, (a) => ({ ...a, pose: { ...a.pose, yaw: -0 } }));
    expect(hashWorld(minus)).not.toBe(hashWorld(plus));
  });

  test.each<[string, (a: AgentState) => AgentState]>([
    ['y', (a) => ({ ...a, pose: { ...a.pose, y: a.pose.y + 0.001 } })],
    ['yaw', (a) => ({ ...a, pose: { ...a.pose, yaw: 0.001 } })],
    ['speed', (a) => ({ ...a, speedMps: a.speedMps + 0.001 })],
    ['acceleration', (a) => ({ ...a, accelMps2: 0.5 })],
    ['steering', (a) => ({ ...a, steerRad: 0.01 })],
    ['active flag', (a) => ({ ...a, active: false })],
    ['rng state', (a) => ({ ...a, rng: (a.rng + 1) >>> 0 })],
    ['lane s', (a) => (a.motion.kind === 'lane' ? { ...a, motion: { ...a.motion, s: a.motion.s + 0.001 } } : a)],
    ['lane d', (a) => (a.motion.kind === 'lane' ? { ...a, motion: { ...a.motion, d: 0.001 } } : a)],
    ['lane id', (a) => (a.motion.kind === 'lane' ? { ...a, motion: { ...a.motion, laneId: 'lane1' } } : a)],
    ['id', (a) => ({ ...a, id: 'other' })],
  ])('changes when an agent’s %s changes', (_name, change) => {
    const w = world();
    expect(hashWorld(withLead(w, change))).not.toBe(hashWorld(w));
  });

  test.each<[string, (w: World) => World]>([
    ['step', (w) => ({ ...w, step: 1 })],
    ['time', (w) => ({ ...w, timeS: 0.1 })],
    ['ego pose', (w) => ({ ...w, ego: { ...w.ego, pose: { ...w.ego.pose, x: w.ego.pose.x + 1 } } })],
    ['actor order', (w) => ({ ...w, actors: [...w.actors].reverse() })],
  ])('changes when the world’s %s changes', (_name, change) => {
    const w = world();
    expect(hashWorld(change(w))).not.toBe(hashWorld(w));
  });

  test('changes when an event fires, and with the time it fired at', () => {
    const w = world();
    const firedAt = (t: number): World => ({ ...w, events: [{ id: 'stop', firedAtS: t }] });
    expect(hashWorld(firedAt(0))).not.toBe(hashWorld(w));
    expect(hashWorld(firedAt(0.5))).not.toBe(hashWorld(firedAt(0)));
  });

  test('differs between consecutive steps of a run and repeats across runs', () => {
    const a = runSteps(setup, 10).states.map(hashWorld);
    const b = runSteps(setup, 10).states.map(hashWorld);
    expect(b).toEqual(a);
    expect(new Set(a).size).toBe(a.length);
  });
});
