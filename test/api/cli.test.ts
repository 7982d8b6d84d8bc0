/**
 * The `dreamdrive` CLI as a user runs it: exit codes (0 ok, 1 bad input or failed check, 2 usage),
 * messages with file:line:col, no stack traces, no hangs, and sweeps that do not depend on the
 * number of workers. Needs the compiled CLI (`npm run build`; `npm test` builds first).
 * Independent calls are started together in beforeAll, two at a time.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { listLibrary } from '../../scenarios/library';
import { CLI_TIMEOUT_MS, describeCall, REPO_ROOT, runCliAll, STACK_LINE, type CliResult } from '../helpers/cli';

const BAD_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'specs', 'bad');
/** Size of the oversized spec: ten times the 1 MB limit. */
const HUGE_SPEC_BYTES = 10 * 1024 * 1024;

/** A bad fixture's `# overrides:` header (from the file or its `.expect` sidecar): it is only bad with them. */
function overridesOf(file: string): string[] {
  const sidecar = `${file}.expect`;
  let text = readFileSync(file, 'utf8');
  try {
    text = readFileSync(sidecar, 'utf8');
  } catch {
    // no sidecar: the header is in the file itself
  }
  const m = /^#?\s*overrides:(.*)$/m.exec(text);
  return m ? m[1].trim().split(/\s+/) : [];
}

const badFiles = readdirSync(BAD_DIR)
  .filter((f) => /\.(ya?ml|json)$/.test(f))
  .sort()
  .map((f) => path.join(BAD_DIR, f));
const badWithoutOverrides = badFiles.filter((f) => overridesOf(f).length === 0);
const badWithOverrides = badFiles.filter((f) => overridesOf(f).length > 0);

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let dir: string;
const calls = new Map<string, readonly string[]>();
const results = new Map<string, CliResult>();
function result(key: string): CliResult {
  const r = results.get(key);
  if (r === undefined) throw new Error(`no CLI call named '${key}'`);
  return r;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'dreamdrive-cli-'));
  const huge = path.join(dir, 'huge.yaml');
  // A valid-looking head and 10 MB of comment: the size check must refuse it before parsing.
  writeFileSync(huge, `version: 2\nname: huge\n${`# ${'x'.repeat(1021)}\n`.repeat(HUGE_SPEC_BYTES / 1024)}`);
  const gridArgs = ['--param', 'gap=15:45:3', '--param', 'speed=15:25:2'];
  calls.set('top-help', ['--help']);
  calls.set('list', ['list', '--json']);
  calls.set('validate-library', ['validate', ...listLibrary().map((e) => e.path)]);
  calls.set('validate-bad', ['validate', ...badWithoutOverrides]);
  for (const f of badWithOverrides) calls.set(`run-bad:${f}`, ['run', f, ...overridesOf(f).flatMap((o) => ['--param', o])]);
  calls.set('validate-huge', ['validate', huge]);
  calls.set('run-unknown', ['run', 'cut_ins']);
  calls.set('run-json', ['run', 'cut_in', '--json']);
  calls.set('run-bad-policy', ['run', 'cut_in', '--policy', 'nope']);
  calls.set('run-out-of-range', ['run', 'lead_vehicle_hard_brake', '--param', 'decel=99']);
  calls.set('sweep-2', ['sweep', 'lead_vehicle_hard_brake', ...gridArgs, '--workers', '2', '--out', path.join(dir, 'sw')]);
  calls.set('sweep-1', ['sweep', 'lead_vehicle_hard_brake', ...gridArgs, '--workers', '1', '--out', path.join(dir, 'sw1')]);
  calls.set('sweep-samples', ['sweep', 'cut_in', '--samples', '4', '--seed', '3', '--workers', '1', '--json']);
  const keys = [...calls.keys()];
  const done = await runCliAll(keys.map((k) => calls.get(k)!));
  keys.forEach((k, i) => results.set(k, done[i]));
  // Every command's --help, one call each (the command names come from the top-level usage).
  const names = commandNames();
  const helps = await runCliAll(names.map((n) => [n, '--help']));
  names.forEach((n, i) => results.set(`help:${n}`, helps[i]));
  // ~35 CLI processes of ~2 s each (loading mathjs is half of it): minutes on 2 busy cores.
}, 240_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Command names listed under "commands:" by `dreamdrive --help`. */
function commandNames(): string[] {
  const text = results.get('top-help')?.stdout ?? '';
  const section = text.split(/^commands:\s*$/m)[1] ?? '';
  return section
    .split('\n')
    .map((line) => /^ {2}([a-z][a-z-]*)\s{2,}/.exec(line)?.[1])
    .filter((n): n is string => n !== undefined);
}

describe('every call', () => {
  it('finishes in time and never prints a stack trace', () => {
    for (const r of results.values()) {
      if (r.timedOut || STACK_LINE.test(r.stdout) || STACK_LINE.test(r.stderr)) throw new Error(describeCall(r));
    }
  });
});

describe('dreamdrive list', () => {
  it('--json lists at least 10 scenarios, each with a name, a description and its file', () => {
    const r = result('list');
    if (r.code !== 0) throw new Error(describeCall(r));
    const entries = JSON.parse(r.stdout) as { name: string; description: string; path: string }[];
    expect(entries.length).toBeGreaterThanOrEqual(10);
    for (const e of entries) {
      expect(e.name).toMatch(/^[a-z0-9_]+$/);
      expect(e.description.length).toBeGreaterThan(0);
      expect(path.basename(e.path)).toMatch(new RegExp(`^${e.name}\\.ya?ml$`));
    }
    expect(entries.map((e) => e.name)).toEqual(expect.arrayContaining(['cut_in', 'lead_vehicle_hard_brake', 'pedestrian_crossing']));
  });
});

describe('dreamdrive validate', () => {
  it('accepts every library file (exit 0)', () => {
    const r = result('validate-library');
    if (r.code !== 0) throw new Error(describeCall(r));
    for (const e of listLibrary()) expect(r.stdout).toContain(`ok      ${e.path}`);
  });

  it('refuses every malformed fixture (exit 1) with a file:line:col message for each', () => {
    const r = result('validate-bad');
    expect(badWithoutOverrides.length).toBeGreaterThanOrEqual(15);
    expect(r.code).toBe(1);
    for (const f of badWithoutOverrides) {
      expect({ file: f, invalid: r.stdout.includes(`invalid ${f}`) }).toEqual({ file: f, invalid: true });
      expect({ file: f, located: new RegExp(`^${escapeRegExp(f)}:\\d+:\\d+: error: `, 'm').test(r.stderr) }).toEqual({ file: f, located: true });
    }
    expect(r.durationMs).toBeLessThan(CLI_TIMEOUT_MS);
  });

  it('refuses fixtures that are only bad with an override when run with it (exit 1, file:line:col)', () => {
    expect(badWithOverrides.length).toBeGreaterThan(0);
    for (const f of badWithOverrides) {
      const r = result(`run-bad:${f}`);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^${escapeRegExp(f)}:\\d+:\\d+: error: `, 'm'));
    }
  });

  it('refuses a 10 MB spec quickly with a message about its size', () => {
    const r = result('validate-huge');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/10\.0 MB/);
    expect(r.stderr).toMatch(/limit/);
  });
});

describe('dreamdrive run', () => {
  it('names an unknown scenario and suggests the closest one (exit 1)', () => {
    const r = result('run-unknown');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("'cut_ins'");
    expect(r.stderr).toContain("did you mean 'cut_in'?");
  });

  it('--json prints the report with metric values and the metrics version', () => {
    const r = result('run-json');
    // cut_in's default policy (the authored trajectory) hits the cutter: the check fails, exit 1.
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { scenario: string; passed: boolean; metrics: { version: string; values: Record<string, unknown> } };
    expect(report.scenario).toBe('cut_in');
    expect(report.passed).toBe(false);
    expect(report.metrics.version).toMatch(/^dreamdrive-metrics\/\d+$/);
    expect(report.metrics.values).toEqual(expect.objectContaining({ collision: true, min_ttc: expect.any(Number), score: expect.any(Number) }));
  });

  it('refuses an unknown --policy as a usage error (exit 2)', () => {
    const r = result('run-bad-policy');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("'nope'");
    expect(r.stderr).toMatch(/trajectory/);
  });

  it('refuses a --param outside its range, naming the range (exit 1)', () => {
    const r = result('run-out-of-range');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('decel=99');
    expect(r.stderr).toContain('[2, 10]');
    expect(r.stderr).toMatch(/lead_vehicle_hard_brake\.yaml:\d+:\d+: error: /);
  });
});

describe('dreamdrive sweep', () => {
  it('writes sw.json and sw.csv with one row per grid cell (3 gaps x 2 speeds)', () => {
    const r = result('sweep-2');
    if (r.code !== 0) throw new Error(describeCall(r));
    const json = JSON.parse(readFileSync(path.join(dir, 'sw.json'), 'utf8')) as { rows: { assigned: Record<string, number>; error: string | null }[] };
    expect(json.rows).toHaveLength(6);
    const cells = json.rows.map((row) => `${row.assigned.gap}/${row.assigned.speed}`).sort();
    expect(cells).toEqual(['15/15', '15/25', '30/15', '30/25', '45/15', '45/25']);
    for (const row of json.rows) expect(row.error).toBeNull();
    const csv = readFileSync(path.join(dir, 'sw.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(1 + 6);
    expect(csv[0].split(',')).toEqual(expect.arrayContaining(['gap', 'speed']));
  });

  it('gives the same rows with 2 workers as with 1 (results do not depend on scheduling)', () => {
    const r = result('sweep-1');
    if (r.code !== 0) throw new Error(describeCall(r));
    expect(readFileSync(path.join(dir, 'sw.json'), 'utf8')).toBe(readFileSync(path.join(dir, 'sw1.json'), 'utf8'));
    expect(readFileSync(path.join(dir, 'sw.csv'), 'utf8')).toBe(readFileSync(path.join(dir, 'sw1.csv'), 'utf8'));
  });

  it('runs seeded random samples (--samples 4 --seed 3)', () => {
    const r = result('sweep-samples');
    if (r.code !== 0) throw new Error(describeCall(r));
    const out = JSON.parse(r.stdout) as { seed: number; rows: unknown[] };
    expect(out.seed).toBe(3);
    expect(out.rows).toHaveLength(4);
  });
});

describe('--help', () => {
  it('lists the commands of the issue at the top level (exit 0)', () => {
    expect(result('top-help').code).toBe(0);
    expect(commandNames()).toEqual(expect.arrayContaining(['list', 'validate', 'run', 'sweep', 'schema']));
  });

  it("of every command exits 0 and prints that command's usage", () => {
    for (const name of commandNames()) {
      const r = result(`help:${name}`);
      if (r.code !== 0) throw new Error(describeCall(r));
      expect(r.stdout).toContain(`usage: dreamdrive ${name}`);
    }
  });
});
