/**
 * The camera loop (eval/camera-loop.ts): with a policy that ignores frames it must be runRollout
 * exactly (states, actions, metrics, hashes), whatever the camera; with a policy that reads frames,
 * the frame it gets at a state is the camera's picture of that very state.
 */
import { runCameraLoop } from '../../eval/camera-loop';
import { makePolicy, POLICY_NAMES, type PolicyName } from '../../eval/run-scenario';
import { noneCamera, referenceCamera } from '../../model/runtime/camera-source';
import { instantiate } from '../../scenarios/instantiate';
import { loopPolicyOf, type LoopPolicy } from '../../sim/policies/loop-policy';
import { PolicyError } from '../../sim/policies/trajectory-policy';
import { createRenderer } from '../../sim/render/renderer';
import { runRollout } from '../../sim/rollout';
import type { World } from '../../sim/types';
import { createRuntime, type SimRuntime } from '../../sim/world/runtime';
import { librarySpec } from '../helpers/scenario-runs';

function runtimeOf(name: string, seed = 0): { rt: SimRuntime; camera: ReturnType<typeof instantiate>['resolved']['camera'] } {
  const { resolved, setup } = instantiate(librarySpec(name), { seed });
  return { rt: createRuntime(setup), camera: resolved.camera };
}

// Each built-in on a scenario where it has something to do (a lane change, a brake, a bend, a collision end).
const CASES: readonly [string, PolicyName][] = [
  ['cut_in', 'idm'],
  ['cut_in', 'trajectory'],
  ['lead_vehicle_hard_brake', 'trajectory'],
  ['s_bend', 'pure-pursuit'],
  ['unprotected_left_turn', 'idm'],
];

describe('the camera loop with a policy that ignores frames', () => {
  test.each(CASES)('%s with %s and no camera: the very records of runRollout (hashes, actions, metrics, contacts)', async (name, policy) => {
    const expected = runRollout(runtimeOf(name).rt, { policy: makePolicy(policy, runtimeOf(name).rt) });
    const { rt } = runtimeOf(name);
    const got = await runCameraLoop(rt, { policy: loopPolicyOf(makePolicy(policy, rt)), camera: noneCamera() });
    expect(got.records).toEqual(expected.records);
    expect({ steps: got.steps, doneReason: got.doneReason, metrics: got.metrics, actorContacts: got.actorContacts }).toEqual({
      steps: expected.steps,
      doneReason: expected.doneReason,
      metrics: expected.metrics,
      actorContacts: expected.actorContacts,
    });
    expect(got.camera.frames).toBe(0);
  });

  test('with the reference camera on, the rollout is unchanged and every state, the final one included, gets a frame', async () => {
    const a = runtimeOf('cut_in');
    const expected = runRollout(a.rt, { policy: makePolicy('idm', a.rt) });
    const b = runtimeOf('cut_in');
    const got = await runCameraLoop(b.rt, { policy: loopPolicyOf(makePolicy('idm', b.rt)), camera: referenceCamera(b.rt.setup.road, { camera: b.camera }) });
    expect(got.records.map((r) => r.hash)).toEqual(expected.records.map((r) => r.hash));
    expect(got.camera).toMatchObject({ frames: expected.records.length, referenceFrames: expected.records.length, modelFrames: 0 });
  });

  test('an asynchronous policy gives the same rollout as its synchronous twin', async () => {
    const a = runtimeOf('cut_in');
    const expected = runRollout(a.rt, { policy: makePolicy('idm', a.rt) });
    const b = runtimeOf('cut_in');
    const sync = makePolicy('idm', b.rt);
    const later: LoopPolicy = { name: 'idm-later', readsFrames: false, act: (obs) => new Promise((resolve) => setImmediate(() => resolve(sync.act(obs)))) };
    const got = await runCameraLoop(b.rt, { policy: later, camera: noneCamera() });
    expect(got.records.map((r) => r.hash)).toEqual(expected.records.map((r) => r.hash));
  });

  test('every built-in is covered by the cases above', () => {
    expect(new Set(CASES.map(([, p]) => p))).toEqual(new Set(POLICY_NAMES));
  });
});

describe('the camera loop with a policy that reads frames', () => {
  test('the frame at each state is the renderer\'s picture of that very state, and the loop awaits the policy', async () => {
    const { rt, camera } = runtimeOf('curved_road');
    const idm = makePolicy('idm', rt);
    const seen: { world: World; rgb: Uint8Array; source: string | null }[] = [];
    const looking: LoopPolicy = {
      name: 'looking',
      readsFrames: true,
      async act(obs) {
        seen.push({ world: obs.world, rgb: obs.frame!.rgb, source: obs.frameSource });
        return idm.act(obs);
      },
    };
    const got = await runCameraLoop(rt, { policy: looking, camera: referenceCamera(rt.setup.road, { camera }), hashStates: false });
    expect(seen.length).toBe(got.records.length - 1); // no action at the final state
    const renderer = createRenderer(rt.setup.road, { camera });
    for (const k of [0, 1, 57, seen.length - 1]) {
      expect(seen[k].world.step).toBe(k);
      expect(seen[k].source).toBe('reference');
      expect(Buffer.from(seen[k].rgb).equals(Buffer.from(renderer.render(seen[k].world).rgb))).toBe(true);
    }
    // Consecutive frames differ: the camera moved with the ego (not one frame shown over and over).
    expect(Buffer.from(seen[10].rgb).equals(Buffer.from(seen[11].rgb))).toBe(false);
  });

  test('refuses to run without a camera, naming the policy', async () => {
    const { rt } = runtimeOf('curved_road');
    const blind: LoopPolicy = { name: 'needs-eyes', readsFrames: true, act: () => ({ accelMps2: 0, steerRad: 0 }) };
    await expect(runCameraLoop(rt, { policy: blind, camera: noneCamera() })).rejects.toThrow(new PolicyError("policy 'needs-eyes' reads camera frames: run it with a camera (reference or model), not 'none'"));
  });
});
