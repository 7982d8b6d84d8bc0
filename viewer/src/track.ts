/**
 * A decoded rollout track: typed-array views over the server's base64 poses, and the lookups a
 * frame needs (pose of agent i at step k, the step at a time). Pure, no DOM: tested without WebGL.
 */
import type { TrackJson } from './wire';

export const POSE_FIELDS = 4;

export interface AgentPose {
  readonly x: number;
  readonly y: number;
  readonly yawRad: number;
  readonly speedMps: number;
  readonly active: boolean;
}

function base64Bytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export class Track {
  readonly poses: Float32Array;
  readonly active: Uint8Array;
  readonly agentCount: number;
  readonly stepCount: number;
  readonly durationS: number;

  constructor(readonly json: TrackJson) {
    if (json.format !== 'dreamdrive-track/1') throw new Error(`unknown track format '${String(json.format)}'`);
    const bytes = base64Bytes(json.poses);
    this.poses = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    this.active = base64Bytes(json.active);
    this.agentCount = json.agents.length;
    this.stepCount = json.stepCount;
    const expected = this.stepCount * this.agentCount;
    if (this.poses.length !== expected * POSE_FIELDS || this.active.length !== expected) {
      throw new Error(`track '${json.id}': ${this.poses.length / POSE_FIELDS} poses and ${this.active.length} flags for ${this.stepCount} steps x ${this.agentCount} agents`);
    }
    this.durationS = (this.stepCount - 1) * json.dtS;
  }

  /** The step shown at time t: the last one at or before it, clamped to the log. */
  stepAt(timeS: number): number {
    const k = Math.floor(timeS / this.json.dtS + 1e-9);
    return Math.max(0, Math.min(this.stepCount - 1, k));
  }

  pose(step: number, agent: number): AgentPose {
    const i = step * this.agentCount + agent;
    const p = this.poses;
    return { x: p[i * POSE_FIELDS], y: p[i * POSE_FIELDS + 1], yawRad: p[i * POSE_FIELDS + 2], speedMps: p[i * POSE_FIELDS + 3], active: this.active[i] === 1 };
  }

  /**
   * The pose at any time, linearly interpolated between the two logged steps around it (heading
   * along the shorter arc), so playback moves smoothly at the display's frame rate rather than
   * jumping at the log's 10 Hz. An agent that is inactive at either step shows its earlier state.
   */
  poseAt(timeS: number, agent: number): AgentPose {
    const u = Math.max(0, Math.min(this.stepCount - 1, timeS / this.json.dtS));
    const k = Math.min(Math.floor(u), this.stepCount - 1);
    const f = u - k;
    const a = this.pose(k, agent);
    if (f < 1e-9 || k + 1 >= this.stepCount) return a;
    const b = this.pose(k + 1, agent);
    if (!a.active || !b.active) return a;
    let dyaw = b.yawRad - a.yawRad;
    dyaw -= 2 * Math.PI * Math.round(dyaw / (2 * Math.PI));
    return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f, yawRad: a.yawRad + dyaw * f, speedMps: a.speedMps + (b.speedMps - a.speedMps) * f, active: true };
  }
}
