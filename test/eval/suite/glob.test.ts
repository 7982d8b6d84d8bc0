import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { globToRegExp, hasGlob, matchFiles, matchNames } from '../../../eval/suite/glob';

describe('globToRegExp', () => {
  test.each<[string, string, boolean]>([
    ['*', 'cut_in', true],
    ['cut_*', 'cut_in', true],
    ['cut_*', 'a/cut_in', false],
    ['*_turn', 'unprotected_left_turn', true],
    ['c?t_in', 'cut_in', true],
    ['c?t_in', 'cuut_in', false],
    ['specs/*.yaml', 'specs/a.yaml', true],
    ['specs/*.yaml', 'specs/deep/a.yaml', false],
    ['specs/**/*.yaml', 'specs/a.yaml', true],
    ['specs/**/*.yaml', 'specs/deep/er/a.yaml', true],
    ['a.yaml', 'aXyaml', false],
    ['(x)+[y]', '(x)+[y]', true],
  ])('%s matches %s: %p', (pattern, text, expected) => {
    expect(globToRegExp(pattern).test(text)).toBe(expected);
  });

  test('hasGlob tells patterns from plain names', () => {
    expect(hasGlob('cut_in')).toBe(false);
    expect(hasGlob('cut_*')).toBe(true);
    expect(hasGlob('a?')).toBe(true);
  });

  test('matchNames keeps the given order', () => {
    expect(matchNames(['b_x', 'a_x', 'c_y'], '*_x')).toEqual(['b_x', 'a_x']);
  });
});

describe('matchFiles', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glob-test-'));
    for (const f of ['specs/b.yaml', 'specs/a.yaml', 'specs/notes.txt', 'specs/deep/c.json', 'top.yml']) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), 'x');
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const spec = (p: string) => /\.(ya?ml|json)$/.test(p);
  const rel = (paths: string[]) => paths.map((p) => path.relative(dir, p).split(path.sep).join('/'));

  test.each<[string, string[]]>([
    ['specs/*.yaml', ['specs/a.yaml', 'specs/b.yaml']],
    ['specs/*', ['specs/a.yaml', 'specs/b.yaml']],
    ['specs/**/*', ['specs/a.yaml', 'specs/b.yaml', 'specs/deep/c.json']],
    ['**/*.json', ['specs/deep/c.json']],
    ['top.yml', ['top.yml']],
    ['missing.yaml', []],
    ['nowhere/*.yaml', []],
  ])('%s finds %p (sorted, spec files only)', (pattern, expected) => {
    expect(rel(matchFiles(dir, pattern, spec))).toEqual(expected);
  });

  test('takes absolute patterns as they are', () => {
    expect(rel(matchFiles('/elsewhere', `${dir}/specs/*.yaml`, spec))).toEqual(['specs/a.yaml', 'specs/b.yaml']);
  });
});
