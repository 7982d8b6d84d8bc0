/**
 * Acceptance: the shipped suite eval/suites/library.yaml (the whole library x trajectory, idm and
 * pure-pursuit) gives the expected verdicts in results.json and in junit.xml, and every verdict is
 * the one the suite expects (so `dreamdrive eval library` exits 0).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildResults, type ResultsDocument } from '../../eval/report/results-document';
import { writeReports } from '../../eval/report/write-reports';
import { expandSuite } from '../../eval/suite/expand-suite';
import { loadSuiteFile } from '../../eval/suite/load-suite';
import { runSuite } from '../../eval/suite/run-suite';
import { listLibrary } from '../../scenarios/library';
import { parseXml } from '../../scenarios/import/opendrive/xml-dom';
import { metricsFromJson } from '../../sim/metrics/metrics';
import { REPO_ROOT } from '../helpers/cli';

const SUITE = path.join(REPO_ROOT, 'eval', 'suites', 'library.yaml');

/**
 * [scenario, policy, verdict, collision with]. trajectory and idm as pinned in
 * test/scenarios/library.test.ts; pure-pursuit sees no other road user, so it hits the first one in
 * its way everywhere but on the S-bend, where the cyclist rides in the other lane.
 */
const EXPECTED: readonly [string, string, 'pass' | 'fail' | 'skipped', string | null][] = [
  ['lead_vehicle_hard_brake', 'trajectory', 'fail', 'lead'],
  ['lead_vehicle_hard_brake', 'idm', 'pass', null],
  ['lead_vehicle_hard_brake', 'pure-pursuit', 'fail', 'lead'],
  ['cut_in', 'trajectory', 'fail', 'cutter'],
  ['cut_in', 'idm', 'pass', null],
  ['cut_in', 'pure-pursuit', 'fail', 'cutter'],
  ['pedestrian_crossing', 'trajectory', 'fail', 'ped'],
  ['pedestrian_crossing', 'idm', 'pass', null],
  ['pedestrian_crossing', 'pure-pursuit', 'fail', 'ped'],
  ['curved_road', 'trajectory', 'pass', null],
  ['curved_road', 'idm', 'pass', null],
  ['curved_road', 'pure-pursuit', 'fail', 'lead'],
  ['s_bend', 'trajectory', 'pass', null],
  ['s_bend', 'idm', 'pass', null],
  ['s_bend', 'pure-pursuit', 'pass', null],
  ['overtake_truck', 'trajectory', 'pass', null],
  ['overtake_truck', 'idm', 'pass', null],
  ['overtake_truck', 'pure-pursuit', 'fail', 'truck'],
  ['highway_merge', 'trajectory', 'pass', null],
  ['highway_merge', 'idm', 'pass', null],
  ['highway_merge', 'pure-pursuit', 'fail', 'a2'],
  ['dense_lane_change', 'trajectory', 'pass', null],
  ['dense_lane_change', 'idm', 'pass', null],
  ['dense_lane_change', 'pure-pursuit', 'fail', 'l3'],
  ['stop_and_go', 'trajectory', 'skipped', null],
  ['stop_and_go', 'idm', 'pass', null],
  ['stop_and_go', 'pure-pursuit', 'fail', 'q1'],
  ['unprotected_left_turn', 'trajectory', 'pass', null],
  ['unprotected_left_turn', 'idm', 'pass', null],
  ['unprotected_left_turn', 'pure-pursuit', 'fail', 'oncoming'],
];

const idOf = (scenario: string, policy: string) => `${scenario}|-|seed=0|${policy}|none`;

let dir: string;
let results: ResultsDocument;
let junit: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'library-suite-'));
  const suite = loadSuiteFile(SUITE);
  const plan = expandSuite(suite);
  const run = await runSuite(plan.jobs, { outDir: dir, workers: 1, logs: 'failed-and-worst' });
  const files = writeReports(dir, buildResults(suite, plan, run, { dreamdriveVersion: 'test', createdAt: new Date(0) }));
  results = metricsFromJson<ResultsDocument>(fs.readFileSync(files.results, 'utf8'));
  junit = fs.readFileSync(files.junit, 'utf8');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the library suite', () => {
  test('covers every library scenario with the three built-in policies, and the table above covers every rollout', () => {
    expect(results.rollouts).toHaveLength(listLibrary().length * 3);
    expect(EXPECTED.map(([s, p]) => idOf(s, p)).sort()).toEqual(results.rollouts.map((r) => r.id).sort());
  });

  test.each(EXPECTED)('results.json: %s with %s -> %s (collision with %p)', (scenario, policy, verdict, collisionWith) => {
    const r = results.rollouts.find((x) => x.id === idOf(scenario, policy))!;
    expect({ verdict: r.verdict, collisionWith: r.metrics?.collision?.withId ?? null, asExpected: r.asExpected }).toEqual({ verdict, collisionWith, asExpected: true });
  });

  test('junit.xml: the same verdicts, one testcase per rollout', () => {
    const root = parseXml(junit, 'junit.xml');
    const cases = root.children.flatMap((s) => s.children.filter((c) => c.name === 'testcase'));
    const verdictOf = (name: string) => {
      const c = cases.find((x) => x.attrs.name === name)!;
      const kinds = c.children.map((x) => x.name).filter((n) => n !== 'properties');
      return kinds.length === 0 ? 'pass' : kinds[0] === 'failure' ? 'fail' : kinds[0];
    };
    expect(cases).toHaveLength(EXPECTED.length);
    for (const [scenario, policy, verdict] of EXPECTED) expect([scenario, policy, verdictOf(idOf(scenario, policy))]).toEqual([scenario, policy, verdict]);
    expect(root.attrs).toMatchObject({ tests: String(EXPECTED.length), failures: '12', errors: '0', skipped: '1' });
  });

  test('every verdict is the expected one, and the idm driver beats the baselines', () => {
    expect(results.summary.unexpected).toBe(0);
    const score = (policy: string) => results.overall.find((o) => o.policy === policy)!.score!;
    expect(score('idm')).toBeGreaterThan(score('trajectory'));
    expect(score('trajectory')).toBeGreaterThan(score('pure-pursuit'));
  });
});
