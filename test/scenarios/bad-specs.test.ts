import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SpecError, formatIssue, type SpecIssue } from '../../scenarios/errors';
import { loadSpecFile, parseSpecText } from '../../scenarios/load-spec';
import { parseOverrides } from '../../scenarios/parameters';
import { resolveSpec } from '../../scenarios/resolve';
import { MAX_SPEC_BYTES } from '../../scenarios/yaml-source';
import { FIXTURES, fakeLaneIds } from './spec-test-helpers';

interface Expectation {
  readonly expect: string;
  readonly path?: string;
  readonly overrides: readonly string[];
}

/** Reads `# expect:`, `# path:` and `# overrides:` lines (a YAML comment header, or a `.expect` sidecar). */
function expectationOf(file: string): Expectation {
  const sidecar = `${file}.expect`;
  const text = fs.existsSync(sidecar) ? fs.readFileSync(sidecar, 'utf8') : fs.readFileSync(file, 'utf8');
  const field = (name: string) => new RegExp(`^#?\\s*${name}:(.*)$`, 'm').exec(text)?.[1].trim();
  const expect = field('expect');
  if (expect === undefined) throw new Error(`${file} has no 'expect:' line`);
  const pathLine = field('path');
  return { expect, ...(pathLine === undefined ? {} : { path: pathLine }), overrides: field('overrides')?.split(/\s+/) ?? [] };
}

function loadAndResolve(file: string, overrides: readonly string[]): SpecError {
  try {
    const { spec } = loadSpecFile(file);
    resolveSpec(spec, { laneIds: fakeLaneIds, overrides: parseOverrides(overrides) });
  } catch (error) {
    if (error instanceof SpecError) return error;
    throw error;
  }
  throw new Error(`${file} loaded without an error`);
}

const BAD = path.join(FIXTURES, 'bad');
const fixtures = fs
  .readdirSync(BAD)
  .filter((name) => /\.(ya?ml|json)$/.test(name))
  .sort();

describe('malformed spec fixtures', () => {
  it('cover at least fifteen kinds of mistake', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(15);
  });

  it.each(fixtures)('%s is refused with a SpecError that names the problem, its path and its line', (name) => {
    const file = path.join(BAD, name);
    const expectation = expectationOf(file);
    const error = loadAndResolve(file, expectation.overrides);
    const matching = error.issues.filter((issue: SpecIssue) => issue.message.includes(expectation.expect));
    if (matching.length === 0) throw new Error(`expected '${expectation.expect}' in:\n${error.message}`);
    const issue = matching[0];
    expect(issue.severity).toBe('error');
    expect(issue.file).toBe(file);
    expect(issue.line).toBeGreaterThan(0);
    expect(issue.col).toBeGreaterThan(0);
    expect(typeof issue.path).toBe('string');
    if (expectation.path !== undefined) expect(issue.path).toBe(expectation.path);
    expect(error.message).toContain(formatIssue(issue));
  });
});

describe('file size limit', () => {
  it('refuses a 10 MB file before parsing it, naming its size', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dreamdrive-spec-'));
    const file = path.join(dir, 'huge.yaml');
    try {
      const filler = `# ${'x'.repeat(1022)}\n`;
      fs.writeFileSync(file, `version: 2\nname: huge\n${filler.repeat(10 * 1024)}`);
      const error = loadAndResolve(file, []);
      expect(error.issues[0].message).toMatch(/file is 10\.0 MB; the limit for a scenario spec is 1 MB/);
      expect(error.issues[0].line).toBe(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('applies the same limit to text handed in directly', () => {
    const text = `version: 2\n#${'x'.repeat(MAX_SPEC_BYTES)}\n`;
    expect(() => parseSpecText(text, 'big.yaml')).toThrow(/limit for a scenario spec is 1 MB/);
  });
});

describe('error collection', () => {
  it('reports every error of a file at once, not only the first', () => {
    const text = ['version: 2', 'name: Bad Name', 'duration: -1', 'road: { type: straight, length: 0 }', 'ego: { start: { lane: lane0, s: 1 }, colour: red }'].join('\n');
    let error: SpecError | undefined;
    try {
      parseSpecText(text, 'many.yaml');
    } catch (e) {
      error = e as SpecError;
    }
    const paths = error?.issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'duration', 'road.length', 'ego.colour']));
  });

  it('formats an issue as file:line:col: severity: path: message', () => {
    const issue: SpecIssue = { file: 'a.yaml', path: 'actors[2].behaviour.target_lane', line: 12, col: 7, message: "unknown lane 'lane9' (lanes: lane0, lane1, lane2)", severity: 'error' };
    expect(formatIssue(issue)).toBe("a.yaml:12:7: error: actors[2].behaviour.target_lane: unknown lane 'lane9' (lanes: lane0, lane1, lane2)");
  });
});
