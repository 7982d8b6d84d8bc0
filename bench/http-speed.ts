/**
 * Closed-loop steps per second over HTTP (api/server), next to the same session stepped in-process:
 * one session and 32 concurrent ones, camera off and on (reference renderer, PNG), JSON and
 * protobuf, with p50/p99 request latency. The server and its clients (fetch) share this process
 * and its event loop, so on a small machine the HTTP rows include the client's own cost.
 * Each row runs for `secondsPerRow` (default 2 s); a session that ends is replaced by a new one.
 */
import { performance } from 'node:perf_hooks';
import { encodeMessage } from '../api/proto/codec';
import { createApp } from '../api/server/app';
import { listen } from '../api/server/listen';
import { specSourceFromFile } from '../api/log/logged-run';
import { protocolType } from '../api/server/server-protocol';
import { Session, type CameraSource } from '../api/server/session';
import { findScenario } from '../scenarios/library';

export interface HttpSpeedRow {
  readonly transport: 'in-process' | 'http-json' | 'http-protobuf';
  readonly sessions: number;
  readonly camera: CameraSource;
  readonly steps: number;
  readonly seconds: number;
  readonly stepsPerS: number;
  /** Per-step latency, ms (for in-process rows: the time of one Session.advance). */
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface HttpSpeedOptions {
  readonly secondsPerRow?: number;
  readonly scenario?: string;
  readonly concurrentSessions?: number;
}

const DEFAULT_SECONDS_PER_ROW = 2;
const DEFAULT_SCENARIO = 'cut_in';
const CONCURRENT_SESSIONS = 32;
const COAST = { kind: 'accel_steer', accelMps2: 0, steerRad: 0 } as const;

function percentile(sortedMs: readonly number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor((p / 100) * sortedMs.length))];
}

function row(transport: HttpSpeedRow['transport'], sessions: number, camera: CameraSource, latenciesMs: number[], seconds: number): HttpSpeedRow {
  latenciesMs.sort((a, b) => a - b);
  return { transport, sessions, camera, steps: latenciesMs.length, seconds, stepsPerS: latenciesMs.length / seconds, p50Ms: percentile(latenciesMs, 50), p99Ms: percentile(latenciesMs, 99) };
}

function inProcess(scenario: string, camera: CameraSource, seconds: number): HttpSpeedRow {
  const source = specSourceFromFile(findScenario(scenario) as string);
  const fresh = () => new Session({ id: 'bench', source, run: {}, camera, privileged: false, logPath: null });
  let session = fresh();
  const latencies: number[] = [];
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    const t0 = performance.now();
    session.advance(COAST);
    session.result();
    latencies.push(performance.now() - t0);
    if (session.done) session = fresh();
  }
  return row('in-process', 1, camera, latencies, (performance.now() - start) / 1000);
}

async function overHttp(url: string, scenario: string, camera: CameraSource, sessions: number, format: 'json' | 'protobuf', seconds: number): Promise<HttpSpeedRow> {
  const proto = format === 'protobuf';
  const headers: Record<string, string> = proto ? { 'content-type': 'application/x-protobuf', accept: 'application/x-protobuf' } : { 'content-type': 'application/json' };
  const stepBody = proto ? protocolType('StepRequest').encode({ action: protocolType('Action').decode(encodeMessage('Action', COAST)) }).finish() : JSON.stringify({ action: { accel_steer: { accel_mps2: 0, steer_rad: 0 } } });
  const create = async (): Promise<string> => {
    const res = await fetch(`${url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario, camera }) });
    if (res.status !== 201) throw new Error(`http-speed: POST /api/sessions answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  };
  const latencies: number[] = [];
  const start = performance.now();
  const loop = async () => {
    let id = await create();
    while (performance.now() - start < seconds * 1000) {
      const t0 = performance.now();
      const res = await fetch(`${url}/api/sessions/${id}/step`, { method: 'POST', headers, body: stepBody });
      const body = proto ? await res.arrayBuffer() : await res.json();
      latencies.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`http-speed: step answered ${res.status}`);
      // A done session answers 200 once with done = true; the next step would be 409.
      const done = proto ? protocolType('StepResult').decode(new Uint8Array(body as ArrayBuffer)).toJSON().done === true : (body as { done: boolean }).done;
      if (done) {
        await fetch(`${url}/api/sessions/${id}`, { method: 'DELETE' });
        id = await create();
      }
    }
    await fetch(`${url}/api/sessions/${id}`, { method: 'DELETE' });
  };
  await Promise.all(Array.from({ length: sessions }, loop));
  return row(proto ? 'http-protobuf' : 'http-json', sessions, camera, latencies, (performance.now() - start) / 1000);
}

export async function httpSpeed(options: HttpSpeedOptions = {}): Promise<HttpSpeedRow[]> {
  const seconds = options.secondsPerRow ?? DEFAULT_SECONDS_PER_ROW;
  const scenario = options.scenario ?? DEFAULT_SCENARIO;
  const many = options.concurrentSessions ?? CONCURRENT_SESSIONS;
  const api = createApp({ maxSessions: many, log: (line) => process.stderr.write(`${line}\n`) });
  const server = await listen(api, { port: 0 });
  const rows: HttpSpeedRow[] = [];
  // Warm-up (JIT, sockets, protobuf types), not recorded.
  const WARM_UP_S = 0.5;
  try {
    inProcess(scenario, 'none', WARM_UP_S);
    await overHttp(server.url, scenario, 'none', 1, 'protobuf', WARM_UP_S);
    await overHttp(server.url, scenario, 'none', 1, 'json', WARM_UP_S);
    for (const camera of ['none', 'reference'] as const) {
      rows.push(inProcess(scenario, camera, seconds));
      rows.push(await overHttp(server.url, scenario, camera, 1, 'json', seconds));
      rows.push(await overHttp(server.url, scenario, camera, 1, 'protobuf', seconds));
      rows.push(await overHttp(server.url, scenario, camera, many, 'protobuf', seconds));
    }
  } finally {
    await server.close();
  }
  return rows;
}

/** The rows as the table `npm run bench` prints. */
export function formatHttpSpeed(rows: readonly HttpSpeedRow[]): string {
  const lines = ['closed-loop sessions over HTTP (server and clients in one process, loopback)', 'transport      sessions  camera     steps/s   p50 ms   p99 ms  vs in-process'];
  for (const r of rows) {
    const base = rows.find((b) => b.transport === 'in-process' && b.camera === r.camera);
    const ratio = base ? `${(r.stepsPerS / base.stepsPerS).toFixed(2)}x` : '';
    lines.push(
      `${r.transport.padEnd(14)} ${String(r.sessions).padStart(8)}  ${r.camera.padEnd(9)} ${r.stepsPerS.toFixed(0).padStart(8)} ${r.p50Ms.toFixed(2).padStart(8)} ${r.p99Ms.toFixed(2).padStart(8)}  ${ratio.padStart(13)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

if (require.main === module) {
  void httpSpeed().then((rows) => process.stdout.write(formatHttpSpeed(rows)));
}
