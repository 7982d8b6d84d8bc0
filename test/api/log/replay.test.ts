/**
 * `replay --verify` in process: a log re-simulates exactly from its own metadata; a log changed in
 * a world state, an action or the seed fails at the first step that differs, saying what differs;
 * logs of external policies are checked by replaying their actions.
 */
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { decodeMessage, encodeMessage } from '../../../api/proto/codec';
import { TOPICS } from '../../../api/log/channels';
import { firstDifference, verifyLog } from '../../../api/log/replay';
import type { Policy } from '../../../sim/policies/policy';
import { rewriteLog, tempDir, writeLibraryLog } from './log-fixtures';

const dir = tempDir();
const cutIn = path.join(dir, 'cut_in.mcap');
const external = path.join(dir, 'external.mcap');

/** A stand-in for a policy in another process: gentle braking with a slight left steer. */
const externalPolicy: Policy = { name: 'external-test', act: ({ world }) => ({ accelMps2: world.step < 30 ? 0.5 : -1, steerRad: 0.002 }) };

beforeAll(async () => {
  await writeLibraryLog('cut_in', cutIn);
  await writeLibraryLog('cut_in', external, {}, {}, { kind: 'custom', name: 'external-test', make: () => externalPolicy });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('verifying a log by re-simulating it', () => {
  test.each([
    ['cut_in', 'trajectory', {}],
    ['cut_in', 'idm', { seed: 7, overrides: { gap: 20 } }],
    ['highway_merge', 'idm', { sampleDistributions: true, seed: 3 }],
  ] as const)('a %s log driven by %s (%o) re-simulates exactly', async (name, policy, options) => {
    const file = path.join(dir, `${name}-${policy}.mcap`);
    const { run } = await writeLibraryLog(name, file, { policy, ...options });
    const report = await verifyLog(file);
    expect(report).toMatchObject({ ok: true, mismatch: null, policy, actions: 'policy', notes: [] });
    expect(report.statesChecked).toBe(run.rollout.records.length);
  });

  test('a log of an external policy is verified by replaying its logged actions', async () => {
    expect(await verifyLog(external)).toMatchObject({ ok: true, policy: 'external-test', actions: 'logged actions', mismatch: null });
  });
});

describe('a log that does not match its re-simulation', () => {
  /** A copy of `src` with the message of `topic` at `step` changed by `change`. */
  async function tampered(src: string, name: string, topic: string, step: number, change: (data: Uint8Array) => Uint8Array): Promise<string> {
    const file = path.join(dir, name);
    await rewriteLog(src, file, (t, seq, data) => (t === topic && seq === step ? change(data) : data));
    return file;
  }

  test('a changed world state fails at its step, naming the field', async () => {
    const file = await tampered(cutIn, 'world.mcap', TOPICS.world, 17, (data) => {
      const w = decodeMessage('WorldState', data);
      return encodeMessage('WorldState', { ...w, ego: { ...w.ego, pose: { ...w.ego.pose, x: w.ego.pose.x + 0.001 } } });
    });
    const report = await verifyLog(file);
    expect(report.ok).toBe(false);
    expect(report.statesChecked).toBe(17);
    expect(report.mismatch).toMatchObject({ step: 17, topic: TOPICS.world });
    expect(report.mismatch!.detail).toMatch(/^ego\.pose\.x: logged [\d.]+, simulated [\d.]+$/);
  });

  test('a flipped byte in a world message (re-written with valid CRCs) fails at that step', async () => {
    const file = await tampered(cutIn, 'flip.mcap', TOPICS.world, 5, (data) => {
      const copy = new Uint8Array(data);
      copy[copy.length - 1] ^= 0x01; // the last character of the state hash
      return copy;
    });
    expect((await verifyLog(file)).mismatch).toMatchObject({ step: 5, topic: TOPICS.world, detail: expect.stringMatching(/^stateHash: logged '[0-9a-f]+', simulated '[0-9a-f]+'$/) });
  });

  test('a changed seed in the metadata fails at the first state (the RNG streams are in the hash)', async () => {
    const file = await tampered(cutIn, 'seed.mcap', TOPICS.metadata, 0, (data) => encodeMessage('RolloutMetadata', { ...decodeMessage('RolloutMetadata', data), seed: 1 }));
    expect((await verifyLog(file)).mismatch).toMatchObject({ step: 0, topic: TOPICS.world, detail: expect.stringMatching(/^stateHash: /) });
  });

  test('a changed action of an external policy changes the next state', async () => {
    const file = await tampered(external, 'action.mcap', TOPICS.action, 40, () => encodeMessage('Action', { kind: 'accel_steer', accelMps2: 0, steerRad: 0 }));
    const report = await verifyLog(file);
    expect(report.mismatch).toMatchObject({ step: 41, topic: TOPICS.world });
  });

  test('a changed result fails on the result channel', async () => {
    const file = await tampered(cutIn, 'result.mcap', TOPICS.result, 93, (data) => encodeMessage('RolloutResult', { ...decodeMessage('RolloutResult', data), passed: true }));
    expect((await verifyLog(file)).mismatch).toEqual({ step: null, topic: TOPICS.result, detail: 'passed: logged true, simulated false' });
  });

  test('a spec that no longer parses is reported, not thrown', async () => {
    const file = await tampered(cutIn, 'spec.mcap', TOPICS.metadata, 0, (data) => encodeMessage('RolloutMetadata', { ...decodeMessage('RolloutMetadata', data), specText: 'version: 2\n' }));
    expect((await verifyLog(file)).mismatch).toMatchObject({ step: null, topic: TOPICS.metadata, detail: expect.stringMatching(/^the logged spec does not parse any more: /) });
  });
});

describe('firstDifference', () => {
  test.each([
    [{ a: 1 }, { a: 1 }, null],
    [{ a: 1 }, { a: 2 }, 'a: logged 1, simulated 2'],
    [{ a: { b: [1, 2] } }, { a: { b: [1, 3] } }, 'a.b[1]: logged 2, simulated 3'],
    [{ l: [1] }, { l: [1, 2] }, 'l: logged 1 entries, simulated 2'],
    [{ x: -0 }, { x: 0 }, 'x: logged -0, simulated 0'],
    [{ s: 'a' }, { s: null }, "s: logged 'a', simulated null"],
    [{ v: NaN }, { v: NaN }, null],
  ])('between %o and %o: %p', (a, b, expected) => {
    expect(firstDifference(a, b)).toBe(expected);
  });
});
