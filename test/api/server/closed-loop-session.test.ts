/**
 * Acceptance: a full closed-loop session of cut_in driven over HTTP by an external IDM policy (the
 * test runs sim/policies/idm-policy.ts on its own copy of the world and sends its actions) ends
 * with the metrics of `dreamdrive run cut_in --policy idm`, over JSON and over protobuf.
 */
import { decodeMessage, encodeMessage, accelSteerCommand } from '../../../api/proto/codec';
import type { StepResultMessage } from '../../../api/proto/messages';
import { bytesOfJson, protocolType } from '../../../api/server/server-protocol';
import { prepareRun, runScenario } from '../../../eval/run-scenario';
import { loadSpecFile } from '../../../scenarios/load-spec';
import { findScenario } from '../../../scenarios/library';
import { hashWorld } from '../../../sim/state-hash';
import { initialWorld } from '../../../sim/world/init';
import { stepWorld } from '../../../sim/world/step';
import { postJson, postProto, startTestServer, type TestServer } from './server-fixture';

const SCENARIO = 'cut_in';
const SEED = 3;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

function localRun() {
  const { spec } = loadSpecFile(findScenario(SCENARIO) as string);
  const run = prepareRun(spec, { seed: SEED, policy: 'idm' });
  return { spec, run };
}

/** StepResult JSON (protobuf field names) -> message, through the same codec protobuf clients use. */
function stepResultOfJson(json: unknown): StepResultMessage {
  return decodeMessage('StepResult', bytesOfJson('StepResult', json));
}

async function driveSession(create: () => Promise<{ id: string; stateHash: string }>, step: (id: string, action: ReturnType<typeof accelSteerCommand>) => Promise<StepResultMessage>) {
  const { spec, run } = localRun();
  const rt = run.runtime;
  let world = initialWorld(rt);
  const created = await create();
  expect(created.stateHash).toBe(hashWorld(world));
  let last: StepResultMessage | null = null;
  for (let guard = 0; guard <= rt.stepCount; guard++) {
    const action = run.policy.act({ world, road: rt.setup.road, dtS: rt.setup.dtS });
    last = await step(created.id, accelSteerCommand(action));
    world = stepWorld(rt, world, action);
    expect(last.observation.privileged?.stateHash).toBe(hashWorld(world));
    if (last.done) break;
  }
  return { spec, last: last as StepResultMessage };
}

describe('a closed-loop session of cut_in with an external IDM policy', () => {
  test('over JSON ends with the metrics of runScenario(cut_in, idm)', async () => {
    const { spec, last } = await driveSession(
      async () => {
        const res = await postJson(`${server.url}/api/sessions`, { scenario: SCENARIO, seed: SEED, privileged: true });
        expect(res.status).toBe(201);
        const body = (await res.json()) as { id: string; observation: { privileged: { state_hash: string } } };
        return { id: body.id, stateHash: body.observation.privileged.state_hash };
      },
      async (id, action) => {
        const res = await postJson(`${server.url}/api/sessions/${id}/step`, { action: { accel_steer: { accel_mps2: action.kind === 'accel_steer' ? action.accelMps2 : 0, steer_rad: action.kind === 'accel_steer' ? action.steerRad : 0 } } });
        expect(res.status).toBe(200);
        return stepResultOfJson(await res.json());
      },
    );
    const expected = runScenario(spec, { seed: SEED, policy: 'idm' }).report;
    expect(last.done).toBe(true);
    expect(last.reason).toBe(expected.doneReason);
    expect(last.metrics).toEqual(expected.metrics);
    expect(last.passed).toBe(expected.passed);
  });

  test('over protobuf ends with the metrics of runScenario(cut_in, idm)', async () => {
    const create = protocolType('CreateSessionRequest');
    const stepRequest = protocolType('StepRequest');
    const created = protocolType('SessionCreated');
    const action = protocolType('Action');
    const { spec, last } = await driveSession(
      async () => {
        const res = await postProto(`${server.url}/api/sessions`, create.encode(create.fromObject({ scenario: SCENARIO, seed: SEED, privileged: true })).finish());
        expect(res.status).toBe(201);
        expect(res.headers.get('content-type')).toContain('application/x-protobuf');
        const msg = created.decode(new Uint8Array(await res.arrayBuffer())) as unknown as { id: string; observation: unknown };
        const observation = decodeMessage('Observation', protocolType('Observation').encode(msg.observation as object).finish());
        return { id: msg.id, stateHash: observation.privileged?.stateHash ?? '' };
      },
      async (id, command) => {
        const body = stepRequest.encode({ action: action.decode(encodeMessage('Action', command)) }).finish();
        const res = await postProto(`${server.url}/api/sessions/${id}/step`, body);
        expect(res.status).toBe(200);
        return decodeMessage('StepResult', new Uint8Array(await res.arrayBuffer()));
      },
    );
    const expected = runScenario(spec, { seed: SEED, policy: 'idm' }).report;
    expect(last.reason).toBe(expected.doneReason);
    expect(last.metrics).toEqual(expected.metrics);
  });

  test('a finished session refuses more steps with 409 and can be deleted', async () => {
    const res = await postJson(`${server.url}/api/sessions`, { scenario: SCENARIO, seed: SEED, params: { ego_speed: 30 } });
    const { id } = (await res.json()) as { id: string };
    let status = 200;
    let steps = 0;
    while (status === 200 && steps < 1000) {
      const r = await postJson(`${server.url}/api/sessions/${id}/step`, { action: { accel_steer: { accel_mps2: 0, steer_rad: 0 } } });
      status = r.status;
      const body = (await r.json()) as { done?: boolean; error?: { message: string } };
      if (status === 200) steps++;
      else expect(body.error?.message).toMatch(/is done/);
    }
    expect(status).toBe(409);
    const info = (await (await fetch(`${server.url}/api/sessions/${id}`)).json()) as { done: boolean; step: number };
    expect(info).toMatchObject({ done: true, step: steps });
    expect((await fetch(`${server.url}/api/sessions/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${server.url}/api/sessions/${id}`)).status).toBe(404);
  });
});
