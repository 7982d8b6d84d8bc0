import { drawText, GLYPH_ADVANCE, textWidthPx } from '../../../../model/eval/chart/bitmap-font';
import { chartLayout, formatTick, niceStep, niceTicks, type LineChartSpec } from '../../../../model/eval/chart/chart-layout';
import { drawLineChart } from '../../../../model/eval/chart/raster-chart';
import { escapeXml, lineChartSvg } from '../../../../model/eval/chart/svg-chart';
import type { RgbImage } from '../../../../sim/render/image-ops';

function blank(w: number, h: number): RgbImage {
  return { widthPx: w, heightPx: h, rgb: new Uint8Array(w * h * 3) };
}

function inked(im: RgbImage): [number, number][] {
  const out: [number, number][] = [];
  for (let y = 0; y < im.heightPx; y++) for (let x = 0; x < im.widthPx; x++) if (im.rgb[3 * (y * im.widthPx + x)] !== 0) out.push([x, y]);
  return out;
}

describe('nice ticks', () => {
  it.each([
    [0, 50, 6, 10, [0, 10, 20, 30, 40, 50]],
    [1, 50, 8, 10, [0, 10, 20, 30, 40, 50]],
    [15.6, 36.8, 8, 5, [15, 20, 25, 30, 35, 40]],
    [0.2, 0.98, 5, 0.2, [0.2, 0.4, 0.6, 0.8, 1]],
    [-3, 7, 5, 2, [-4, -2, 0, 2, 4, 6, 8]],
  ])('[%d, %d] in at most %d intervals: step %d, ticks %j', (lo, hi, n, step, ticks) => {
    expect(niceStep(lo, hi, n)).toBeCloseTo(step, 12);
    expect(niceTicks(lo, hi, n)).toEqual(ticks);
  });

  it('keeps integer steps when asked (horizon steps), widens a flat range and formats labels', () => {
    expect(niceTicks(1, 5, 8, 1)).toEqual([1, 2, 3, 4, 5]);
    expect(niceTicks(3, 3, 4)).toEqual([2, 2.5, 3, 3.5, 4]);
    expect(formatTick(0.30000000000000004)).toBe('0.3');
    expect(formatTick(25)).toBe('25');
    expect(() => niceStep(2, 1, 4)).toThrow(/need hi > lo/);
  });
});

describe('bitmap font', () => {
  it("draws '1' as its glyph's pixels and advances 6 px per character", () => {
    const im = blank(12, 7);
    drawText(im, '11', 0, 0, [255, 255, 255]);
    const one = [[2, 0], [1, 1], [2, 1], [2, 2], [2, 3], [2, 4], [2, 5], [1, 6], [2, 6], [3, 6]];
    const expected = [...one, ...one.map(([x, y]) => [x + GLYPH_ADVANCE, y])].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
    expect(inked(im)).toEqual(expected);
    expect(textWidthPx('11')).toBe(11);
    expect(textWidthPx('11', 2)).toBe(22);
  });

  it('scales, writes vertically bottom to top, clips at the border and shows unknown characters as a box', () => {
    const im = blank(20, 20);
    drawText(im, '-', 0, 0, [255, 255, 255], 2);
    expect(inked(im)).toEqual(Array.from({ length: 20 }, (_, i) => [i % 10, 6 + Math.floor(i / 10)]));
    const v = blank(7, 5);
    drawText(v, '-', 0, 4, [255, 255, 255], 1, true);
    // The dash (row 3, columns 0-4) turns into column 3, rows 4 up to 0.
    expect(inked(v)).toEqual([[3, 0], [3, 1], [3, 2], [3, 3], [3, 4]]);
    const box = blank(5, 7);
    drawText(box, '\u00e9', 0, 0, [255, 255, 255]);
    expect(inked(box)).toHaveLength(5 + 5 + 2 * 5);
    expect(() => drawText(blank(3, 3), 'W', -2, -2, [255, 255, 255])).not.toThrow();
  });
});

const SPEC: LineChartSpec = {
  title: 'PSNR vs horizon',
  xLabel: 'horizon step',
  yLabel: 'PSNR (dB)',
  x: [1, 2, 3, 4, 5],
  series: [
    { name: 'model', values: [30, 28, 26, null, 22], colour: [200, 40, 40] },
    { name: 'copy <last>', values: [35, 30, 27, 25, 24], colour: [90, 90, 90], dashed: true },
  ],
  widthPx: 400,
  heightPx: 260,
};

describe('line chart', () => {
  const L = chartLayout(SPEC);

  it('spans the tick range and maps data to the plot rectangle', () => {
    expect(L.xTicks).toEqual([1, 2, 3, 4, 5]);
    expect(L.yMin).toBeLessThanOrEqual(22);
    expect(L.yMax).toBeGreaterThanOrEqual(35);
    expect(L.toPx(1)).toBe(L.left);
    expect(L.toPx(5)).toBe(L.right);
    expect(L.toPy(L.yMin)).toBe(L.bottom);
    expect(L.toPy(L.yMax)).toBe(L.top);
    expect(() => chartLayout({ ...SPEC, series: [{ ...SPEC.series[0], values: [1] }] })).toThrow(/series 'model' has 1 values for 5 x values/);
  });

  it('draws each series in its colour through its data points, with gaps at nulls', () => {
    const im = drawLineChart(SPEC);
    expect([im.widthPx, im.heightPx, im.rgb.length]).toEqual([400, 260, 400 * 260 * 3]);
    const colourAt = (x: number, y: number) => Array.from(im.rgb.subarray(3 * (Math.round(y) * 400 + Math.round(x)), 3 * (Math.round(y) * 400 + Math.round(x)) + 3));
    expect(colourAt(L.toPx(2), L.toPy(28))).toEqual([200, 40, 40]);
    expect(colourAt(L.toPx(1.5), L.toPy(29))).toEqual([200, 40, 40]);
    // No model line between x = 3 and x = 5 (value missing at 4).
    expect(colourAt(L.toPx(3.5), L.toPy(25))).not.toEqual([200, 40, 40]);
    const grey = (x: number) => colourAt(L.toPx(x), L.toPy(35 + (30 - 35) * (x - 1))).join() === '90,90,90';
    const samples = Array.from({ length: 40 }, (_, i) => grey(1 + i / 40));
    // Dashed: on and off along the segment.
    expect(samples.filter(Boolean).length).toBeGreaterThan(10);
    expect(samples.filter((s) => !s).length).toBeGreaterThan(5);
  });

  it('writes the same plot as SVG with escaped text and one polyline per unbroken run', () => {
    const svg = lineChartSvg(SPEC);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(3); // model split at the gap, copy whole
    expect(svg).toContain('copy &lt;last&gt;');
    expect(svg).not.toContain('copy <last>');
    expect(svg).toContain('stroke-dasharray="6 4"');
    expect(svg).toContain(`points="${L.toPx(1).toFixed(1)},${L.toPy(30).toFixed(1)} ${L.toPx(2).toFixed(1)},${L.toPy(28).toFixed(1)} ${L.toPx(3).toFixed(1)},${L.toPy(26).toFixed(1)}"`);
    expect(escapeXml(`a&b"c'`)).toBe('a&amp;b&quot;c&apos;');
  });
});

