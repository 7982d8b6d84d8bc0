/** Starts the real server on a free loopback port (port 0) for a test file, with temp dirs. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type AppOptions } from '../../../api/server/app';
import { listen, type RunningServer } from '../../../api/server/listen';

export interface TestServer extends RunningServer {
  readonly scenariosDir: string;
  readonly logsDir: string;
  readonly errors: string[];
}

export async function startTestServer(options: AppOptions = {}): Promise<TestServer> {
  const root = mkdtempSync(join(tmpdir(), 'dreamdrive-serve-'));
  const scenariosDir = join(root, 'scenarios');
  const logsDir = join(root, 'logs');
  const errors: string[] = [];
  const api = createApp({ scenariosDir, logsDir, log: (line) => errors.push(line), ...options });
  const running = await listen(api, { port: 0 });
  return {
    ...running,
    scenariosDir,
    logsDir,
    errors,
    close: async () => {
      await running.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export const PROTOBUF = 'application/x-protobuf';

export async function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

export async function postProto(url: string, body: Uint8Array): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': PROTOBUF, accept: PROTOBUF }, body });
}
