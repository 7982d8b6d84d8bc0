/**
 * Simulation throughput: agent-steps per second of the world loop for a 20- and a 200-agent
 * highway (IDM + MOBIL traffic), and the same as a multiple of real time. Measured twice: the
 * physics alone (stepWorld), and the full closed-loop rollout (policy, metrics, state hashes).
 */
import { idmPolicy } from '../sim/policies/idm-policy';
import { runRollout } from '../sim/rollout';
import { initialWorld } from '../sim/world/init';
import { createRuntime } from '../sim/world/runtime';
import { stepWorld } from '../sim/world/step';
import { highwaySetup } from './highway-setup';

export interface ThroughputRow {
  readonly agents: number;
  readonly mode: 'physics' | 'rollout';
  readonly steps: number;
  readonly seconds: number;
  readonly agentStepsPerS: number;
  readonly realTimeFactor: number;
}

/** Steps run before timing, so that the JIT has compiled the hot paths (as in a long run). */
const WARMUP_STEPS = 300;

function physicsRow(agents: number, steps: number): ThroughputRow {
  const rt = createRuntime(highwaySetup(agents, 1, (steps + WARMUP_STEPS) * 0.1));
  let world = initialWorld(rt);
  const coast = { accelMps2: 0, steerRad: 0 };
  for (let i = 0; i < WARMUP_STEPS; i++) world = stepWorld(rt, world, coast);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < steps; i++) world = stepWorld(rt, world, coast);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const active = world.actors.filter((a) => a.active).length;
  if (active !== agents) throw new Error(`benchmark invalid: only ${active} of ${agents} agents still on the road`);
  return { agents, mode: 'physics', steps, seconds, agentStepsPerS: ((agents + 1) * steps) / seconds, realTimeFactor: (steps * rt.setup.dtS) / seconds };
}

function rolloutRow(agents: number, steps: number): ThroughputRow {
  const rt = createRuntime(highwaySetup(agents, 1, steps * 0.1));
  const t0 = process.hrtime.bigint();
  const r = runRollout(rt, { policy: idmPolicy(rt), stopOnCollision: false });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { agents, mode: 'rollout', steps: r.steps, seconds, agentStepsPerS: ((agents + 1) * r.steps) / seconds, realTimeFactor: (r.steps * rt.setup.dtS) / seconds };
}

export function simThroughput(steps = 1500): ThroughputRow[] {
  rolloutRow(20, WARMUP_STEPS); // the rollout rows have no warm-up of their own: compile the loop first
  return [physicsRow(20, steps), physicsRow(200, steps), rolloutRow(20, steps), rolloutRow(200, steps)];
}
