import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../../api/atomic-write';
// The module object itself (not the namespace copy `import * as` makes), so that a spy reaches
// the functions atomic-write.ts calls.
import fsModule = require('node:fs');

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atomic-write-'));
});

afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Everything in `dir`, recursively, as sorted relative paths. */
function listing(): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).map(String).sort();
}

describe('writeFileAtomic', () => {
  test.each<[string, string | Uint8Array, string]>([
    ['a string as UTF-8', 'héllo\nwörld', 'héllo\nwörld'],
    ['bytes as they are', new Uint8Array([0x61, 0x62, 0x63]), 'abc'],
    ['an empty file', '', ''],
  ])('writes %s', (_name, data, expected) => {
    const file = path.join(dir, 'out.txt');
    writeFileAtomic(file, data);
    expect(fs.readFileSync(file, 'utf8')).toBe(expected);
    expect(listing()).toEqual(['out.txt']);
  });

  test('replaces an existing file’s content completely', () => {
    const file = path.join(dir, 'out.txt');
    fs.writeFileSync(file, 'a much longer old content');
    writeFileAtomic(file, 'new');
    expect(fs.readFileSync(file, 'utf8')).toBe('new');
    expect(listing()).toEqual(['out.txt']);
  });

  test('creates missing parent directories', () => {
    const file = path.join(dir, 'a', 'b', 'out.json');
    writeFileAtomic(file, '{}');
    expect(fs.readFileSync(file, 'utf8')).toBe('{}');
  });

  test('throws, and leaves nothing behind, when the parent is a file', () => {
    fs.writeFileSync(path.join(dir, 'blocker'), 'keep me');
    expect(() => writeFileAtomic(path.join(dir, 'blocker', 'out.txt'), 'x')).toThrow();
    expect(listing()).toEqual(['blocker']);
    expect(fs.readFileSync(path.join(dir, 'blocker'), 'utf8')).toBe('keep me');
  });

  test('keeps the old file and removes its temp file when writing fails part way', () => {
    const file = path.join(dir, 'out.txt');
    fs.writeFileSync(file, 'old');
    jest.spyOn(fsModule, 'fsyncSync').mockImplementation(() => {
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    });
    expect(() => writeFileAtomic(file, 'new')).toThrow('ENOSPC');
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
    expect(listing()).toEqual(['out.txt']);
  });

  test('removes its temp file when the final rename fails (the target is a directory)', () => {
    const target = path.join(dir, 'taken');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'inside.txt'), 'keep me');
    expect(() => writeFileAtomic(target, 'new')).toThrow();
    expect(fs.readFileSync(path.join(target, 'inside.txt'), 'utf8')).toBe('keep me');
    expect(listing()).toEqual(['taken', path.join('taken', 'inside.txt')]);
  });
});
