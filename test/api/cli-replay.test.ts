/**
 * `dreamdrive run --log` and `dreamdrive replay` as a user runs them (compiled CLI, child
 * processes): the log is written, read back, verified; a tampered or truncated log exits 1 with a
 * message and no stack trace. Needs `npm run build` (`npm test` does it).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { decodeMessage, encodeMessage } from '../../api/proto/codec';
import { TOPICS } from '../../api/log/channels';
import { metricsFromJson } from '../../sim/metrics/metrics';
import { describeCall, runCli, runCliAll, STACK_LINE, type CliResult } from '../helpers/cli';
import { rewriteLog, tempDir } from './log/log-fixtures';

const dir = tempDir('dreamdrive-cli-replay-');
const log = path.join(dir, 'cut_in.mcap');
const idmLog = path.join(dir, 'cut_in-idm.mcap');
let runs: CliResult[];

beforeAll(async () => {
  runs = await runCliAll([
    ['run', 'cut_in', '--log', log],
    ['run', 'cut_in', '--policy', 'idm', '--seed', '2', '--param', 'gap=20', '--json', '--log', idmLog],
  ]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectClean(r: CliResult, code: number): void {
  expect({ code: r.code, call: describeCall(r) }).toMatchObject({ code });
  expect(r.stderr).not.toMatch(STACK_LINE);
}

describe('dreamdrive run --log', () => {
  test('writes the log beside the usual report, with the run exit code', () => {
    expectClean(runs[0], 1); // the authored trajectory hits the cutter: criteria fail
    expect(runs[0].stdout).toMatch(/^FAIL /m);
    expect(existsSync(log)).toBe(true);
    expect(existsSync(`${log}.partial`)).toBe(false);
  });

  test('with --json the report stays the only thing on stdout', () => {
    expectClean(runs[1], 0);
    expect(metricsFromJson<{ policy: string; seed: number }>(runs[1].stdout)).toMatchObject({ policy: 'idm', seed: 2 });
  });
});

describe('dreamdrive replay', () => {
  test('prints the metadata, the metrics and the verdict as run does', async () => {
    const r = await runCli(['replay', log]);
    expectClean(r, 0);
    expect(r.stdout).toMatch(/^log .*cut_in\.mcap: 94 states, dreamdrive \d+\.\d+\.\d+, created \d{4}-\d\d-\d\dT/);
    expect(r.stdout).toMatch(/^scenario cut_in {2}seed 0 {2}policy trajectory {2}93 steps \(9\.3 s, ended by collision\)$/m);
    expect(r.stdout).toMatch(/^FAIL {2}\(not collision and min_ttc > 1\.0\) {2}\[dreamdrive-metrics\/1\]$/m);
  });

  test('--verify re-simulates the log from its metadata (seed, parameters, policy) and passes', async () => {
    const r = await runCli(['replay', idmLog, '--verify']);
    expectClean(r, 0);
    expect(r.stdout).toMatch(/^verified: \d+ states, their actions and metrics, and the result re-simulate exactly \(policy idm run again\)$/m);
  });

  test('--from/--to list the steps of the window; --json gives the same as data', async () => {
    const [text, json] = await runCliAll([
      ['replay', log, '--from', '1', '--to', '1.2'],
      ['replay', log, '--from', '1', '--to', '1.2', '--json', '--verify'],
    ]);
    expectClean(text, 0);
    expect(text.stdout.match(/^ {4}1[012] {4}1\.[012] /gm)).toHaveLength(3);
    expectClean(json, 0);
    const doc = metricsFromJson<{ metadata: Record<string, unknown>; steps: { step: number }[]; verification: { ok: boolean }; report: { scenario: string } }>(json.stdout);
    expect(doc.steps.map((s) => s.step)).toEqual([10, 11, 12]);
    expect(doc.verification.ok).toBe(true);
    expect(doc.report.scenario).toBe('cut_in');
    expect(doc.metadata).not.toHaveProperty('specText');
  });

  test('--verify on a tampered log exits 1 naming the first mismatching step', async () => {
    const tampered = path.join(dir, 'tampered.mcap');
    await rewriteLog(log, tampered, (topic, seq, data) => {
      if (topic !== TOPICS.world || seq !== 42) return data;
      const w = decodeMessage('WorldState', data);
      return encodeMessage('WorldState', { ...w, actors: w.actors.map((a) => ({ ...a, speedMps: a.speedMps + 1 })) });
    });
    const r = await runCli(['replay', tampered, '--verify']);
    expectClean(r, 1);
    expect(r.stdout).toMatch(/^MISMATCH at step 42 on \/dreamdrive\/world: actors\[0\]\.speedMps: logged [\d.]+, simulated [\d.]+ \(policy trajectory run again\)$/m);
  });

  test.each([
    ['a truncated log', (b: Buffer) => b.subarray(0, b.length - 100), /^dreamdrive replay: .*: truncated: no footer — the writer did not finish/],
    ['a file that is not MCAP', () => Buffer.from('hello'), /^dreamdrive replay: .*: not an MCAP file/],
  ])('%s exits 1 with a clear message', async (name, make, message) => {
    const file = path.join(dir, `${name.replace(/\W+/g, '-')}.mcap`);
    writeFileSync(file, make(readFileSync(log)));
    const r = await runCli(['replay', file, '--verify']);
    expectClean(r, 1);
    expect(r.stderr).toMatch(message);
  });

  test.each([
    [['replay'], /give one log file \(got 0\)/],
    [['replay', 'a.mcap', '--from', 'soon'], /--from must be a time >= 0 s, got 'soon'/],
    [['replay', 'a.mcap', '--from', '3', '--to', '1'], /--to 1 is before --from 3/],
  ])('usage errors exit 2: dreamdrive %s', async (args, message) => {
    const r = await runCli(args);
    expectClean(r, 2);
    expect(r.stderr).toMatch(message);
  });
});
