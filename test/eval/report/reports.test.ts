/**
 * @jest-environment ./test/model/runtime/onnx-test-environment.ts
 *
 * results.json, junit.xml and report.html of one small real suite: two scenarios (and one entry
 * whose parameters cannot be built) x two policies x both camera sources (the model camera runs the
 * shipped world model), so that every verdict occurs (pass, expected failures, errors, skipped) and
 * the report has a gap section. The second scenario is a 3 s spec without an authored trajectory
 * (logs with camera frames are the slow part).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildResults, resultsJson, type ResultsDocument } from '../../../eval/report/results-document';
import { junitXml, xmlEscape } from '../../../eval/report/junit-xml';
import { reportHtml } from '../../../eval/report/report-html';
import { writeReports } from '../../../eval/report/write-reports';
import { expandSuite } from '../../../eval/suite/expand-suite';
import { parseSuiteText } from '../../../eval/suite/load-suite';
import { runSuite } from '../../../eval/suite/run-suite';
import { parseXml, type XmlElement } from '../../../scenarios/import/opendrive/xml-dom';
import { metricsFromJson } from '../../../sim/metrics/metrics';

const SUITE = `version: 1
name: mini
description: hard brake and a short drive, both cameras
scenarios:
  - library: lead_vehicle_hard_brake
  - file: short_drive.yaml
  - file: short_drive.yaml
    set: { start_s: 500 }
policies: [trajectory, idm]
cameras: [reference, model]
expected_failures:
  - { scenario: lead_vehicle_hard_brake, policy: trajectory, reason: keeps its speed }
`;

/** No authored trajectory: the trajectory policy does not apply (skipped). */
const SHORT_DRIVE = `version: 2
name: short_drive
parameters:
  start_s: { value: 10, min: 0, max: 1000 }
duration: 3
road: { type: straight, length: 300, lanes: 1 }
ego: { start: { lane: lane0, s: start_s, speed: 10 }, route: [lane0] }
criteria: "not collision"
`;

let dir: string;
let doc: ResultsDocument;
let files: { results: string; junit: string; html: string };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-reports-'));
  fs.writeFileSync(path.join(dir, 'short_drive.yaml'), SHORT_DRIVE);
  const suite = parseSuiteText(SUITE, path.join(dir, 'mini.yaml'));
  const plan = expandSuite(suite);
  // The three worst rollouts (the two failures among them) keep the logged, rendered frames few.
  const run = await runSuite(plan.jobs, { outDir: dir, workers: 1, logs: 'failed-and-worst', worstLogged: 3 });
  doc = buildResults(suite, plan, run, { dreamdriveVersion: '0.0.0-test', createdAt: new Date('2025-01-02T03:04:05Z') });
  files = writeReports(dir, doc);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function children(e: XmlElement, name: string): XmlElement[] {
  return e.children.filter((c) => c.name === name);
}

describe('results.json', () => {
  test('records the metric version, the aggregation rules and every rollout with its verdict', () => {
    const read = metricsFromJson<ResultsDocument>(fs.readFileSync(files.results, 'utf8'));
    expect(read.format).toBe('dreamdrive-eval-results/1');
    expect(read.metricsVersion).toBe('dreamdrive-metrics/1');
    expect(read.aggregation.version).toBe('dreamdrive-aggregation/1');
    const verdicts = Object.fromEntries(read.rollouts.map((r) => [r.id, r.verdict]));
    expect(verdicts).toEqual({
      'lead_vehicle_hard_brake|-|seed=0|trajectory|reference': 'fail',
      'lead_vehicle_hard_brake|-|seed=0|trajectory|model': 'fail',
      'lead_vehicle_hard_brake|-|seed=0|idm|reference': 'pass',
      'lead_vehicle_hard_brake|-|seed=0|idm|model': 'pass',
      'short_drive|-|seed=0|trajectory|reference': 'skipped',
      'short_drive|-|seed=0|trajectory|model': 'skipped',
      'short_drive|-|seed=0|idm|reference': 'pass',
      'short_drive|-|seed=0|idm|model': 'pass',
      // The policy is checked before the start position: it does not apply, whatever the parameters.
      'short_drive|start_s=500|seed=0|trajectory|reference': 'skipped',
      'short_drive|start_s=500|seed=0|trajectory|model': 'skipped',
      'short_drive|start_s=500|seed=0|idm|reference': 'error',
      'short_drive|start_s=500|seed=0|idm|model': 'error',
    });
    expect(read.summary).toEqual({ rollouts: 12, passed: 4, failed: 2, errors: 2, skipped: 4, expectedFailures: 2, unexpected: 2 });
    // Infinity survives the round trip (min_ttc of a rollout without conflict is legal).
    expect(read).toEqual(metricsFromJson(resultsJson(doc)));
  });

  test('aggregates per scenario and overall; the gap of policies that do not read the camera is zero', () => {
    const idmRef = doc.overall.find((o) => o.policy === 'idm' && o.camera === 'reference')!;
    // Two scenarios (the unbuildable cell is a rollout of short_drive): 1 and 1/2 passed.
    expect(idmRef).toMatchObject({ scenarios: 2, passRate: 0.75, errors: 1 });
    expect(doc.gap.map((g) => `${g.policy}/${g.scenario}`)).toEqual(['idm/null', 'idm/lead_vehicle_hard_brake', 'idm/short_drive', 'trajectory/null', 'trajectory/lead_vehicle_hard_brake', 'trajectory/short_drive']);
    for (const g of doc.gap) {
      // trajectory on short_drive was skipped under both cameras: nothing to compare.
      const skipped = g.policy === 'trajectory' && g.scenario === 'short_drive';
      for (const v of g.values) expect(v.difference).toBe(skipped ? null : 0);
    }
  });

  test('records what each camera made: the model warms up on reference frames, then predicts', () => {
    const byId = (id: string) => doc.rollouts.find((r) => r.id === id)!;
    const model = byId('short_drive|-|seed=0|idm|model').cameraStats!;
    const reference = byId('short_drive|-|seed=0|idm|reference').cameraStats!;
    expect(reference).toMatchObject({ label: 'reference', frames: 31, referenceFrames: 31, modelFrames: 0 });
    expect(model.frames).toBe(31);
    expect(model.modelFrames).toBeGreaterThan(0);
    expect(model.referenceFrames + model.modelFrames).toBe(31);
  });

  test('has logs for the failed and the worst rollouts, each rerun ending in the state of its first run', () => {
    expect(doc.run.determinismFailures).toEqual([]);
    const logged = doc.rollouts.filter((r) => r.log !== null);
    // The failures and the three lowest scores: the two failures (0) and lead_vehicle_hard_brake
    // with idm (it brakes hard: uncomfortable), the first in job order of two equal scores.
    expect(logged.map((r) => r.id)).toEqual([
      'lead_vehicle_hard_brake|-|seed=0|trajectory|reference',
      'lead_vehicle_hard_brake|-|seed=0|trajectory|model',
      'lead_vehicle_hard_brake|-|seed=0|idm|reference',
    ]);
    for (const r of logged) expect(fs.existsSync(path.join(dir, r.log!))).toBe(true);
  });
});

describe('junit.xml', () => {
  test('is well-formed XML with one testsuite per scenario and one testcase per rollout', () => {
    const root = parseXml(fs.readFileSync(files.junit, 'utf8'), 'junit.xml');
    expect(root.name).toBe('testsuites');
    expect(root.attrs).toMatchObject({ tests: '12', failures: '2', errors: '2', skipped: '4' });
    const suites = children(root, 'testsuite');
    expect(suites.map((s) => s.attrs.name)).toEqual(['lead_vehicle_hard_brake', 'short_drive']);
    const cases = suites.flatMap((s) => children(s, 'testcase'));
    expect(cases.map((c) => c.attrs.name)).toEqual(doc.rollouts.map((r) => r.id));
    const byId = new Map(cases.map((c) => [c.attrs.name, c]));
    const failure = children(byId.get('lead_vehicle_hard_brake|-|seed=0|trajectory|reference')!, 'failure')[0];
    expect(failure.attrs.type).toBe('criteria');
    expect(failure.attrs.message).toMatch(/^criteria 'not collision' failed: collision = true \(with 'lead' at [\d.]+ s\) \(expected failure/);
    const error = children(byId.get('short_drive|start_s=500|seed=0|idm|model')!, 'error')[0];
    expect(error.attrs.message).toMatch(/start_s|lane0/);
    expect(children(byId.get('short_drive|-|seed=0|trajectory|reference')!, 'skipped')[0].attrs.message).toContain('ego.trajectory');
    const passed = byId.get('lead_vehicle_hard_brake|-|seed=0|idm|reference')!;
    expect(passed.children.map((c) => c.name)).toEqual(['properties']);
    const props = Object.fromEntries(children(passed, 'properties')[0].children.map((p) => [p.attrs.name, p.attrs.value]));
    expect(props).toMatchObject({ policy: 'idm', camera: 'reference', seed: '0', expected: 'pass' });
    expect(props.log).toMatch(/^logs\/lead_vehicle_hard_brake_-_seed=0_idm_reference-[0-9a-f]{8}\.mcap$/);
  });

  test('turns an expected failure that passed into a failure, as a strict xfail', () => {
    const flipped = { ...doc, rollouts: doc.rollouts.map((r) => (r.verdict === 'pass' ? { ...r, expected: 'fail' as const, asExpected: false } : r)) };
    const root = parseXml(junitXml(flipped), 'junit.xml');
    const unexpected = children(root, 'testsuite')
      .flatMap((s) => children(s, 'testcase'))
      .flatMap((c) => children(c, 'failure'))
      .filter((f) => f.attrs.type === 'unexpected-pass');
    expect(unexpected).toHaveLength(4);
    expect(root.attrs.failures).toBe('6');
  });

  test.each<[string, string]>([
    ['a < b & c > d', 'a &lt; b &amp; c &gt; d'],
    [`"quoted" 'single'`, '&quot;quoted&quot; &apos;single&apos;'],
    ['bell\u0007 and nul\u0000', 'bell\uFFFD and nul\uFFFD'],
    ['tab\tnewline\n', 'tab\tnewline\n'],
  ])('escapes %p', (text, expected) => {
    expect(xmlEscape(text)).toBe(expected);
  });
});

describe('report.html', () => {
  let html: string;
  beforeAll(() => (html = fs.readFileSync(files.html, 'utf8')));

  test('is self-contained: no script, no stylesheet or image fetched from anywhere', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|url\(/i);
    // The only URL is the SVG namespace, which is a name, not a fetch.
    expect(html.match(/https?:\/\/[^"\s]+/g)!.every((u) => u === 'http://www.w3.org/2000/svg')).toBe(true);
  });

  test('states the metric version and the aggregation formula at each level', () => {
    expect(html).toContain('dreamdrive-metrics/1');
    expect(html).toContain('dreamdrive-aggregation/1');
    expect(html).toContain('score = NC * DAC * (5 TTC + 2 C + 5 EP) / 12');
    expect(html).toContain('every scenario weighs the same');
  });

  test('draws the min TTC and progress histograms as inline SVG', () => {
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain('min time-to-collision per rollout');
    expect(html).toContain('progress per rollout');
  });

  test('links the worst rollouts to logs that exist, by paths relative to the report', () => {
    const links = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      expect(path.isAbsolute(link)).toBe(false);
      expect(fs.existsSync(path.join(dir, link))).toBe(true);
    }
  });

  test('has a gap section only when the suite ran both cameras', () => {
    expect(html).toContain('Neural-simulation gap');
    const oneCamera = { ...doc, gap: [], rollouts: doc.rollouts.filter((r) => r.camera === 'reference') };
    expect(reportHtml(oneCamera)).not.toContain('Neural-simulation gap');
  });
});
