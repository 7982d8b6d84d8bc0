/** CPU time of this process's descendants, read from /proc (the viewer bench's CPU per frame). */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { descendantsCpuMs } from '../../../bench/viewer/process-cpu';

const BURN_MS = 400;
const onLinux = existsSync('/proc/self/stat');

/** A child that burns BURN_MS of its own CPU time, says so, then idles until killed. */
function burner(): Promise<ChildProcess> {
  const script = `const t0 = process.cpuUsage(); while (true) { const u = process.cpuUsage(t0); if ((u.user + u.system) / 1000 >= ${BURN_MS}) break; } process.stdout.write('burnt\\n'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout?.once('data', () => resolve(child));
    child.once('error', reject);
  });
}

(onLinux ? test : test.skip)('a child that used 400 ms of CPU adds about that to its parent\'s descendants', async () => {
  const before = descendantsCpuMs() as number;
  const child = await burner();
  try {
    const after = descendantsCpuMs() as number;
    // /proc counts in 10 ms ticks, and node's start-up adds its own few tens of ms.
    expect(after - before).toBeGreaterThanOrEqual(BURN_MS - 20);
    expect(after - before).toBeLessThan(BURN_MS + 1500);
    // The same reading for another root: the child's own descendants (none) used nothing.
    expect(descendantsCpuMs(child.pid)).toBe(0);
  } finally {
    child.kill();
  }
});
