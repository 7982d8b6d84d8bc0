import { IssueSink } from '../../scenarios/errors';
import { formatOf, MAX_ALIAS_COUNT, MAX_NESTING_DEPTH, parseSource } from '../../scenarios/yaml-source';

function parse(text: string, format: 'yaml' | 'json' = 'yaml') {
  const sink = new IssueSink('s.yaml');
  const parsed = parseSource(text, format, sink);
  return { ...parsed, messages: sink.issues.map((i) => `${i.line}:${i.col} ${i.message}`) };
}

describe('parseSource', () => {
  it('locates values and keys by path (hand-counted positions)', () => {
    const { locate } = parse(['name: x', 'actors:', '  - id: a', '    start: { lane: lane0, s: 4 }'].join('\n'));
    expect(locate(['actors', 0, 'start', 's'])).toEqual({ line: 4, col: 30 });
    expect(locate(['actors', 0, 'start'], true)).toEqual({ line: 4, col: 5 });
    expect(locate(['actors', 0, 'missing'])).toEqual({ line: 3, col: 5 }); // deepest part that exists
    expect(locate([])).toEqual({ line: 1, col: 1 });
  });

  it('reads JSON as the same data JSON.parse gives (round trip)', () => {
    const data = { version: 2, name: 'j', road: { type: 'straight', length: 1.5e2 }, tags: ['a', 'b'], ok: true, none: null };
    const text = JSON.stringify(data, null, 2);
    expect(parse(text, 'json').value).toEqual(JSON.parse(text));
  });

  it.each([
    ['a: 1\na: 2', "2:1 duplicate key 'a' (each key may appear once)"],
    [`a: ${'['.repeat(MAX_NESTING_DEPTH + 5)}${']'.repeat(MAX_NESTING_DEPTH + 5)}`, `nesting deeper than ${MAX_NESTING_DEPTH} levels`],
    ['a: [1, 2', 'invalid YAML: '],
    ['a: 1\n---\nb: 2', 'invalid YAML: Source contains multiple documents'],
  ])('refuses %j', (text, message) => {
    expect(parse(text).messages.join('\n')).toContain(message);
  });

  it(`allows up to about ${MAX_ALIAS_COUNT} alias expansions and refuses an exponential anchor bomb`, () => {
    const fine = ['base: &b { x: 1 }', ...Array.from({ length: 20 }, (_, i) => `k${i}: *b`)].join('\n');
    expect(parse(fine).messages).toEqual([]);
    const bomb = ['a: &a [1, 1, 1, 1, 1, 1, 1, 1]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c]'].join('\n');
    expect(parse(bomb).messages[0]).toMatch(/^2:8 too many YAML aliases/);
  });

  it('tells JSON files from YAML by extension', () => {
    expect([formatOf('a.JSON'), formatOf('a.yaml'), formatOf('a.yml'), formatOf('json')]).toEqual(['json', 'yaml', 'yaml', 'yaml']);
  });
});
