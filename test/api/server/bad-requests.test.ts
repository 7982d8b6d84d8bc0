/**
 * Acceptance: bad requests get a 4xx with a JSON error message (and the field when there is one),
 * never a stack trace, and the server stays up: 1,000+ bad requests, then a good one succeeds.
 */
import { postJson, PROTOBUF, startTestServer, type TestServer } from './server-fixture';

let server: TestServer;
let sessionId: string;
beforeAll(async () => {
  server = await startTestServer({ bodyLimitBytes: 64 * 1024 });
  const res = await postJson(`${server.url}/api/sessions`, { scenario: 'cut_in' });
  sessionId = ((await res.json()) as { id: string }).id;
});
afterAll(async () => {
  await server.close();
});

interface BadRequest {
  readonly name: string;
  readonly method: string;
  readonly path: () => string;
  readonly contentType?: string;
  readonly body?: string | Uint8Array;
  readonly status: number;
  readonly message: RegExp;
  readonly field?: string;
}

const step = () => `/api/sessions/${sessionId}/step`;
const BAD: readonly BadRequest[] = [
  { name: 'malformed JSON', method: 'POST', path: step, contentType: 'application/json', body: '{"action": {', status: 400, message: /malformed JSON/ },
  { name: 'a JSON array body', method: 'POST', path: step, contentType: 'application/json', body: '[1,2]', status: 400, message: /JSON object/ },
  { name: 'a wrong type in the action', method: 'POST', path: step, contentType: 'application/json', body: '{"action":{"accel_steer":{"accel_mps2":"fast"}}}', status: 400, message: /number expected/, field: 'action.accel_steer.accel_mps2' },
  { name: 'an unknown field', method: 'POST', path: step, contentType: 'application/json', body: '{"acton":{}}', status: 400, message: /unknown field/, field: 'acton' },
  { name: 'a missing action', method: 'POST', path: step, contentType: 'application/json', body: '{}', status: 400, message: /missing 'action'/, field: 'action' },
  { name: 'an action without a command', method: 'POST', path: step, contentType: 'application/json', body: '{"action":{}}', status: 400, message: /Action/ },
  { name: 'a NaN acceleration', method: 'POST', path: step, contentType: 'application/json', body: '{"action":{"accel_steer":{"accel_mps2":"NaN","steer_rad":0}}}', status: 400, message: /accel_mps2/ },
  { name: 'malformed protobuf', method: 'POST', path: step, contentType: PROTOBUF, body: new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f, 1]), status: 400, message: /malformed protobuf/ },
  { name: 'protobuf with no action', method: 'POST', path: step, contentType: PROTOBUF, body: new Uint8Array([]), status: 400, message: /missing 'action'/ },
  { name: 'an unsupported content type', method: 'POST', path: step, contentType: 'application/xml', body: '<a/>', status: 415, message: /Content-Type/ },
  { name: 'an unknown session', method: 'POST', path: () => '/api/sessions/nope/step', contentType: 'application/json', body: '{"action":{"accel_steer":{"accel_mps2":0,"steer_rad":0}}}', status: 404, message: /unknown session/, field: 'id' },
  { name: 'an unknown scenario', method: 'POST', path: () => '/api/sessions', contentType: 'application/json', body: '{"scenario":"no_such_thing"}', status: 404, message: /unknown scenario/, field: 'scenario' },
  { name: 'a path-traversal scenario name', method: 'POST', path: () => '/api/sessions', contentType: 'application/json', body: '{"scenario":"../../etc/passwd"}', status: 400, message: /invalid scenario name/, field: 'scenario' },
  { name: 'a seed of the wrong type', method: 'POST', path: () => '/api/sessions', contentType: 'application/json', body: '{"scenario":"cut_in","seed":"one"}', status: 400, message: /seed/, field: 'seed' },
  { name: 'an unknown camera', method: 'POST', path: () => '/api/sessions', contentType: 'application/json', body: '{"scenario":"cut_in","camera":"lidar"}', status: 400, message: /unknown camera/, field: 'camera' },
  { name: 'an unknown parameter', method: 'POST', path: () => '/api/sessions', contentType: 'application/json', body: '{"scenario":"cut_in","params":{"warp":9}}', status: 422, message: /warp/ },
  { name: 'a huge body', method: 'POST', path: () => '/api/sessions', contentType: 'application/json', body: `{"scenario":"${'x'.repeat(100_000)}"}`, status: 413, message: /too large/ },
  { name: 'an encoded ../ in a scenario name', method: 'GET', path: () => '/api/scenarios/..%2F..%2Fpackage', status: 400, message: /invalid scenario name/ },
  { name: 'a traversal name on save', method: 'PUT', path: () => '/api/scenarios/evil%2F..%2F..%2Fx', contentType: 'text/yaml', body: 'x: 1', status: 400, message: /invalid scenario name/, field: 'name' },
  { name: 'a dotted name on save', method: 'PUT', path: () => '/api/scenarios/a.yaml', contentType: 'text/yaml', body: 'x: 1', status: 400, message: /invalid scenario name/, field: 'name' },
  { name: 'an invalid spec on save', method: 'PUT', path: () => '/api/scenarios/mine', contentType: 'text/yaml', body: 'version: 2\nname: mine\n', status: 422, message: /invalid scenario spec/ },
  { name: 'an unknown route', method: 'GET', path: () => '/api/nothing', status: 404, message: /no route/ },
  { name: 'an unknown rollout', method: 'GET', path: () => '/api/rollouts/none', status: 404, message: /unknown rollout/ },
  { name: 'a bad frame name', method: 'GET', path: () => '/api/rollouts/none/frames/abc', status: 400, message: /<step>\.png/ },
  { name: 'an unknown policy', method: 'POST', path: () => '/api/rollouts', contentType: 'application/json', body: '{"scenario":"cut_in","policy":"yolo"}', status: 400, message: /unknown policy/, field: 'policy' },
];

async function send(bad: BadRequest): Promise<Response> {
  return fetch(`${server.url}${bad.path()}`, { method: bad.method, headers: bad.contentType ? { 'content-type': bad.contentType } : {}, body: bad.body });
}

describe('bad requests', () => {
  test.each(BAD.map((b) => [b.name, b] as const))('%s gets a 4xx JSON error that names the problem', async (_name, bad) => {
    const res = await send(bad);
    expect(res.status).toBe(bad.status);
    const body = (await res.json()) as { error: { message: string; field?: string } };
    expect(body.error.message).toMatch(bad.message);
    if (bad.field !== undefined) expect(body.error.field).toBe(bad.field);
    expect(JSON.stringify(body)).not.toMatch(/\n\s+at |\.ts:\d+/);
  });

  test('1,000 bad requests in a row leave the server up, and a good request then succeeds', async () => {
    const BAD_REQUESTS = 1000;
    const CONCURRENCY = 20;
    let sent = 0;
    const statuses = new Map<number, number>();
    const worker = async () => {
      while (sent < BAD_REQUESTS) {
        const bad = BAD[sent++ % BAD.length];
        const res = await send(bad);
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(BAD_REQUESTS);
    for (const status of statuses.keys()) expect(status >= 400 && status < 500).toBe(true);
    const good = await postJson(`${server.url}${step()}`, { action: { accel_steer: { accel_mps2: 0.5, steer_rad: 0 } } });
    expect(good.status).toBe(200);
    expect(((await good.json()) as { observation: { step: number } }).observation.step).toBe(1);
    expect(server.errors).toEqual([]);
  });
});
