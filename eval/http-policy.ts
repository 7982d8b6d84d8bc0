/**
 * An external policy over HTTP, the reverse of the session protocol (api/server/session*.ts): there
 * the client drives and asks us for observations; here we drive and ask a policy service for
 * actions. At every step we POST the observation to the policy's URL and read the action back,
 * both in the session protocol's JSON form (api/server/server-protocol.ts: protobuf field names):
 *
 *   POST <url>   Content-Type: application/json
 *   { "step": 12, "time_s": 1.2,
 *     "ego": { "id": "ego", "x_m": ..., "y_m": ..., "yaw_rad": ..., "speed_mps": 13.9, "lane_id": "lane0", ... },
 *     "camera": { "width_px": 64, "height_px": 64, "png": "<base64>", "source": "reference" },   null without a camera
 *     "privileged": null }
 *   200  { "accel_steer": { "accel_mps2": 0.3, "steer_rad": 0.01 } }
 *     or { "accel_curvature": { "accel_mps2": 0.3, "curvature_per_m": 0.004 } }
 *
 * Requests go one at a time, each with a timeout (default 2 s). Only loopback hosts are allowed
 * unless the caller opts in (allowRemote): a rollout must not send data off the machine by
 * accident. Any failure (refused connection, timeout, a status other than 200, a body that is not
 * an action) ends the run with an HttpPolicyError naming the URL, the step and the problem.
 */
import { decodeMessage, encodeMessage, agentStateMessage, vehicleActionOf } from '../api/proto/codec';
import { bytesOfJson, jsonOfBytes, stringifyJson } from '../api/server/server-protocol';
import type { LoopPolicy } from '../sim/policies/loop-policy';
import { encodePng } from '../sim/render/encode/png';
import { locate } from '../sim/road/query';
import type { VehicleAction } from '../sim/types';
import type { SimRuntime } from '../sim/world/runtime';

export interface HttpPolicyOptions {
  /** Allow hosts other than loopback (127.0.0.0/8, ::1, localhost). Default false. */
  readonly allowRemote?: boolean;
  /** Time allowed for one request and its answer, ms. Default DEFAULT_TIMEOUT_MS. */
  readonly timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 2000;
/** Largest answer read, bytes: an action is a few dozen. */
const MAX_ANSWER_BYTES = 64 * 1024;

export class HttpPolicyError extends Error {}

function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Checks a policy URL: http(s), a host, loopback unless allowRemote. */
export function parsePolicyUrl(value: string, options: Pick<HttpPolicyOptions, 'allowRemote'> = {}): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new HttpPolicyError(`policy URL '${value}' is not a valid URL (e.g. http://127.0.0.1:9000/act)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new HttpPolicyError(`policy URL '${value}': only http and https are supported`);
  if (!isLoopback(url.hostname) && options.allowRemote !== true) {
    throw new HttpPolicyError(`policy URL '${value}': host '${url.hostname}' is not loopback; rollouts send observations to loopback policies only unless remote hosts are allowed explicitly`);
  }
  return url;
}

export function httpPolicy(url: URL, rt: SimRuntime, options: HttpPolicyOptions = {}): LoopPolicy {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0)) throw new RangeError(`http policy: timeoutMs must be > 0, got ${timeoutMs}`);
  const road = rt.setup.road;
  const name = url.href;
  const fail = (step: number, problem: string): never => {
    throw new HttpPolicyError(`policy ${name}: step ${step}: ${problem}`);
  };
  return {
    name,
    readsFrames: false, // it gets the frame when the run has a camera; whether it needs one is its own business
    async act({ world, frame, frameSource }): Promise<VehicleAction> {
      const { x, y } = world.ego.pose;
      const camera = frame === null ? null : { widthPx: frame.widthPx, heightPx: frame.heightPx, pixels: { format: 'png' as const, data: encodePng(frame.rgb, frame.widthPx, frame.heightPx) }, source: frameSource ?? 'reference' };
      const observation = { step: world.step, timeS: world.timeS, camera, ego: agentStateMessage(world.ego, locate(road, x, y)), privileged: null };
      const body = stringifyJson(jsonOfBytes('Observation', encodeMessage('Observation', observation)));
      let response: Response;
      try {
        response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body, signal: AbortSignal.timeout(timeoutMs) });
      } catch (err) {
        const e = err as Error & { cause?: { code?: string } };
        if (e.name === 'TimeoutError') return fail(world.step, `no answer within ${timeoutMs} ms`);
        return fail(world.step, `request failed (${e.cause?.code ?? e.message})`);
      }
      const text = await response.text();
      if (text.length > MAX_ANSWER_BYTES) return fail(world.step, `answer of ${text.length} bytes is too large for an action`);
      if (response.status !== 200) return fail(world.step, `answered HTTP ${response.status}: ${text.slice(0, 200)}`);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return fail(world.step, `answer is not JSON: ${text.slice(0, 200)}`);
      }
      let action: VehicleAction;
      try {
        action = vehicleActionOf(decodeMessage('Action', bytesOfJson('Action', json, 'action')), rt.egoParams.wheelbaseM);
      } catch (err) {
        return fail(world.step, `answer is not an action (accel_steer {accel_mps2, steer_rad} or accel_curvature {accel_mps2, curvature_per_m}): ${(err as Error).message}`);
      }
      return action;
    },
  };
}
