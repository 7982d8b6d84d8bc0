/**
 * A throwaway redis-server for tests and benchmarks: Debian's `redis-server` (`.ci/run` installs
 * it) on a free loopback port, without persistence, owned by this process and stopped by `stop()`.
 * Nothing of the machine's own Redis (a system service on 6379) is touched.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { parseQueueUrl, type QueueAddress } from './queue-url';
import { checkReachable } from './redis-client';

export const REDIS_SERVER = 'redis-server';
/** How long a fresh server may take to answer PING, ms (a busy 2-core machine included). */
const START_TIMEOUT_MS = 10_000;

export interface LocalRedis {
  readonly address: QueueAddress;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** Whether `redis-server` can be run here (it prints its version and exits). */
export function hasRedisServer(): boolean {
  return spawnSync(REDIS_SERVER, ['--version'], { stdio: 'ignore' }).status === 0;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startOnce(): Promise<LocalRedis> {
  const port = await freePort();
  const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let exited: string | null = null;
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const exit = new Promise<void>((resolve) => child.once('exit', (code, signal) => ((exited = `exited (${signal ?? code})`), resolve())));
  child.once('error', (error) => (exited = error.message));
  const address = parseQueueUrl(`redis://127.0.0.1:${port}`);
  const stop = async () => {
    if (exited === null) {
      child.kill('SIGTERM');
      await exit;
    }
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    try {
      await checkReachable(address, 1000);
      return { address, process: child, stop };
    } catch (error) {
      if (exited !== null || Date.now() > deadline) {
        await stop();
        throw new Error(`redis-server on port ${port} did not start: ${exited ?? (error as Error).message}${stderr ? `; ${stderr.trim()}` : ''}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Starts a server; retried on another port when the chosen one was taken in between. */
export async function startLocalRedis(attempts = 3): Promise<LocalRedis> {
  for (let i = 1; ; i++) {
    try {
      return await startOnce();
    } catch (error) {
      if (i >= attempts) throw error;
    }
  }
}
