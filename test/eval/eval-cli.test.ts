/** `dreamdrive eval` as a user runs it (the compiled CLI in a child process, real worker threads). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ResultsDocument } from '../../eval/report/results-document';
import { metricsFromJson } from '../../sim/metrics/metrics';
import { describeCall, runCli, STACK_LINE } from '../helpers/cli';

/** Two workers load the simulator each (~2 s of CPU apiece) on a shared 2-core machine. */
const LIBRARY_TIMEOUT_MS = 180_000;

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-cli-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

describe('dreamdrive eval', () => {
  test(
    'runs the shipped library suite on 2 worker threads, writes the three reports and exits 0',
    async () => {
      const out = path.join(dir, 'library');
      const r = await runCli(['eval', 'library', '--workers', '2', '--out', out], { timeoutMs: LIBRARY_TIMEOUT_MS });
      expect({ code: r.code, call: r.code === 0 ? '' : describeCall(r) }).toEqual({ code: 0, call: '' });
      expect(r.stdout).toMatch(/^policy\s+camera\s+rollouts\s+pass rate\s+score/m);
      expect(r.stdout).toMatch(/30 rollouts: 17 passed, 12 failed \(12 expected\), 0 errors, 1 skipped; [\d.]+ s with 2 workers/);
      expect(r.stderr).toMatch(/rollouts \[#+\] 30\/30 [\d.]+\/s eta/);
      for (const f of ['results.json', 'junit.xml', 'report.html']) expect(fs.existsSync(path.join(out, f))).toBe(true);
      const doc = metricsFromJson<ResultsDocument>(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
      expect(doc.run.workers).toBe(2);
      expect(doc.run.determinismFailures).toEqual([]);
      const brake = (policy: string) => doc.rollouts.find((x) => x.id === `lead_vehicle_hard_brake|-|seed=0|${policy}|none`)!;
      expect([brake('trajectory').verdict, brake('idm').verdict]).toEqual(['fail', 'pass']);
      expect(fs.existsSync(path.join(out, brake('trajectory').log!))).toBe(true);
    },
    LIBRARY_TIMEOUT_MS + 10_000,
  );

  test('exits 1 on an unexpected failure; runs the world-model camera in worker threads', async () => {
    const suite = write('gap.yaml', 'version: 1\nname: gap\nscenarios: [{ library: lead_vehicle_hard_brake }]\npolicies: [trajectory]\ncameras: [reference, model]\n');
    const out = path.join(dir, 'gap');
    const r = await runCli(['eval', suite, '--out', out, '--workers', '2'], { timeoutMs: 90_000 });
    expect({ code: r.code, stderr: r.stderr.split('\n').filter((l) => !l.startsWith('rollouts') && !l.startsWith('logging')) }).toEqual({ code: 1, stderr: [''] });
    expect(r.stdout).toContain("UNEXPECTED FAIL lead_vehicle_hard_brake|-|seed=0|trajectory|model: criteria 'not collision' failed: collision = true (with 'lead'");
    const doc = metricsFromJson<ResultsDocument>(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
    const model = doc.rollouts.find((x) => x.camera === 'model')!;
    expect(model.cameraStats!.modelFrames).toBeGreaterThan(0);
    expect(doc.gap.length).toBeGreaterThan(0);
    expect(fs.readFileSync(path.join(out, 'junit.xml'), 'utf8')).toMatch(/<testsuites [^>]*tests="2" failures="2" errors="0"/);
  }, 100_000);

  test('prints every error of an invalid suite with file:line:col and exits 1, without a stack trace', async () => {
    const suite = write('bad.yaml', 'version: 1\nname: bad\nscenarios: [{ library: cut_inn }]\npolicies: [idm, pure_pursuit]\n');
    const r = await runCli(['eval', suite]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml:4:\d+: error: policies\[1\]: unknown policy 'pure_pursuit'.*did you mean 'pure-pursuit'/);
    expect(r.stderr).not.toMatch(STACK_LINE);
    const r2 = await runCli(['eval', write('bad2.yaml', 'version: 1\nname: bad\nscenarios: [{ library: cut_inn }]\npolicies: [idm]\n')]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/bad2\.yaml:3:24: error: scenarios\[0\]\.library: 'cut_inn' matches no library scenario \(did you mean 'cut_in'\?\)/);
  });

  test('exits 2 on usage errors', async () => {
    const [none, unknown, workers] = await Promise.all([runCli(['eval']), runCli(['eval', 'no_such_suite']), runCli(['eval', 'library', '--workers', '0'])]);
    expect([none.code, unknown.code, workers.code]).toEqual([2, 2, 2]);
    expect(unknown.stderr).toContain("no suite file or shipped suite named 'no_such_suite'");
    expect(workers.stderr).toContain('--workers must be an integer >= 1');
  });
});
