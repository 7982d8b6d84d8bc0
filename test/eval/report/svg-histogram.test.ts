import { binIndex, histogramCounts, histogramSvg } from '../../../eval/report/svg-histogram';
import { MIN_TTC_BINS, PROGRESS_BINS } from '../../../eval/report/report-html';

describe('binIndex', () => {
  test.each<[number, number]>([
    [0, 0],
    [0.49, 0],
    [0.5, 1],
    [2.99, 5],
    [3, 5],
    [Infinity, 6],
  ])('puts min TTC %p s in bin %p', (v, bin) => {
    expect(binIndex(v, MIN_TTC_BINS.edges)).toBe(bin);
  });

  test('puts a complete route (1.0) in the last progress bin, and 0 in the first', () => {
    expect(binIndex(1, PROGRESS_BINS.edges)).toBe(9);
    expect(binIndex(0, PROGRESS_BINS.edges)).toBe(0);
  });
});

describe('histogramCounts', () => {
  test('counts every value once', () => {
    const values = [0, 0.2, 0.7, 1.2, Infinity, Infinity, 2.6];
    const counts = histogramCounts(values, MIN_TTC_BINS);
    expect(counts).toEqual([2, 1, 1, 0, 0, 1, 2]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(values.length);
  });
});

describe('histogramSvg', () => {
  test('draws one bar per non-empty (bin, series) with a tooltip, and escapes names', () => {
    const svg = histogramSvg('t', 'x', MIN_TTC_BINS, [
      { name: 'idm <a>', colour: '#000', values: [0, Infinity] },
      { name: 'b', colour: '#111', values: [Infinity] },
    ]);
    expect(svg.match(/<rect [^>]*><title>/g)).toHaveLength(3);
    expect(svg).toContain('idm &lt;a&gt;: 1 in none');
    expect(svg).not.toContain('<a>');
  });

  test('refuses labels that do not match the bins', () => {
    expect(() => histogramSvg('t', 'x', { edges: [1], labels: ['a'] }, [])).toThrow(/1 labels for 2 bins/);
  });
});
