import { parseSuiteText } from '../../../eval/suite/load-suite';
import { SuiteError } from '../../../eval/suite/suite-error';
import { formatIssue } from '../../../scenarios/errors';

function errorsOf(text: string): string[] {
  try {
    parseSuiteText(text, 'suite.yaml');
  } catch (error) {
    if (error instanceof SuiteError) return error.issues.map(formatIssue);
    throw error;
  }
  throw new Error('expected a SuiteError');
}

const VALID = `version: 1
name: smoke
description: two scenarios
scenarios:
  - library: cut_in
  - file: specs/*.yaml
    grid: { gap: [10, 20], speed: { from: 5, to: 15, count: 3 } }
    set: { decel: 6 }
seeds: { from: 2, count: 3 }
policies: [idm, pure-pursuit]
cameras: [reference, model]
expected_failures:
  - { scenario: "cut_*", policy: pure-pursuit, reason: blind }
`;

describe('parseSuiteText', () => {
  test('reads a valid suite into typed data, with its folder and hash', () => {
    const suite = parseSuiteText(VALID, '/some/where/suite.yaml');
    expect(suite.spec.name).toBe('smoke');
    expect(suite.spec.scenarios[1]).toEqual({ file: 'specs/*.yaml', grid: { gap: [10, 20], speed: { from: 5, to: 15, count: 3 } }, set: { decel: 6 } });
    expect(suite.spec.seeds).toEqual({ from: 2, count: 3 });
    expect(suite.dir).toBe('/some/where');
    expect(suite.sha1).toMatch(/^[0-9a-f]{40}$/);
    expect(parseSuiteText(VALID, 'x.yaml').sha1).toBe(suite.sha1);
  });

  test.each<[string, string, RegExp]>([
    ['an unknown policy, with a suggestion', VALID.replace('[idm, pure-pursuit]', '[idm, pure-persuit]'), /^suite\.yaml:10:17: error: policies\[1\]: unknown policy 'pure-persuit' .*did you mean 'pure-pursuit'/],
    ['an unknown camera', VALID.replace('[reference, model]', '[refrence]'), /^suite\.yaml:11:11: error: cameras\[0\]: unknown camera source 'refrence'.*did you mean 'reference'/],
    ['a misspelt field', VALID.replace('seeds:', 'seed:'), /^suite\.yaml:9:1: error: seed: unknown field 'seed' \(did you mean 'seeds'\?\)/],
    ['a negative seed', VALID.replace('{ from: 2, count: 3 }', '[1, -2]'), /^suite\.yaml:9:\d+: error: seeds/],
    ['a grid count of zero', VALID.replace('count: 3', 'count: 0'), /^suite\.yaml:7:\d+: error: scenarios\[1\]\.grid\.speed/],
    ['a missing policies list', VALID.replace('policies: [idm, pure-pursuit]\n', ''), /^suite\.yaml:1:1: error: missing required field 'policies'/],
    ['no scenarios', VALID.replace(/scenarios:[\s\S]*?seeds/, 'scenarios: []\nseeds'), /error: scenarios: needs at least 1 item/],
    ['a wrong version', VALID.replace('version: 1', 'version: 2'), /^suite\.yaml:1:10: error: version: expected '1', got the number 2/],
    ['an empty file', '  \n', /^suite\.yaml:1:1: error: the file is empty/],
    ['a list at the top level', '- a\n- b\n', /the top level must be a mapping with version, name, scenarios and policies, got a list/],
    ['broken YAML', 'version: 1\nname: [oops\n', /^suite\.yaml:\d+:\d+: error: invalid YAML/],
    ['a duplicate key', 'version: 1\nversion: 1\n', /duplicate key 'version'/],
  ])('reports %s with file:line:col', (_name, text, expected) => {
    const errors = errorsOf(text);
    expect(errors.find((e) => expected.test(e)) ?? errors).toEqual(expect.any(String));
  });

  test('reports every problem of a file at once', () => {
    const text = VALID.replace('[idm, pure-pursuit]', '[idn]').replace('[reference, model]', '[camera]');
    expect(errorsOf(text)).toHaveLength(2);
  });
});
