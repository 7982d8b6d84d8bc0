/**
 * The viewer's routes on the real server: scenes (stored and unsaved specs), a rollout's track
 * (decoded and checked against the log), camera frames per source, PSNR of a world-model log
 * against the reference, GIF export and sweeps.
 */
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runToLog, specSourceFromFile } from '../../../../api/log/logged-run';
import { readRolloutLog } from '../../../../api/log/read-log';
import { decodePng } from '../../../../api/server/viewer/png-decode';
import { POSE_FIELDS, type TrackJson } from '../../../../api/server/viewer/track';
import type { SceneJson } from '../../../../api/server/viewer/scene';
import { instantiate } from '../../../../scenarios/instantiate';
import { listLibrary } from '../../../../scenarios/library';
import { encodePng } from '../../../../sim/render/encode/png';
import { createRenderer } from '../../../../sim/render/renderer';
import { postJson, startTestServer, type TestServer } from '../server-fixture';

const MODEL_LOG_ID = 'model-camera-fixture';

/**
 * A world-model log written in-process. The run blocks the event loop for seconds, so it comes
 * before any request (a keep-alive socket left idle meanwhile would be reset under the client).
 */
async function writeModelLog(logsDir: string): Promise<void> {
  // A stand-in "model" that is the reference with the lowest bit of every byte flipped: every
  // channel is off by exactly 1, so MSE = 1 and PSNR = 10 log10(255^2) = 48.13 dB at every step.
  const source = specSourceFromFile(listLibrary().find((e) => e.name === 'cut_in')!.path);
  const { resolved, setup } = instantiate(source.spec, { seed: 0 });
  const renderer = createRenderer(setup.road, { camera: { ...resolved.camera } });
  await runToLog(source, { seed: 0 }, join(logsDir, `${MODEL_LOG_ID}.mcap`), {
    cameraSource: 'model',
    camera: (world) => {
      const f = renderer.render(world);
      const rgb = f.rgb.map((v) => v ^ 1);
      return { widthPx: f.widthPx, heightPx: f.heightPx, source: 'model', pixels: { format: 'png', data: encodePng(rgb, f.widthPx, f.heightPx) } };
    },
  });
}

let server: TestServer;
let rolloutId: string;
beforeAll(async () => {
  server = await startTestServer();
  await writeModelLog(server.logsDir);
  const res = await postJson(`${server.url}/api/rollouts`, { scenario: 'cut_in', policy: 'idm' });
  rolloutId = ((await res.json()) as { id: string }).id;
});
afterAll(async () => {
  await server.close();
});

const libraryText = (name: string) => readFileSync(listLibrary().find((e) => e.name === name)!.path, 'utf8');
const getJson = async <T>(path: string): Promise<{ status: number; body: T }> => {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, body: (await res.json()) as T };
};

describe('scene', () => {
  test('a library scenario has road triangles, lanes, the agents at t = 0 and the ego plan', async () => {
    const { status, body } = await getJson<{ scene: SceneJson }>('/api/scenarios/cut_in/scene');
    expect(status).toBe(200);
    const scene = body.scene;
    expect(scene.road.lanes.map((l) => l.id)).toEqual(['lane0', 'lane1', 'lane2']);
    // Three 700 m lanes: the road surface covers 3 x 3.5 m x 700 m (area of the triangles).
    const tri = scene.road.triangles.road;
    let area = 0;
    for (let i = 0; i < tri.length; i += 6) area += Math.abs((tri[i + 2] - tri[i]) * (tri[i + 5] - tri[i + 1]) - (tri[i + 4] - tri[i]) * (tri[i + 3] - tri[i + 1])) / 2;
    expect(area).toBeCloseTo(3 * 3.5 * 700, 0);
    expect(scene.road.triangles.marking.length).toBeGreaterThan(0);
    expect(scene.agents.map((a) => a.id)).toEqual(['ego', 'cutter', 'traffic_right']);
    expect(scene.agents[1].behaviour).toBe('constant_speed');
    // cutter starts at s = 50 + gap (12) in lane2: 12 m ahead of the ego, one lane (3.5 m) to the left.
    expect(scene.agents[1].x - scene.agents[0].x).toBeCloseTo(12, 6);
    expect(scene.agents[1].y - scene.agents[0].y).toBeCloseTo(3.5, 6);
    expect(scene.egoPlan.length).toBeGreaterThan(1);
    expect(scene.handles.find((h) => h.kind === 'actor_start' && h.agentId === 'cutter')).toMatchObject({ path: ['actors', 0, 'start'], frame: 'lane', laneId: 'lane2' });
  });

  test('unsaved spec text gets its scene, with trigger regions from x(...) and distance(...) comparisons', async () => {
    const text = libraryText('pedestrian_crossing').replace('when: "x(ego) > trigger_x"', 'when: "x(ego) > trigger_x + 5 or distance(ego, ped) < 20"');
    const res = await fetch(`${server.url}/api/scenarios/scene`, { method: 'POST', headers: { 'content-type': 'text/yaml' }, body: text });
    expect(res.status).toBe(200);
    const { scene } = (await res.json()) as { scene: SceneJson };
    expect(scene.triggers).toEqual([
      expect.objectContaining({ kind: 'half_plane', eventId: 'step_out', agentId: 'ego', axis: 'x', side: 'above', value: 30 }),
      expect.objectContaining({ kind: 'circle', eventId: 'step_out', agentId: 'ego', centreId: 'ped', radiusM: 20 }),
    ]);
  });

  test('ego waypoints become handles at their world positions, with their spec paths', async () => {
    const text = libraryText('cut_in').replace(
      'trajectory: { type: constant_speed, speed: ego_speed }',
      'trajectory: [{ t: 0, lane: lane1, s: 50 }, { t: 4, lane: lane1, s: 150, d: 1 }, { t: 8, x: 260, y: 4 }]',
    );
    const res = await fetch(`${server.url}/api/scenarios/scene`, { method: 'POST', headers: { 'content-type': 'text/yaml' }, body: text });
    const { scene } = (await res.json()) as { scene: SceneJson };
    const wps = scene.handles.filter((h) => h.kind === 'ego_waypoint');
    expect(wps.map((h) => h.path)).toEqual([['ego', 'trajectory', 0], ['ego', 'trajectory', 1], ['ego', 'trajectory', 2]]);
    // lane1's centre is 3.5 m left of lane0's; d = 1 adds a metre.
    expect(wps[1].y - wps[0].y).toBeCloseTo(1, 6);
    expect(wps[1].x - wps[0].x).toBeCloseTo(100, 6);
    expect(wps[2]).toMatchObject({ frame: 'point', x: 260, y: 4, tS: 8 });
  });

  test('an invalid spec is a 422 whose issues name the path and line', async () => {
    const text = libraryText('cut_in').replace(/^duration: .*$/m, 'duration: -3');
    const res = await fetch(`${server.url}/api/scenarios/scene`, { method: 'POST', headers: { 'content-type': 'text/yaml' }, body: text });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { field: string; issues: { path: string; line: number }[] } };
    expect(body.error.field).toBe('duration');
    expect(body.error.issues[0].line).toBe(text.split('\n').findIndex((l) => l.startsWith('duration:')) + 1);
  });
});

describe('track', () => {
  test('holds every logged pose and metric, decoded back to the log values', async () => {
    const { status, body: track } = await getJson<TrackJson>(`/api/rollouts/${rolloutId}/track`);
    expect(status).toBe(200);
    const log = await readRolloutLog(join(server.logsDir, `${rolloutId}.mcap`));
    expect(track.stepCount).toBe(log.steps.length);
    expect(track.agents.map((a) => a.id)).toEqual(['ego', 'cutter', 'traffic_right']);
    const poses = new Float32Array(new Uint8Array(Buffer.from(track.poses, 'base64')).buffer);
    expect(poses.length).toBe(track.stepCount * track.agents.length * POSE_FIELDS);
    for (const k of [0, 37, track.stepCount - 1]) {
      const world = log.steps[k].world;
      const cutter = world.actors.find((a) => a.id === 'cutter')!;
      const at = (k * track.agents.length + 1) * POSE_FIELDS;
      expect(poses[at]).toBeCloseTo(cutter.pose.x, 3);
      expect(poses[at + 1]).toBeCloseTo(cutter.pose.y, 3);
      expect(poses[at + 3]).toBeCloseTo(cutter.speedMps, 4);
      expect(track.series.speedMps[k]).toBe(log.steps[k].metrics.speedMps);
    }
    expect(track.events.map((e) => e.id)).toEqual(['cut', 'brake_after_cut']);
    expect(track.events[0].firedAtS).toBeCloseTo(2, 6);
    expect(track.scene.road.lanes).toHaveLength(3);
  });

  test('the document is built once per log file: a log replaced under the same id is served anew', async () => {
    const path = join(server.logsDir, 'replaced.mcap');
    copyFileSync(join(server.logsDir, `${rolloutId}.mcap`), path);
    const first = await (await fetch(`${server.url}/api/rollouts/replaced/track`)).text();
    expect(await (await fetch(`${server.url}/api/rollouts/replaced/track`)).text()).toBe(first);
    expect((JSON.parse(first) as TrackJson).cameraSource).not.toBe('model');
    copyFileSync(join(server.logsDir, `${MODEL_LOG_ID}.mcap`), path);
    expect(((await getJson<TrackJson>('/api/rollouts/replaced/track')).body).cameraSource).toBe('model');
  });

  test('an unknown rollout is a 404 naming it', async () => {
    const { status, body } = await getJson<{ error: { message: string } }>('/api/rollouts/nope/track');
    expect(status).toBe(404);
    expect(body.error.message).toMatch(/unknown rollout 'nope'/);
  });
});

describe('camera frames', () => {
  const frame = async (id: string, step: number, camera?: string) => {
    const res = await fetch(`${server.url}/api/rollouts/${id}/frames/${step}.png${camera ? `?camera=${camera}` : ''}`);
    return { status: res.status, type: res.headers.get('content-type'), bytes: new Uint8Array(await res.arrayBuffer()) };
  };

  test('reference frames are the renderer image of each logged state, and they change over time', async () => {
    const a = await frame(rolloutId, 0, 'reference');
    const b = await frame(rolloutId, 60);
    expect(a.type).toBe('image/png');
    const pa = decodePng(a.bytes);
    expect([pa.widthPx, pa.heightPx]).toEqual([64, 64]);
    expect(Buffer.from(decodePng(b.bytes).rgb).equals(Buffer.from(pa.rgb))).toBe(false);
  });

  test('model and diff answer 404 with the reason when the rollout has no world-model frames', async () => {
    for (const camera of ['model', 'diff']) {
      const res = await fetch(`${server.url}/api/rollouts/${rolloutId}/frames/0.png?camera=${camera}`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/no world-model frames: it was run with camera source 'none'/);
    }
    expect((await fetch(`${server.url}/api/rollouts/${rolloutId}/psnr`)).status).toBe(404);
  });

  test('a step past the end and an unknown camera are refused by name', async () => {
    expect((await frame(rolloutId, 100000)).status).toBe(404);
    const res = await fetch(`${server.url}/api/rollouts/${rolloutId}/frames/0.png?camera=lidar`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe('camera');
  });

  test('with world-model frames: model is the logged frame, diff is |model - reference| x 4, PSNR per step', async () => {
    const id = MODEL_LOG_ID;
    const model = decodePng((await frame(id, 10, 'model')).bytes);
    const reference = decodePng((await frame(id, 10, 'reference')).bytes);
    expect(model.rgb.every((v, i) => (v ^ 1) === reference.rgb[i])).toBe(true);
    const diff = decodePng((await frame(id, 10, 'diff')).bytes);
    expect(diff.rgb.every((v) => v === 4)).toBe(true);
    const { body } = await getJson<{ psnrDb: number[] }>(`/api/rollouts/${id}/psnr`);
    const log = await readRolloutLog(join(server.logsDir, `${id}.mcap`));
    expect(body.psnrDb).toHaveLength(log.steps.length);
    for (const db of body.psnrDb) expect(db).toBeCloseTo(10 * Math.log10(255 * 255), 9);
  });
});

describe('export and sweeps', () => {
  test('a GIF of both views is twice the camera width plus the gap, one frame per step', async () => {
    const res = await fetch(`${server.url}/api/rollouts/${rolloutId}/export.gif?view=both&scale=2&from=0&to=9`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/gif');
    const gif = Buffer.from(await res.arrayBuffer());
    expect(gif.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    expect(gif.readUInt16LE(6)).toBe(64 * 2 * 2 + 2);
    expect(gif.readUInt16LE(8)).toBe(128);
  });

  test('a bad view or scale is a 400 naming the field', async () => {
    const bad = await fetch(`${server.url}/api/rollouts/${rolloutId}/export.gif?view=lidar`);
    expect(bad.status).toBe(400);
    const scale = await fetch(`${server.url}/api/rollouts/${rolloutId}/export.gif?scale=99`);
    expect(((await scale.json()) as { error: { field: string } }).error.field).toBe('scale');
  });

  test('a sweep returns one row per cell with the assigned values, in order', async () => {
    const res = await postJson(`${server.url}/api/sweeps`, { scenario: 'lead_vehicle_hard_brake', policy: 'idm', axes: [{ name: 'gap', from: 10, to: 40, count: 3 }] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { paramNames: string[]; rows: { index: number; assigned: Record<string, number>; collision: boolean }[] };
    expect(body.paramNames).toEqual(['gap']);
    expect(body.rows.map((r) => r.assigned.gap)).toEqual([10, 25, 40]);
  });

  test('a sweep over the cell limit is refused before it runs', async () => {
    const res = await postJson(`${server.url}/api/sweeps`, { scenario: 'cut_in', axes: [{ name: 'gap', from: 5, to: 40, count: 10 }, { name: 'ego_speed', from: 15, to: 35, count: 10 }] });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/100 cells/);
  });
});

describe('log import', () => {
  const upload = (body: Uint8Array) => fetch(`${server.url}/api/rollouts/import`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body });

  test('a dropped log is stored under a new id and plays like the original', async () => {
    const bytes = readFileSync(join(server.logsDir, `${rolloutId}.mcap`));
    const res = await upload(bytes);
    expect(res.status).toBe(201);
    const { id, scenario } = (await res.json()) as { id: string; scenario: string };
    expect(scenario).toBe('cut_in');
    expect(id).toMatch(/^cut_in-import-/);
    const a = await getJson<TrackJson>(`/api/rollouts/${rolloutId}/track`);
    const b = await getJson<TrackJson>(`/api/rollouts/${id}/track`);
    expect(b.body.poses).toBe(a.body.poses);
  });

  test.each([
    ['not an MCAP file', () => new TextEncoder().encode('hello, not a log')],
    ['a truncated log', () => readFileSync(join(server.logsDir, `${rolloutId}.mcap`)).subarray(0, 4000)],
  ])('%s is refused with the reason and leaves nothing behind', async (_name, bytes) => {
    const before = ((await getJson<{ rollouts: unknown[] }>('/api/rollouts')).body.rollouts).length;
    const res = await upload(bytes());
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/not a usable rollout log: (not an MCAP file|truncated)/);
    expect(((await getJson<{ rollouts: unknown[] }>('/api/rollouts')).body.rollouts).length).toBe(before);
    expect(readdirSync(server.logsDir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });
});
