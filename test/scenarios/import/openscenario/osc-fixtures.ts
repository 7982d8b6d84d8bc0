/** Loads the OpenSCENARIO fixtures of test/fixtures/openscenario and runs them, keeping every state. */
import { join } from 'path';
import { loadOpenScenarioFile, type LoadedOpenScenario } from '../../../../scenarios/import/openscenario/load-openscenario';
import type { OpenScenarioOptions } from '../../../../scenarios/import/openscenario/read-openscenario';
import type { AgentState, World } from '../../../../sim/types';
import { recordRun, type RecordedRun } from '../../../helpers/scenario-runs';

export const OSC_DIR = join(__dirname, '../../../fixtures/openscenario');

export function loadFixture(name: string, options: OpenScenarioOptions = {}): LoadedOpenScenario {
  return loadOpenScenarioFile(join(OSC_DIR, name), options);
}

/** Imports and runs a fixture with the authored ego trajectory; no stop on collision. */
export function runFixture(name: string, options: OpenScenarioOptions = {}): RecordedRun {
  return recordRun(loadFixture(name, options).spec, 'trajectory', { stopOnCollision: false });
}

/** The state at simulation time `t` (to the step). */
export function at(run: RecordedRun, t: number): World {
  const world = run.states.find((w) => Math.abs(w.timeS - t) < 1e-6);
  if (world === undefined) throw new Error(`no state at t = ${t}`);
  return world;
}

export function firedAt(run: RecordedRun, eventId: string): number {
  const last = run.states[run.states.length - 1];
  const status = last.events.find((e) => e.id === eventId);
  if (status?.firedAtS === null || status === undefined) throw new Error(`event '${eventId}' never fired`);
  return status.firedAtS;
}

export function actor(world: World, id: string): AgentState {
  const a = world.actors.find((x) => x.id === id);
  if (a === undefined) throw new Error(`no actor '${id}'`);
  return a;
}

export function laneOf(a: AgentState): { laneId: string; s: number; d: number } {
  if (a.motion.kind !== 'lane') throw new Error(`${a.id} is not lane-bound (${a.motion.kind})`);
  return { laneId: a.motion.laneId, s: a.motion.s, d: a.motion.d };
}

/** Distance from (x, y) to the polyline through `pts`, m. */
export function toPolyline(pts: readonly { x: number; y: number }[], x: number, y: number): number {
  let best = Infinity;
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1];
    const b = pts[i];
    const len2 = (b.x - a.x) ** 2 + (b.y - a.y) ** 2;
    const u = len2 === 0 ? 0 : Math.min(1, Math.max(0, ((x - a.x) * (b.x - a.x) + (y - a.y) * (b.y - a.y)) / len2));
    best = Math.min(best, Math.hypot(a.x + u * (b.x - a.x) - x, a.y + u * (b.y - a.y) - y));
  }
  return best;
}
