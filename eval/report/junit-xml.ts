/**
 * junit.xml: one <testsuite> per scenario, one <testcase> per rollout (named by its stable id), so
 * that CI systems (GitLab, Jenkins, GitHub test reporters) list scenario failures like test failures.
 *
 *   fail                       -> <failure type="criteria"> with the criteria and the metrics they name
 *   error                      -> <error type="error"> with why the rollout could not run
 *   skipped                    -> <skipped> with the reason (the policy does not apply)
 *   pass, expected to fail     -> <failure type="unexpected-pass"> (as pytest's strict xfail): a
 *                                 pinned expectation that no longer holds must be looked at
 *
 * An expected failure stays a <failure> (the scenario does fail); its message says it is expected.
 * Properties carry the score, seed, policy, camera, parameters and the log path.
 */
import type { ResultsDocument } from './results-document';
import type { RolloutOutcome } from '../suite/rollout-outcome';

/** Characters XML 1.0 does not allow at all (they cannot even be escaped). */
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function xmlEscape(text: string): string {
  return text.replace(INVALID_XML, '\uFFFD').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const seconds = (s: number) => s.toFixed(3);

function properties(o: RolloutOutcome): string {
  const props: [string, string][] = [
    ['policy', o.policy],
    ['camera', o.camera],
    ['seed', String(o.seed)],
    ['parameters', JSON.stringify(o.parameters)],
    ['expected', o.expected],
  ];
  if (o.metrics !== null) props.push(['score', String(o.metrics.values.score)]);
  if (o.log !== null) props.push(['log', o.log]);
  return `      <properties>\n${props.map(([k, v]) => `        <property name="${xmlEscape(k)}" value="${xmlEscape(v)}"/>`).join('\n')}\n      </properties>\n`;
}

function outcomeElement(o: RolloutOutcome): string {
  const message = o.message ?? '';
  if (o.verdict === 'fail') {
    const note = o.expected === 'fail' ? ' (expected failure: listed in the suite\'s expected_failures)' : '';
    return `      <failure type="criteria" message="${xmlEscape(message + note)}">${xmlEscape(`${message}${note}\ncriteria: ${o.criteria ?? ''}`)}</failure>\n`;
  }
  if (o.verdict === 'error') return `      <error type="error" message="${xmlEscape(message)}">${xmlEscape(message)}</error>\n`;
  if (o.verdict === 'skipped') return `      <skipped message="${xmlEscape(message)}"/>\n`;
  if (o.expected === 'fail') {
    const text = "passed, but the suite lists it under expected_failures: update the suite if the policy improved";
    return `      <failure type="unexpected-pass" message="${xmlEscape(text)}">${xmlEscape(text)}</failure>\n`;
  }
  return '';
}

function counts(list: readonly RolloutOutcome[]) {
  return {
    tests: list.length,
    failures: list.filter((o) => o.verdict === 'fail' || (o.verdict === 'pass' && o.expected === 'fail')).length,
    errors: list.filter((o) => o.verdict === 'error').length,
    skipped: list.filter((o) => o.verdict === 'skipped').length,
    time: list.reduce((t, o) => t + o.wallS, 0),
  };
}

function attributes(c: ReturnType<typeof counts>, time: number): string {
  return `tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}" time="${seconds(time)}"`;
}

export function junitXml(doc: ResultsDocument): string {
  const byScenario = new Map<string, RolloutOutcome[]>();
  for (const o of doc.rollouts) {
    const list = byScenario.get(o.scenario);
    if (list === undefined) byScenario.set(o.scenario, [o]);
    else list.push(o);
  }
  const suites = [...byScenario].map(([scenario, list]) => {
    const c = counts(list);
    const cases = list
      .map((o) => `    <testcase classname="${xmlEscape(`${doc.suite.name}.${scenario}`)}" name="${xmlEscape(o.id)}" time="${seconds(o.wallS)}">\n${properties(o)}${outcomeElement(o)}    </testcase>`)
      .join('\n');
    return `  <testsuite name="${xmlEscape(scenario)}" ${attributes(c, c.time)} timestamp="${doc.createdAt.slice(0, 19)}">\n${cases}\n  </testsuite>`;
  });
  const all = counts(doc.rollouts);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xmlEscape(`dreamdrive eval ${doc.suite.name}`)}" ${attributes(all, doc.run.wallS)}>\n${suites.join('\n')}\n</testsuites>\n`;
}
