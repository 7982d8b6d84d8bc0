import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { jobId, parametersKey } from '../../../eval/suite/eval-job';
import { expandSuite, seedsOf } from '../../../eval/suite/expand-suite';
import { parseSuiteText } from '../../../eval/suite/load-suite';
import { SuiteError } from '../../../eval/suite/suite-error';
import { formatIssue } from '../../../scenarios/errors';
import { listLibrary } from '../../../scenarios/library';

/** A 3 s scenario with a constraint and a distribution parameter (as in test/eval/sweep.test.ts). */
const SPEC = `
version: 2
name: follow
parameters:
  gap: { value: 20, min: 5, max: 60 }
  speed: { value: 15, min: 5, max: 25 }
  noise: { distribution: uniform, min: 0, max: 1 }
constraints: ["gap > speed"]
duration: 3
road: { type: straight, length: 300, lanes: 2 }
ego:
  start: { lane: lane0, s: 10, speed: speed }
  route: [lane0]
  trajectory: { type: constant_speed, speed: speed }
actors:
  - id: lead
    start: { lane: lane0, s: "10 + gap + 4.6", speed: speed }
    behaviour: { type: constant_speed }
criteria: "not collision"
`;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'expand-suite-'));
  fs.mkdirSync(path.join(dir, 'specs'));
  fs.writeFileSync(path.join(dir, 'specs', 'follow.yaml'), SPEC);
  fs.writeFileSync(path.join(dir, 'specs', 'other.yaml'), SPEC.replace('name: follow', 'name: other'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function suite(body: string) {
  return parseSuiteText(`version: 1\nname: t\n${body}`, path.join(dir, 'suite.yaml'));
}

function errorsOf(body: string): string[] {
  try {
    expandSuite(suite(body));
  } catch (error) {
    if (error instanceof SuiteError) return error.issues.map(formatIssue);
    throw error;
  }
  throw new Error('expected a SuiteError');
}

describe('jobId', () => {
  test('is scenario|sorted parameters|seed|policy|camera, with - for no parameters', () => {
    expect(jobId({ scenario: 'cut_in', parameters: { speed: 25, gap: 20.5 }, seed: 3, policy: 'idm', camera: 'none' })).toBe('cut_in|gap=20.5,speed=25|seed=3|idm|none');
    expect(jobId({ scenario: 'cut_in', parameters: {}, seed: 0, policy: 'trajectory', camera: 'reference' })).toBe('cut_in|-|seed=0|trajectory|reference');
  });

  test('writes numbers in their shortest round-trip form, so ids read back to the same values', () => {
    const value = 0.1 + 0.2;
    const key = parametersKey({ x: value });
    expect(Number(key.split('=')[1])).toBe(value);
  });
});

describe('seedsOf', () => {
  test.each<[Parameters<typeof seedsOf>[0], number[]]>([
    [undefined, [0]],
    [[4, 1], [4, 1]],
    [{ from: 5, count: 3 }, [5, 6, 7]],
  ])('%p -> %p', (seeds, expected) => expect(seedsOf(seeds)).toEqual(expected));
});

describe('expandSuite', () => {
  test('makes one job per library scenario x seed x policy x camera, in a fixed order', () => {
    const plan = expandSuite(suite('scenarios: [{ library: "*" }]\nseeds: [0, 1]\npolicies: [idm, trajectory]\ncameras: [reference, none]\n'));
    const names = listLibrary().map((e) => e.name);
    expect(plan.jobs).toHaveLength(names.length * 2 * 2 * 2);
    expect(plan.jobs.slice(0, 5).map((j) => j.id)).toEqual([
      `${names[0]}|-|seed=0|idm|reference`,
      `${names[0]}|-|seed=0|idm|none`,
      `${names[0]}|-|seed=0|trajectory|reference`,
      `${names[0]}|-|seed=0|trajectory|none`,
      `${names[0]}|-|seed=1|idm|reference`,
    ]);
    expect(new Set(plan.jobs.map((j) => j.id)).size).toBe(plan.jobs.length);
    for (const j of plan.jobs) {
      expect(path.isAbsolute(j.specPath)).toBe(true);
      expect(j.specSha1).toMatch(/^[0-9a-f]{40}$/);
      expect(j.expected).toBe('pass');
    }
    // Plain data: a job survives a JSON round trip (what a queue or a worker message does to it).
    expect(JSON.parse(JSON.stringify(plan.jobs))).toEqual(plan.jobs);
  });

  test('expands a grid relative to the suite file, leaving out (and reporting) the cells a constraint rejects', () => {
    const plan = expandSuite(suite('scenarios:\n  - file: specs/f*.yaml\n    grid: { gap: [10, 20, 30], speed: [10, 20] }\npolicies: [idm]\n'));
    // gap > speed rejects (10, 10), (10, 20) and (20, 20).
    expect(plan.jobs.map((j) => j.parameters)).toEqual([{ gap: 20, speed: 10 }, { gap: 30, speed: 10 }, { gap: 30, speed: 20 }]);
    expect(plan.jobs[0].id).toBe('follow|gap=20,speed=10|seed=0|idm|none');
    expect(plan.rejections).toEqual([{ entry: 0, scenario: 'follow', report: { attempts: 6, accepted: 3, rejected: 3, byReason: { 'gap > speed': 3 } } }]);
  });

  test('draws samples per seed, the same for the same seed and different for another', () => {
    const body = 'scenarios:\n  - file: specs/follow.yaml\n    samples: 3\nseeds: [1, 2]\npolicies: [idm]\n';
    const a = expandSuite(suite(body)).jobs;
    expect(a).toHaveLength(6);
    expect(expandSuite(suite(body)).jobs).toEqual(a);
    const noise = (seed: number) => a.filter((j) => j.seed === seed).map((j) => j.parameters.noise);
    expect(noise(1)).not.toEqual(noise(2));
    expect(new Set(noise(1)).size).toBe(3);
  });

  test('marks the rollouts listed under expected_failures', () => {
    const plan = expandSuite(suite('scenarios: [{ library: "cut_in" }, { library: "s_bend" }]\npolicies: [idm, trajectory]\nexpected_failures: [{ scenario: "cut_*", policy: trajectory }]\n'));
    expect(plan.jobs.map((j) => `${j.scenario}/${j.policy}:${j.expected}`)).toEqual(['cut_in/idm:pass', 'cut_in/trajectory:fail', 's_bend/idm:pass', 's_bend/trajectory:pass']);
  });

  test.each<[string, string, RegExp]>([
    ['a library name that does not exist, with a suggestion', 'scenarios: [{ library: cut_inn }]\npolicies: [idm]\n', /^.*suite\.yaml:3:24: error: scenarios\[0\]\.library: 'cut_inn' matches no library scenario \(did you mean 'cut_in'\?\)/],
    ['a file pattern that matches nothing', 'scenarios: [{ file: "nope/*.yaml" }]\npolicies: [idm]\n', /suite\.yaml:3:21: error: scenarios\[0\]\.file: 'nope\/\*\.yaml' matches no \.yaml, \.yml or \.json file/],
    ['an entry with both library and file', 'scenarios: [{ library: cut_in, file: specs/follow.yaml }]\npolicies: [idm]\n', /suite\.yaml:3:\d+: error: scenarios\[0\]: each entry names its scenarios with exactly one of 'library'/],
    ['a grid and samples in one entry', 'scenarios: [{ file: specs/follow.yaml, grid: { gap: [30] }, samples: 2 }]\npolicies: [idm]\n', /scenarios\[0\]\.samples: use either 'grid' or 'samples'/],
    ['a grid over a parameter the spec does not declare', 'scenarios: [{ file: specs/follow.yaml, grid: { gapp: [30] } }]\npolicies: [idm]\n', /scenarios\[0\]\.grid: scenario 'follow': .*gapp/],
    ['a set value that breaks a constraint', 'scenarios: [{ file: specs/follow.yaml, set: { gap: 6, speed: 10 } }]\npolicies: [idm]\n', /scenarios\[0\]\.set: scenario 'follow': .*gap > speed/],
    ['a rollout produced twice', 'scenarios: [{ library: cut_in }, { library: "cut_*" }]\npolicies: [idm]\n', /scenarios\[1\]: rollout 'cut_in\|-\|seed=0\|idm\|none' is also produced by scenarios\[0\]/],
    ['a policy listed twice', 'scenarios: [{ library: cut_in }]\npolicies: [idm, idm]\n', /policies: lists 'idm' more than once/],
    ['an expected failure that names no rollout', 'scenarios: [{ library: cut_in }]\npolicies: [idm]\nexpected_failures: [{ scenario: cut_in, policy: trajectory }]\n', /expected_failures\[0\]: matches no rollout of this suite/],
  ])('refuses %s, with the suite line and column', (_name, body, expected) => {
    const errors = errorsOf(body);
    expect(errors.find((e) => expected.test(e)) ?? errors).toEqual(expect.any(String));
  });

  test('names the spec file and its own line when a scenario file does not load', () => {
    fs.writeFileSync(path.join(dir, 'specs', 'broken.yml'), SPEC.replace('duration: 3', 'duration: -3'));
    try {
      const errors = errorsOf('scenarios: [{ file: specs/broken.yml }]\npolicies: [idm]\n');
      expect(errors[0]).toMatch(/suite\.yaml:3:\d+: error: scenarios\[0\]: cannot load scenario .*broken\.yml: .*broken\.yml:9:11: error: duration/);
    } finally {
      fs.rmSync(path.join(dir, 'specs', 'broken.yml'));
    }
  });
});
