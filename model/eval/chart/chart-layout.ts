/**
 * Geometry of a line chart, shared by the raster (PNG) and the SVG renderers so that both draw the
 * same plot: the plot rectangle inside the margins, data-to-pixel scales, and "nice" ticks (steps
 * of 1, 2 or 5 times a power of ten, as Heckbert's "Nice numbers for graph labels", Graphics Gems
 * 1990, and most plotting libraries choose them).
 */

export type Colour = readonly [number, number, number];

export interface ChartSeries {
  readonly name: string;
  /** y per x of the chart; null leaves a gap. */
  readonly values: readonly (number | null)[];
  readonly colour: Colour;
  readonly dashed?: boolean;
}

export interface LineChartSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** Shared x values of every series, increasing. */
  readonly x: readonly number[];
  readonly series: readonly ChartSeries[];
  readonly widthPx: number;
  readonly heightPx: number;
}

export interface ChartLayout {
  /** Plot rectangle, pixels: left, top, right, bottom (inclusive). */
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly xTicks: readonly number[];
  readonly yTicks: readonly number[];
  /** Data range shown (the tick range, so the axes end on ticks). */
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
  toPx(x: number): number;
  toPy(y: number): number;
}

/** Margins in pixels around the plot: room for the title, tick labels, axis labels and no more. */
export const MARGIN = { left: 62, right: 16, top: 34, bottom: 46 } as const;

/** 1, 2 or 5 times a power of ten, the smallest such step giving at most `maxTicks` intervals over [lo, hi]. */
export function niceStep(lo: number, hi: number, maxTicks: number): number {
  if (!(hi > lo)) throw new RangeError(`niceStep: need hi > lo, got [${lo}, ${hi}]`);
  if (!Number.isInteger(maxTicks) || maxTicks < 1) throw new RangeError(`niceStep: maxTicks must be an integer >= 1, got ${maxTicks}`);
  const raw = (hi - lo) / maxTicks;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw * (1 - 1e-12)) return m * power;
  return 10 * power;
}

/** Ticks covering [lo, hi]: multiples of niceStep (at least `minStep`) from floor(lo) to ceil(hi). */
export function niceTicks(lo: number, hi: number, maxTicks: number, minStep = 0): number[] {
  if (lo === hi) {
    lo -= 1;
    hi += 1;
  }
  const step = Math.max(minStep, niceStep(lo, hi, maxTicks));
  const first = Math.floor(lo / step + 1e-9);
  const last = Math.ceil(hi / step - 1e-9);
  const out: number[] = [];
  // Round to the step's decimals so that 0.1 * 3 prints as 0.3.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  for (let k = first; k <= last; k++) out.push(Number((k * step).toFixed(decimals)));
  return out;
}

/** A tick label without trailing noise: integers as integers, else up to two decimals. */
export function formatTick(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(2)));
}

export function chartLayout(spec: LineChartSpec): ChartLayout {
  if (spec.x.length === 0) throw new RangeError('chartLayout: no x values');
  for (const s of spec.series) {
    if (s.values.length !== spec.x.length) throw new RangeError(`chartLayout: series '${s.name}' has ${s.values.length} values for ${spec.x.length} x values`);
  }
  const ys = spec.series.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v)));
  const left = MARGIN.left;
  const top = MARGIN.top;
  const right = spec.widthPx - 1 - MARGIN.right;
  const bottom = spec.heightPx - 1 - MARGIN.bottom;
  if (right - left < 40 || bottom - top < 40) throw new RangeError(`chartLayout: ${spec.widthPx}x${spec.heightPx} leaves no room for a plot`);
  // Integer x (horizon steps) gets integer ticks.
  const xStep = spec.x.every((x) => Number.isInteger(x)) ? 1 : 0;
  const xTicks = niceTicks(Math.min(...spec.x), Math.max(...spec.x), Math.max(2, Math.floor((right - left) / 60)), xStep);
  const yTicks = niceTicks(ys.length > 0 ? Math.min(...ys) : 0, ys.length > 0 ? Math.max(...ys) : 1, Math.max(2, Math.floor((bottom - top) / 40)));
  const xMin = xTicks[0];
  const xMax = xTicks[xTicks.length - 1];
  const yMin = yTicks[0];
  const yMax = yTicks[yTicks.length - 1];
  return {
    left,
    top,
    right,
    bottom,
    xTicks,
    yTicks,
    xMin,
    xMax,
    yMin,
    yMax,
    toPx: (x) => left + ((x - xMin) / (xMax - xMin)) * (right - left),
    toPy: (y) => bottom - ((y - yMin) / (yMax - yMin)) * (bottom - top),
  };
}
