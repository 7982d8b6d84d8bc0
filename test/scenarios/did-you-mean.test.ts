import { closestName, didYouMean, editDistance, listNames } from '../../scenarios/did-you-mean';

describe('editDistance', () => {
  it.each([
    ['kitten', 'sitting', 3],
    ['behavior', 'behaviour', 1],
    ['', 'abc', 3],
    ['same', 'same', 0],
    ['mrege', 'merge', 1], // a swap of neighbours is one edit
  ])('%s -> %s is %d edits', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d); // symmetric
  });
});

describe('closestName', () => {
  it.each([
    ['behavior', ['behaviour', 'class', 'start'], 'behaviour'],
    ['lenght', ['length', 'lanes'], 'length'],
    ['spd', ['speed', 'gap'], 'speed'],
    ['Lane1', ['lane1', 'lane2'], 'lane1'],
    ['lane9', ['lane0', 'lane1'], undefined],
    ['xyz', ['speed', 'gap'], undefined],
    ['a', ['b', 'c'], undefined],
  ])('%s among %j is %s', (word, candidates, expected) => {
    expect(closestName(word, candidates)).toBe(expected);
  });

  it('formats a suggestion or nothing', () => {
    expect(didYouMean('tme', ['time'])).toBe(" (did you mean 'time'?)");
    expect(didYouMean('zzz', ['time'])).toBe('');
  });

  it('lists names up to a limit', () => {
    expect(listNames(['a', 'b', 'c'], 2)).toBe('a, b, ... (1 more)');
  });
});
