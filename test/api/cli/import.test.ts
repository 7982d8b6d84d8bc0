/**
 * `dreamdrive import` and `.xosc` wherever a scenario is accepted (run, validate, the server's
 * scenarios dir), through the compiled CLI as a user runs it.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { ScenarioStore } from '../../../api/server/scenario-store';
import { describeCall, REPO_ROOT, runCli, STACK_LINE } from '../../helpers/cli';

const OSC = path.join(REPO_ROOT, 'test', 'fixtures', 'openscenario');
const CUT_IN = path.join(OSC, 'cut_in.xosc');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'dreamdrive-import-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dreamdrive import', () => {
  it('writes a spec whose road refers to the .xodr relative to --out, and lists the warnings with lines', async () => {
    const out = path.join(dir, 'specs', 'cut_in.yaml');
    const r = await runCli(['import', CUT_IN, '--out', out]);
    if (r.code !== 0) throw new Error(describeCall(r));
    expect(r.stderr).toMatch(/cut_in\.xosc:21:9: warning: .*<Performance> ignored/);
    const spec = parse(readFileSync(out, 'utf8')) as { road: { type: string; file: string } };
    expect(spec.road.type).toBe('opendrive');
    expect(path.resolve(path.dirname(out), spec.road.file)).toBe(path.join(OSC, 'highway.xodr'));
    // The written spec runs, and gives the same rollout as running the .xosc directly.
    const [fromSpec, fromXosc] = await Promise.all([runCli(['run', out, '--json']), runCli(['run', CUT_IN, '--json'])]);
    if (fromSpec.code !== 0) throw new Error(describeCall(fromSpec));
    if (fromXosc.code !== 0) throw new Error(describeCall(fromXosc));
    expect(JSON.parse(fromSpec.stdout).finalHash).toBe(JSON.parse(fromXosc.stdout).finalHash);
  }, 60_000);

  it('exits 1 with file:line:col and no stack trace when the file cannot be imported', async () => {
    const r = await runCli(['import', path.join(OSC, 'bad', 'unknown_entity.xosc')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown_entity\.xosc:14:\d+: error: .*entityRef='Ghost' names no entity/);
    expect(r.stderr).not.toMatch(STACK_LINE);
  }, 30_000);

  it('refuses a file that is not .xosc, and a bad --duration, as usage errors (exit 2)', async () => {
    const [notXosc, badDuration] = await Promise.all([runCli(['import', 'scenarios/library/cut_in.yaml']), runCli(['import', CUT_IN, '--duration', '-1'])]);
    expect(notXosc.code).toBe(2);
    expect(badDuration.code).toBe(2);
  }, 30_000);

  it('validate takes a .xosc', async () => {
    const r = await runCli(['validate', path.join(OSC, 'junction.xosc')]);
    if (r.code !== 0) throw new Error(describeCall(r));
    expect(r.stdout).toMatch(/^ok\s+.*junction\.xosc/m);
  }, 30_000);
});

describe('the server scenarios dir', () => {
  it('lists a .xosc (with its road beside it) and serves it as the spec it imports to', () => {
    const scenarios = path.join(dir, 'served');
    mkdirSync(scenarios, { recursive: true });
    copyFileSync(CUT_IN, path.join(scenarios, 'cut_in_osc.xosc'));
    copyFileSync(path.join(OSC, 'highway.xodr'), path.join(scenarios, 'highway.xodr'));
    const store = new ScenarioStore(scenarios);
    expect(store.list().find((e) => e.name === 'cut_in_osc')?.origin).toBe('saved');
    const source = store.source('cut_in_osc');
    expect(source.spec.road).toEqual({ type: 'opendrive', file: 'highway.xodr' });
    expect(source.text).toMatch(/^# Imported from cut_in_osc\.xosc/);
  });
});
