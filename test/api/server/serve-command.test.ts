/** `dreamdrive serve` (the compiled CLI): binds loopback, answers, and exits 0 on SIGTERM. */
import { spawn } from 'node:child_process';
import { assertBuilt, CLI_BIN } from '../../helpers/cli';

const START_TIMEOUT_MS = 15_000;

describe('dreamdrive serve', () => {
  beforeAll(() => assertBuilt());

  test('serves the API on 127.0.0.1 at the port it prints and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [CLI_BIN, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed in ${START_TIMEOUT_MS} ms; stderr: ${stderr}`)), START_TIMEOUT_MS);
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /dreamdrive API on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
      });
      const doc = (await (await fetch(`${url}/api/openapi.json`)).json()) as { openapi: string };
      expect(doc.openapi).toBe('3.1.0');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  }, 30_000);

  test.each([
    [['--port', '70000'], /--port must be at most 65535/],
    [['--port', 'x'], /port/],
    [['extra'], /unexpected argument 'extra'/],
  ])('refuses %j with a usage error', async (args, message) => {
    const child = spawn(process.execPath, [CLI_BIN, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});
