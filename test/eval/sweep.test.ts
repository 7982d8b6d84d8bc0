import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runScenario } from '../../eval/run-scenario';
import { planSweep, runSweep, type SweepRequest } from '../../eval/sweep';
import type { SweepJob } from '../../eval/sweep-job';
import { failedRow, sweepCsv, sweepRow, type SweepRow } from '../../eval/sweep-summary';
import { parseSpecText } from '../../scenarios/load-spec';

/** A 3 s scenario: the ego follows a lead car `gap` metres ahead; cheap enough to run a grid. */
const SPEC = `
version: 2
name: sweepable
parameters:
  gap: { value: 20, min: 5, max: 60 }
  speed: { value: 15, min: 5, max: 25 }
  ego_s: { value: 10, min: 0, max: 1000 }
  noise: { distribution: uniform, min: 0, max: 1 }
constraints: ["gap > speed"]
duration: 3
road: { type: straight, length: 300, lanes: 2 }
ego:
  start: { lane: lane0, s: ego_s, speed: speed }
  route: [lane0]
  trajectory: { type: constant_speed, speed: speed }
actors:
  - id: lead
    start: { lane: lane0, s: "ego_s + gap + 4.6", speed: speed }
    behaviour: { type: constant_speed }
criteria: "not collision"
`;

let dir: string;
let specPath: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sweep-test-'));
  specPath = path.join(dir, 'sweepable.yaml');
  fs.writeFileSync(specPath, SPEC);
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const request = (changes: Partial<SweepRequest>): SweepRequest => ({ specPath, axes: [], overrides: {}, samples: 0, seed: 3, ...changes });

describe('planSweep', () => {
  test('makes one job per grid cell, counting the cells a constraint rejects', () => {
    const plan = planSweep(
      request({
        axes: [
          { name: 'gap', values: [10, 20, 30] },
          { name: 'speed', from: 10, to: 20, count: 3 },
        ],
      }),
    );
    // gap > speed fails for (10, 10), (10, 15), (10, 20) and (20, 20): 9 cells, 5 jobs.
    expect(plan.jobs).toHaveLength(5);
    expect(plan.rejections).toEqual({ attempts: 9, accepted: 5, rejected: 4, byReason: { 'gap > speed': 4 } });
    expect([...plan.paramNames].sort()).toEqual(['gap', 'speed']);
    expect(plan.jobs.map((j) => j.assigned)).toEqual([
      { gap: 20, speed: 10 },
      { gap: 20, speed: 15 },
      { gap: 30, speed: 10 },
      { gap: 30, speed: 15 },
      { gap: 30, speed: 20 },
    ]);
    expect(plan.jobs.map((j) => j.index)).toEqual([0, 1, 2, 3, 4]);
    expect(plan.jobs.every((j) => j.seed === 3)).toBe(true);
  });

  test.each<[number[], number[], number]>([
    [[25], [10], 1],
    [[30, 40], [10, 15, 20], 6],
    [[30, 40, 50, 55], [5, 10, 15, 20, 25], 20],
  ])('a %p x %p grid without rejections has %p jobs', (gaps, speeds, jobs) => {
    const plan = planSweep(request({ axes: [{ name: 'gap', values: gaps }, { name: 'speed', values: speeds }] }));
    expect(plan.jobs).toHaveLength(jobs);
    expect(plan.rejections.rejected).toBe(0);
  });

  test('carries overrides into every job and names them as parameters', () => {
    const plan = planSweep(request({ axes: [{ name: 'gap', values: [30, 40] }], overrides: { speed: 12 } }));
    expect(plan.jobs.map((j) => j.assigned)).toEqual([
      { speed: 12, gap: 30 },
      { speed: 12, gap: 40 },
    ]);
    expect([...plan.paramNames].sort()).toEqual(['gap', 'speed']);
  });

  test('draws seeded random samples instead of a grid when asked, the same for the same seed', () => {
    const a = planSweep(request({ samples: 4, policy: 'idm' }));
    expect(a.jobs).toHaveLength(4);
    expect(a.paramNames).toEqual(['noise']);
    expect(a.jobs.every((j) => j.policy === 'idm')).toBe(true);
    expect(planSweep(request({ samples: 4, policy: 'idm' })).jobs).toEqual(a.jobs);
  });
});

describe('runSweep in-process (workers = 1)', () => {
  test('returns one row per job, in job order, reporting progress; the same job gives the same row', async () => {
    const plan = planSweep(request({ axes: [{ name: 'gap', values: [30, 10, 40] }], overrides: { speed: 8 } }));
    const progress: number[] = [];
    const rows = await runSweep(specPath, plan.jobs, 1, (done) => progress.push(done));
    expect(rows.map((r) => r.index)).toEqual([0, 1, 2]);
    expect(rows.map((r) => r.assigned.gap)).toEqual([30, 10, 40]);
    expect(progress).toEqual([1, 2, 3]);
    for (const r of rows) {
      expect(r).toMatchObject({ seed: 3, error: null, passed: true, collision: false });
      expect(r.finalHash).toMatch(/^[0-9a-f]{40}$/);
    }
    // Different gaps end in different states; running a job again repeats its row exactly.
    expect(new Set(rows.map((r) => r.finalHash)).size).toBe(3);
    expect(await runSweep(specPath, [plan.jobs[1]], 1)).toEqual([rows[1]]);
  });

  test('fails only the cell that cannot be built, with a message, and goes on', async () => {
    const jobs: SweepJob[] = [
      { index: 0, assigned: { ego_s: 900 }, seed: 1 }, // past the end of the 300 m road
      { index: 1, assigned: { gap: 30 }, seed: 1 },
    ];
    const rows = await runSweep(specPath, jobs, 1);
    expect(rows[0]).toMatchObject({ index: 0, passed: false, minTtcS: null, score: null, finalHash: '' });
    expect(rows[0].error).toMatch(/outside lane 'lane0'/);
    expect(rows[1].error).toBeNull();
  });
});

describe('sweepRow', () => {
  test('copies a run report’s verdict and metrics (round trip through runScenario)', () => {
    const { report } = runScenario(parseSpecText(SPEC, 'sweepable.yaml').spec, { seed: 5, overrides: { gap: 30 } });
    const row = sweepRow(7, { gap: 30 }, report);
    const v = report.metrics.values;
    expect(row).toEqual({
      index: 7,
      assigned: { gap: 30 },
      seed: 5,
      passed: report.passed,
      collision: v.collision === true,
      minTtcS: v.min_ttc,
      minHeadwayM: v.min_headway,
      routeCompletion: v.route_completion,
      score: v.score,
      finalHash: report.finalHash,
      error: null,
    });
  });
});

describe('sweepCsv', () => {
  const row = (changes: Partial<SweepRow>): SweepRow => ({
    index: 0,
    assigned: { gap: 20, speed: 15 },
    seed: 1,
    passed: true,
    collision: false,
    minTtcS: 2.5,
    minHeadwayM: 12,
    routeCompletion: 1,
    score: 0.9,
    finalHash: 'abc',
    error: null,
    ...changes,
  });
  const lines = (rows: SweepRow[]) => sweepCsv(rows, ['gap', 'speed']).split('\n');

  test('writes a header with the parameter columns, one line per row and a final newline', () => {
    const text = sweepCsv([row({}), row({ index: 1, assigned: { gap: 30, speed: 10 } })], ['gap', 'speed']);
    expect(text).toBe(
      [
        'index,gap,speed,seed,passed,collision,min_ttc,min_headway,route_completion,score,error',
        '0,20,15,1,true,false,2.5,12,1,0.9,',
        '1,30,10,1,true,false,2.5,12,1,0.9,',
        '',
      ].join('\n'),
    );
  });

  test.each<[string, Partial<SweepRow>, string]>([
    ['infinities as inf and -inf', { minTtcS: Infinity, minHeadwayM: -Infinity }, '0,20,15,1,true,false,inf,-inf,1,0.9,'],
    ['nulls (a failed cell) as empty cells', failedRow(0, { gap: 20, speed: 15 }, 1, 'bad'), '0,20,15,1,false,false,,,,,bad'],
    ['no verdict as an empty cell', { passed: null }, '0,20,15,1,,false,2.5,12,1,0.9,'],
    ['an error with a comma in quotes', { error: 'a, b' }, '0,20,15,1,true,false,2.5,12,1,0.9,"a, b"'],
    ['quotes doubled inside quotes', { error: 'lane "x" is unknown' }, '0,20,15,1,true,false,2.5,12,1,0.9,"lane ""x"" is unknown"'],
    ['NaN as nan, not as an infinity', { score: NaN }, '0,20,15,1,true,false,2.5,12,1,nan,'],
  ])('writes %s', (_name, changes, expected) => {
    expect(lines([row(changes)])[1]).toBe(expected);
  });

  test('keeps a multi-line error inside one quoted cell', () => {
    const text = sweepCsv([row({ error: 'first\nsecond' })], ['gap', 'speed']);
    expect(text.endsWith(',"first\nsecond"\n')).toBe(true);
  });

  test('leaves a parameter cell empty when a row did not assign it', () => {
    expect(lines([row({ assigned: { gap: 20 } })])[1]).toBe('0,20,,1,true,false,2.5,12,1,0.9,');
  });
});
