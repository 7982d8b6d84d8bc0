/**
 * External policies over HTTP (eval/http-policy.ts), against a tiny express service started by the
 * test: the observation arrives in the session protocol's JSON form (with the camera frame when
 * the run has a camera), the answered action is applied exactly, and every failure (timeout, HTTP
 * error, an answer that is not an action, nothing listening, a remote host) is an error naming the
 * URL and the step.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { runCameraLoop } from '../../eval/camera-loop';
import { httpPolicy, HttpPolicyError, parsePolicyUrl } from '../../eval/http-policy';
import { parsePolicyChoice } from '../../eval/policy-choice';
import { noneCamera, referenceCamera } from '../../model/runtime/camera-source';
import { instantiate } from '../../scenarios/instantiate';
import { runRollout } from '../../sim/rollout';
import { createRuntime, type SimRuntime } from '../../sim/world/runtime';
import { librarySpec } from '../helpers/scenario-runs';

type Handler = (body: Record<string, any>, res: express.Response) => void;

let server: Server;
let base: string;
let handler: Handler;
const received: Record<string, any>[] = [];

beforeAll(async () => {
  const app = express();
  app.use(express.json({ limit: '1mb' }));
  app.post('/act', (req, res) => {
    received.push(req.body);
    handler(req.body, res);
  });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => (received.length = 0));

function runtimeOf(name: string): { rt: SimRuntime; camera: ReturnType<typeof instantiate>['resolved']['camera'] } {
  const { resolved, setup } = instantiate({ ...librarySpec(name), duration: 3 });
  return { rt: createRuntime(setup), camera: resolved.camera };
}

/** A service that keeps a gentle left turn and a speed loop on the reported speed: it reads the observation. */
const steady: Handler = (body, res) => res.json({ accel_steer: { accel_mps2: 0.5 * (12 - body.ego.speed_mps), steer_rad: 0.01 } });

describe('an HTTP policy', () => {
  test('drives exactly as the same controller in-process, one POST per step, with the observation in the session protocol\'s JSON', async () => {
    handler = steady;
    const a = runtimeOf('s_bend');
    const expected = runRollout(a.rt, { policy: { name: 'steady', act: ({ world }) => ({ accelMps2: 0.5 * (12 - world.ego.speedMps), steerRad: 0.01 }) } });
    const b = runtimeOf('s_bend');
    const got = await runCameraLoop(b.rt, { policy: httpPolicy(new URL(`${base}/act`), b.rt), camera: noneCamera() });
    expect(got.records.map((r) => r.hash)).toEqual(expected.records.map((r) => r.hash));
    expect(received.length).toBe(expected.records.length - 1);
    expect(received[0]).toMatchObject({ step: 0, time_s: 0, ego: { id: 'ego', lane_id: 'lane0', speed_mps: 12 } });
    expect(received[5].step).toBe(5);
    expect(received[0].camera).toBeNull();
  });

  test('gets the camera frame as PNG when the run has a camera', async () => {
    handler = steady;
    const { rt, camera } = runtimeOf('s_bend');
    await runCameraLoop(rt, { policy: httpPolicy(new URL(`${base}/act`), rt), camera: referenceCamera(rt.setup.road, { camera }) });
    const png = Buffer.from(received[3].camera.png, 'base64');
    expect({ w: received[3].camera.width_px, h: received[3].camera.height_px, source: received[3].camera.source }).toEqual({ w: 64, h: 64, source: 'reference' });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  test('an accel_curvature answer becomes the steering angle for the ego\'s wheelbase', async () => {
    handler = (_body, res) => res.json({ accel_curvature: { accel_mps2: 0, curvature_per_m: 0.02 } });
    const { rt } = runtimeOf('s_bend');
    const got = await runCameraLoop(rt, { policy: httpPolicy(new URL(`${base}/act`), rt), camera: noneCamera() });
    expect(got.records[0].action!.steerRad).toBeCloseTo(Math.atan(0.02 * rt.egoParams.wheelbaseM), 12);
  });

  const FAILURES: readonly [string, Handler, RegExp][] = [
    ['an HTTP error', (_b, res) => res.status(503).send('warming up'), /step 0: answered HTTP 503: warming up$/],
    ['an answer that is not JSON', (_b, res) => res.type('text/plain').send('left!'), /step 0: answer is not JSON: left!$/],
    ['an answer that is not an action', (_b, res) => res.json({ steer: 0.1 }), /step 0: answer is not an action \(accel_steer \{accel_mps2, steer_rad\} or accel_curvature \{accel_mps2, curvature_per_m\}\): .*steer: unknown field/],
    ['an action with a missing value', (b, res) => res.json(b.step < 2 ? { accel_steer: { accel_mps2: 0, steer_rad: 0 } } : { accel_steer: { accel_mps2: 'fast' } }), /step 2: answer is not an action/],
  ];
  test.each(FAILURES)('ends the run on %s, naming the URL and the step', async (_what, h, message) => {
    handler = h;
    const { rt } = runtimeOf('s_bend');
    const run = runCameraLoop(rt, { policy: httpPolicy(new URL(`${base}/act`), rt), camera: noneCamera() });
    await expect(run).rejects.toThrow(HttpPolicyError);
    await expect(run).rejects.toThrow(new RegExp(`^policy ${base}/act: ${message.source}`));
  });

  test('times out a service that does not answer', async () => {
    handler = () => {}; // never answers
    const { rt } = runtimeOf('s_bend');
    await expect(runCameraLoop(rt, { policy: httpPolicy(new URL(`${base}/act`), rt, { timeoutMs: 150 }), camera: noneCamera() })).rejects.toThrow(`policy ${base}/act: step 0: no answer within 150 ms`);
  });

  test('names a service that is not listening', async () => {
    const closed = express().listen(0, '127.0.0.1');
    await new Promise((r) => closed.once('listening', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const { rt } = runtimeOf('s_bend');
    await expect(runCameraLoop(rt, { policy: httpPolicy(new URL(`http://127.0.0.1:${port}/act`), rt), camera: noneCamera() })).rejects.toThrow(`policy http://127.0.0.1:${port}/act: step 0: request failed (ECONNREFUSED)`);
  });
});

describe('policy URLs', () => {
  test.each(['http://127.0.0.1:9000/act', 'http://localhost:9000/', 'http://[::1]:9000/act', 'https://127.3.2.1/x'])('accepts the loopback URL %s', (url) => {
    expect(parsePolicyUrl(url).href).toBe(new URL(url).href);
    expect(parsePolicyChoice(url)).toEqual({ kind: 'http', url: new URL(url) });
  });

  test('refuses another host unless remote hosts are allowed', () => {
    expect(() => parsePolicyUrl('http://10.0.0.7:9000/act')).toThrow("policy URL 'http://10.0.0.7:9000/act': host '10.0.0.7' is not loopback; rollouts send observations to loopback policies only unless remote hosts are allowed explicitly");
    expect(parsePolicyUrl('http://10.0.0.7:9000/act', { allowRemote: true }).host).toBe('10.0.0.7:9000');
  });

  test('refuses what is not an http URL', () => {
    expect(() => parsePolicyUrl('http://')).toThrow("policy URL 'http://' is not a valid URL (e.g. http://127.0.0.1:9000/act)");
    expect(() => parsePolicyChoice('idmm')).toThrow("unknown policy 'idmm' (choose trajectory, idm, pure-pursuit, camera, a path to an .onnx policy file, or an http://host:port/path URL)");
  });
});
