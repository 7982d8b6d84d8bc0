import * as path from 'node:path';
import { SpecError, type SpecIssue } from '../../scenarios/errors';
import { loadSpecFile, parseSpecText } from '../../scenarios/load-spec';
import { resolveSpec } from '../../scenarios/resolve';
import { FIXTURES, fakeLaneIds } from './spec-test-helpers';

function issuesOf(text: string, file = 'spec.yaml'): SpecIssue[] {
  try {
    parseSpecText(text, file);
  } catch (error) {
    if (error instanceof SpecError) return [...error.issues];
    throw error;
  }
  return [];
}

describe('loadSpecFile', () => {
  it.each(['minimal.yaml', 'cut-in.yaml', 'v1-cut-in.yaml'])('loads and resolves the good fixture %s', (name) => {
    const { spec } = loadSpecFile(path.join(FIXTURES, 'good', name));
    expect(() => resolveSpec(spec, { laneIds: fakeLaneIds })).not.toThrow();
  });

  it('names a missing file', () => {
    expect(() => loadSpecFile('/nonexistent/spec.yaml')).toThrow(/cannot read the file: ENOENT/);
  });
});

describe('parseSpecText positions', () => {
  it('points an error at the line and column of the offending value', () => {
    const text = ['version: 2', 'name: t', 'duration: 10', 'road: { type: straight, length: 300 }', 'ego:', '  start: { lane: lane0, s: -4 }'].join('\n');
    expect(issuesOf(text)).toEqual([expect.objectContaining({ path: 'ego.start.s', line: 6, col: 28, message: 'must be at least 0, got -4' })]);
  });

  it('points an unknown field at its key', () => {
    const text = ['version: 2', 'name: t', 'duration: 10', 'road: { type: straight, length: 300 }', 'ego:', '  start: { lane: lane0, s: 4 }', '  colour: red'].join('\n');
    expect(issuesOf(text)[0]).toMatchObject({ path: 'ego.colour', line: 7, col: 3, message: "unknown field 'colour' (allowed: class, size, start, route, trajectory)" });
  });

  it('says JSON for .json files and YAML otherwise', () => {
    expect(issuesOf('{"version": 2,, }', 'a.json')[0].message).toMatch(/^invalid JSON: /);
    expect(issuesOf('a: [1, 2', 'a.yaml')[0].message).toMatch(/^invalid YAML: /);
  });

  it('refuses a document that is not a mapping, or empty', () => {
    expect(issuesOf('42')[0].message).toBe('the top level must be a mapping of fields (version, name, duration, road, ego, actors, ...), got a single value (42)');
    expect(issuesOf('')[0].message).toContain('the file is empty');
  });

  it('refuses duplicate keys, with the key named', () => {
    expect(issuesOf('version: 2\nname: a\nname: b\n')[0]).toMatchObject({ message: "duplicate key 'name' (each key may appear once)", line: 3, col: 1 });
  });

  it('refuses custom YAML tags', () => {
    expect(issuesOf('version: 2\nname: !!js/function "x"\n')[0].message).toContain('Unresolved tag');
  });

  it('survives absurdly deep flow nesting without a stack overflow', () => {
    expect(issuesOf(`version: 2\nname: ${'['.repeat(100_000)}`).length).toBeGreaterThan(0);
  });

  it('accepts a few ordinary aliases', () => {
    const text = ['version: 2', 'name: t', 'duration: 10', 'road: { type: straight, length: 300 }', 'ego:', '  start: &s { lane: lane0, s: 4 }', 'actors:', '  - { id: a, start: *s, behaviour: { type: parked } }'].join('\n');
    expect(parseSpecText(text, 'a.yaml').spec.actors?.[0].start).toEqual({ lane: 'lane0', s: 4 });
  });

  it('checks expression syntax at load time, before parameters are known', () => {
    const text = ['version: 2', 'name: t', 'duration: "10 *"', 'road: { type: straight, length: 300 }', 'ego: { start: { lane: lane0, s: 4 } }'].join('\n');
    expect(issuesOf(text)[0]).toMatchObject({ path: 'duration', line: 3, expression: '10 *' });
  });
});

describe('format migration on load', () => {
  it('upgrades version 1 and warns once per change, at the old key', () => {
    const { spec, warnings } = loadSpecFile(path.join(FIXTURES, 'good', 'v1-cut-in.yaml'));
    expect(spec.version).toBe(2);
    expect(spec.road.type).toBe('straight');
    expect(spec.actors?.[0].behaviour.type).toBe('idm');
    expect(spec.criteria).toBe('not collision');
    expect(warnings.map((w) => [w.path, w.line])).toEqual([
      ['format', 3],
      ['road.kind', 6],
      ['actors[0].behavior', 12],
      ['pass_if', 18],
    ]);
  });

  it('locates errors in a migrated file at the old key names', () => {
    const text = ['format: 1', 'name: t', 'duration: 10', 'road: { kind: straight, length: -1 }', 'ego: { start: { lane: lane0, s: 4 } }'].join('\n');
    expect(issuesOf(text).find((i) => i.severity === 'error')).toMatchObject({ path: 'road.length', line: 4, col: 33 });
  });
});
