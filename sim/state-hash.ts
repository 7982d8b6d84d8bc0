/**
 * A hash of the world state at one step, for determinism checks across runs and machines.
 * Every number is written as its IEEE-754 bytes (so -0 and 0, or 1e-17 differences, are seen)
 * and every string as UTF-8, in a fixed order; SHA-1 is plenty against accidental collisions.
 */
import { createHash } from 'node:crypto';
import type { AgentState, World } from './types';

const FIELDS_PER_AGENT = 16;

const LONGITUDINAL_CODE = { idm: 1, speed_profile: 2, hold: 3 } as const;

/**
 * The motion mode as numbers: which mode, and the parameters that decide the next steps (so two
 * states that look alike now but will diverge, e.g. a scripted brake that has just begun, differ).
 */
function motionNumbers(m: AgentState['motion'], out: Float64Array, at: number): void {
  out.fill(0, at, at + 6);
  switch (m.kind) {
    case 'lane': {
      const lo = m.longitudinal;
      out[at] = LONGITUDINAL_CODE[lo.kind];
      out[at + 1] = lo.kind === 'idm' ? lo.desiredSpeedMps : lo.kind === 'speed_profile' ? lo.toMps + 1e3 * lo.startS : 0;
      out[at + 2] = m.lateral.kind === 'keep' ? m.lateral.offsetM : 1e3 + m.lateral.startS;
      out[at + 3] = m.route.length;
      out[at + 4] = m.lastLaneChangeS;
      break;
    }
    case 'bicycle':
      out[at] = 10 + m.trajectoryIndex;
      out[at + 1] = m.timeOffsetS;
      // where a relative trajectory was placed (0, 0 for the table's: existing hashes unchanged)
      out[at + 2] = m.placed?.[0]?.x ?? 0;
      out[at + 3] = m.placed?.[0]?.y ?? 0;
      break;
    case 'walk':
      out[at] = m.walking ? 21 : 20;
      out[at + 1] = m.pathIndex;
      break;
    case 'parked':
      out[at] = 30;
      break;
  }
}

function agentNumbers(a: AgentState, out: Float64Array, at: number): void {
  out[at] = a.pose.x;
  out[at + 1] = a.pose.y;
  out[at + 2] = a.pose.yaw;
  out[at + 3] = a.speedMps;
  out[at + 4] = a.accelMps2;
  out[at + 5] = a.steerRad;
  out[at + 6] = a.active ? 1 : 0;
  out[at + 7] = a.rng;
  out[at + 8] = a.motion.kind === 'lane' || a.motion.kind === 'walk' ? a.motion.s : 0;
  out[at + 9] = a.motion.kind === 'lane' ? a.motion.d : 0;
  motionNumbers(a.motion, out, at + 10);
}

export function hashWorld(world: World): string {
  const agents = [world.ego, ...world.actors];
  const nums = new Float64Array(2 + agents.length * FIELDS_PER_AGENT + world.events.length);
  nums[0] = world.step;
  nums[1] = world.timeS;
  agents.forEach((a, i) => agentNumbers(a, nums, 2 + i * FIELDS_PER_AGENT));
  world.events.forEach((e, i) => {
    nums[2 + agents.length * FIELDS_PER_AGENT + i] = e.firedAtS ?? -1;
  });
  const h = createHash('sha1');
  h.update(new Uint8Array(nums.buffer));
  // One string, one update: hashing 400 short strings one by one cost more than the numbers.
  let names = '';
  for (const a of agents) names += `${a.id}\0${a.motion.kind === 'lane' ? a.motion.laneId : a.motion.kind}\0`;
  h.update(names);
  return h.digest('hex');
}
