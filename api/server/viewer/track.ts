/**
 * A rollout as the viewer plays it: one compact JSON document with every agent's pose and speed
 * at every step, the ego's per-step metrics, the events and the scene (road, plan, triggers).
 *
 * Poses are the bulk (2,000 steps x 100 agents x 4 numbers = 800,000 numbers), so they travel as
 * base64 of little-endian Float32 (3.2 MB instead of ~8 MB of JSON text, and decoded in the
 * browser with one typed-array view instead of parsing). Float32 keeps positions to a millimetre
 * within 10 km of the origin, far below what the map shows.
 *
 * Layout: poses[(step * agentCount + agent) * 4 + k], k = x m, y m, yaw rad, speed m/s;
 * active[step * agentCount + agent] is 1 while the agent is on the road network (0 also for an
 * agent not present in that step's state).
 */
import type { AgentStateMessage } from '../../proto/messages';
import type { LoadedRollout } from './loaded-rollout';
import { sceneOfInstance } from './scene';
import type { TrackAgentJson, TrackJson } from './wire-types';

export type { TrackAgentJson, TrackJson } from './wire-types';

export const TRACK_FORMAT: TrackJson['format'] = 'dreamdrive-track/1';
export const POSE_FIELDS = 4;


function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

export function trackJson(r: LoadedRollout): TrackJson {
  const scene = sceneOfInstance(r.spec, r.resolved, r.setup);
  const behaviours = new Map(scene.agents.map((a) => [a.id, a.behaviour]));
  // Agents in order of first appearance, the ego first; sizes and classes do not change.
  const index = new Map<string, number>();
  const agents: TrackAgentJson[] = [];
  const add = (a: AgentStateMessage, behaviour: string): void => {
    if (index.has(a.id)) return;
    index.set(a.id, agents.length);
    agents.push({ id: a.id, cls: a.cls, lengthM: a.size.lengthM, widthM: a.size.widthM, behaviour });
  };
  for (const s of r.steps) {
    add(s.world.ego, `ego (${r.metadata.policy})`);
    for (const a of s.world.actors) add(a, behaviours.get(a.id) ?? a.motion);
  }
  const n = r.steps.length;
  const poses = new Float32Array(n * agents.length * POSE_FIELDS);
  const active = new Uint8Array(n * agents.length);
  r.steps.forEach((s, k) => {
    for (const a of [s.world.ego, ...s.world.actors]) {
      const i = k * agents.length + (index.get(a.id) as number);
      poses.set([a.pose.x, a.pose.y, a.pose.yaw, a.speedMps], i * POSE_FIELDS);
      active[i] = a.active ? 1 : 0;
    }
  });
  const passed = r.result.passed;
  const last = r.steps[n - 1]?.world;
  return {
    format: TRACK_FORMAT,
    id: r.id,
    scenario: r.metadata.scenarioName,
    seed: r.metadata.seed,
    policy: r.metadata.policy,
    cameraSource: r.metadata.cameraSource,
    dtS: r.metadata.dtS,
    stepCount: n,
    verdict: passed === null ? 'no criteria' : passed ? 'pass' : 'fail',
    criteria: r.result.criteria,
    doneReason: r.result.doneReason,
    agents,
    poses: Buffer.from(poses.buffer).toString('base64'),
    active: Buffer.from(active.buffer).toString('base64'),
    series: {
      timeS: r.steps.map((s) => s.timeS),
      speedMps: r.steps.map((s) => s.metrics.speedMps),
      accelMps2: r.steps.map((s) => s.metrics.accelMps2),
      ttcS: r.steps.map((s) => finiteOrNull(s.metrics.ttcS)),
      headwayM: r.steps.map((s) => finiteOrNull(s.metrics.headwayM)),
      inCollision: r.steps.map((s) => s.metrics.inCollision),
    },
    events: (last?.events ?? []).map((e) => ({ id: e.id, firedAtS: e.firedAtS })),
    scene,
  };
}
