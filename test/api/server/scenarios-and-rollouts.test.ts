/** Scenario routes (list, get, validate, save) and rollouts (run, list, get, frames, log). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RolloutLogReader } from '../../../api/log/read-log';
import { listLibrary } from '../../../scenarios/library';
import { runScenario } from '../../../eval/run-scenario';
import { loadSpecFile } from '../../../scenarios/load-spec';
import { postJson, startTestServer, type TestServer } from './server-fixture';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const put = (name: string, text: string) => fetch(`${server.url}/api/scenarios/${name}`, { method: 'PUT', headers: { 'content-type': 'text/yaml' }, body: text });

describe('scenarios', () => {
  test('the list holds every library scenario with its summary', async () => {
    const body = (await (await fetch(`${server.url}/api/scenarios`)).json()) as { scenarios: { name: string; origin: string; summary: { duration_s: number } }[] };
    const names = body.scenarios.map((s) => s.name);
    for (const e of listLibrary()) expect(names).toContain(e.name);
    expect(body.scenarios.find((s) => s.name === 'cut_in')?.summary.duration_s).toBe(12);
  });

  test('get returns the spec text as it is on disk', async () => {
    const body = (await (await fetch(`${server.url}/api/scenarios/cut_in`)).json()) as { text: string; origin: string };
    expect(body.origin).toBe('library');
    expect(body.text).toBe(readFileSync(listLibrary().find((e) => e.name === 'cut_in')!.path, 'utf8'));
  });

  const cutIn = () => readFileSync(listLibrary().find((e) => e.name === 'cut_in')!.path, 'utf8');
  /** cut_in with one bad field; its line and column, 1-based, where the bad value starts. */
  const badSpec = () => {
    const text = cutIn().replace(/^duration: .*$/m, 'duration: nope');
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.startsWith('duration: nope')) + 1;
    return { text, line, col: 'duration: '.length + 1 };
  };

  test.each([
    ['YAML text', 'text/yaml', (t: string) => t],
    ['JSON {text}', 'application/json', (t: string) => JSON.stringify({ text: t })],
  ])('validate of %s lists errors with path, line and col', async (_name, type, wrap) => {
    const bad = badSpec();
    const res = await fetch(`${server.url}/api/scenarios/validate`, { method: 'POST', headers: { 'content-type': type }, body: wrap(bad.text) });
    expect(res.status).toBe(200);
    const report = (await res.json()) as { ok: boolean; errors: { path: string; line: number; col: number; message: string }[] };
    expect(report.ok).toBe(false);
    expect(report.errors).toContainEqual(expect.objectContaining({ path: 'duration', line: bad.line, col: bad.col }));
  });

  test('validate of a valid spec is ok with its summary', async () => {
    const res = await fetch(`${server.url}/api/scenarios/validate`, { method: 'POST', headers: { 'content-type': 'text/yaml' }, body: cutIn() });
    expect(await res.json()).toMatchObject({ ok: true, errors: [], summary: { name: 'cut_in' } });
  });

  test('a valid spec saved under a new name is listed, fetched and runnable; saving again replaces it', async () => {
    const text = readFileSync(listLibrary().find((e) => e.name === 'cut_in')!.path, 'utf8');
    expect((await put('my_cut_in', text)).status).toBe(201);
    expect(readdirSync(server.scenariosDir)).toEqual(['my_cut_in.yaml']);
    expect((await put('my_cut_in', text)).status).toBe(200);
    const got = (await (await fetch(`${server.url}/api/scenarios/my_cut_in`)).json()) as { origin: string; text: string };
    expect(got).toMatchObject({ origin: 'saved', text });
    expect((await postJson(`${server.url}/api/sessions`, { scenario: 'my_cut_in' })).status).toBe(201);
  });

  test('saving over a library name is refused', async () => {
    expect((await put('cut_in', 'x: 1')).status).toBe(409);
  });
});

describe('rollouts', () => {
  test('a rollout runs to completion, is listed, and its metrics equal runScenario', async () => {
    const res = await postJson(`${server.url}/api/rollouts`, { scenario: 'lead_vehicle_hard_brake', seed: 2, policy: 'idm' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; verdict: string; result: { steps: number; metrics: { values: Record<string, unknown> } } };
    const spec = loadSpecFile(listLibrary().find((e) => e.name === 'lead_vehicle_hard_brake')!.path).spec;
    const expected = runScenario(spec, { seed: 2, policy: 'idm' }).report;
    expect(body.verdict).toBe(expected.passed === null ? 'no criteria' : expected.passed ? 'pass' : 'fail');
    expect(body.result.steps).toBe(expected.steps);
    const reader = await RolloutLogReader.open(join(server.logsDir, `${body.id}.mcap`));
    expect((await reader.result()).metrics).toEqual(expected.metrics);
    await reader.close();

    const list = (await (await fetch(`${server.url}/api/rollouts`)).json()) as { rollouts: { id: string; policy: string }[] };
    expect(list.rollouts).toContainEqual(expect.objectContaining({ id: body.id, policy: 'idm' }));
    const again = (await (await fetch(`${server.url}/api/rollouts/${body.id}`)).json()) as { id: string; metadata: { seed: number } };
    expect(again).toMatchObject({ id: body.id, metadata: { seed: 2 } });

    const frame = await fetch(`${server.url}/api/rollouts/${body.id}/frames/10.png`);
    expect(frame.status).toBe(200);
    expect(frame.headers.get('content-type')).toBe('image/png');
    expect([...new Uint8Array(await frame.arrayBuffer()).slice(0, 4)]).toEqual(PNG_SIGNATURE);
    expect((await fetch(`${server.url}/api/rollouts/${body.id}/frames/99999.png`)).status).toBe(404);

    const log = await fetch(`${server.url}/api/rollouts/${body.id}/log`);
    expect(log.status).toBe(200);
    expect(Buffer.from(await log.arrayBuffer()).equals(readFileSync(join(server.logsDir, `${body.id}.mcap`)))).toBe(true);
  }, 30_000);

  test('a session with log: true writes an MCAP log finished when done; a deleted one leaves no log', async () => {
    const create = async () => ((await (await postJson(`${server.url}/api/sessions`, { scenario: 'cut_in', log: true, camera: 'reference' })).json()) as { id: string; observation: { camera: { png: string } } });
    const done = await create();
    expect(Buffer.from(done.observation.camera.png, 'base64').subarray(0, 4)).toEqual(Buffer.from(PNG_SIGNATURE));
    let finished = false;
    for (let k = 0; k < 200 && !finished; k++) {
      const r = (await (await postJson(`${server.url}/api/sessions/${done.id}/step`, { action: { accel_steer: { accel_mps2: -0.5, steer_rad: 0 } } })).json()) as { done: boolean };
      finished = r.done;
    }
    expect(finished).toBe(true);
    const reader = await RolloutLogReader.open(join(server.logsDir, `session-${done.id}.mcap`));
    expect((await reader.metadata()).policy).toBe('external-http');
    expect(await reader.frameAt(0)).not.toBeNull();
    await reader.close();
    const frame = await fetch(`${server.url}/api/rollouts/session-${done.id}/frames/3.png`);
    expect(frame.status).toBe(200);

    const dropped = await create();
    await postJson(`${server.url}/api/sessions/${dropped.id}/step`, { action: { accel_steer: { accel_mps2: 0, steer_rad: 0 } } });
    await fetch(`${server.url}/api/sessions/${dropped.id}`, { method: 'DELETE' });
    expect(existsSync(join(server.logsDir, `session-${dropped.id}.mcap`))).toBe(false);
  }, 60_000);
});
