/**
 * Grouped histograms as inline SVG (no script, no external file): one group of bars per bin, one
 * bar per series, counts on a linear axis. The binning is separate and pure, so it is tested on
 * numbers alone.
 */
import { esc } from './html';

export interface Bins {
  /** Upper edges of all bins but the last; a value v goes to the first bin with v < edge. */
  readonly edges: readonly number[];
  readonly labels: readonly string[];
}

export interface Series {
  readonly name: string;
  readonly colour: string;
  readonly values: readonly number[];
}

/** Index of the bin of `v`: the first edge above it, else the last bin (Infinity lands there). */
export function binIndex(v: number, edges: readonly number[]): number {
  for (let i = 0; i < edges.length; i++) if (v < edges[i]) return i;
  return edges.length;
}

export function histogramCounts(values: readonly number[], bins: Bins): number[] {
  const counts = new Array<number>(bins.labels.length).fill(0);
  for (const v of values) counts[binIndex(v, bins.edges)]++;
  return counts;
}

/** Colours that stay apart for up to eight series (Okabe-Ito, readable with colour-blindness). */
export const SERIES_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

const W = 640;
const H = 240;
const MARGIN = { left: 40, right: 10, bottom: 44 };
/** Height of one legend line, px: the plot starts below the legend. */
const LEGEND_LINE = 13;

export function histogramSvg(title: string, xLabel: string, bins: Bins, series: readonly Series[]): string {
  if (bins.labels.length !== bins.edges.length + 1) throw new RangeError(`histogram '${title}': ${bins.labels.length} labels for ${bins.edges.length + 1} bins`);
  const M = { ...MARGIN, top: 20 + LEGEND_LINE * Math.max(1, series.length) };
  const counts = series.map((s) => histogramCounts(s.values, bins));
  // Whole-number ticks of an even step; the axis ends on a tick.
  const highest = Math.max(1, ...counts.flat());
  const step = Math.ceil(highest / 4);
  const max = step * Math.ceil(highest / step);
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const groupW = plotW / bins.labels.length;
  const barW = (groupW * 0.8) / Math.max(1, series.length);
  const y = (c: number) => M.top + plotH - (plotH * c) / max;
  const parts: string[] = [];
  for (let c = 0; c <= max; c += step) {
    parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y(c).toFixed(1)}" y2="${y(c).toFixed(1)}" stroke="#ddd"/>`);
    parts.push(`<text x="${M.left - 4}" y="${(y(c) + 4).toFixed(1)}" text-anchor="end" font-size="10">${c}</text>`);
  }
  bins.labels.forEach((label, b) => {
    const x0 = M.left + b * groupW + groupW * 0.1;
    counts.forEach((row, s) => {
      if (row[b] === 0) return;
      const top = y(row[b]);
      parts.push(
        `<rect x="${(x0 + s * barW).toFixed(1)}" y="${top.toFixed(1)}" width="${(barW - 1).toFixed(1)}" height="${(M.top + plotH - top).toFixed(1)}" fill="${series[s].colour}"><title>${esc(`${series[s].name}: ${row[b]} in ${label}`)}</title></rect>`,
      );
    });
    parts.push(`<text x="${(M.left + (b + 0.5) * groupW).toFixed(1)}" y="${H - M.bottom + 14}" text-anchor="middle" font-size="10">${esc(label)}</text>`);
  });
  parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${M.top + plotH}" y2="${M.top + plotH}" stroke="#333"/>`);
  parts.push(`<text x="${M.left + plotW / 2}" y="${H - 8}" text-anchor="middle" font-size="11">${esc(xLabel)}</text>`);
  parts.push(`<text x="${M.left}" y="14" font-size="12" font-weight="bold">${esc(title)}</text>`);
  series.forEach((s, i) => {
    const lx = W - M.right - 150;
    const ly = 12 + i * LEGEND_LINE;
    parts.push(`<rect x="${lx}" y="${ly - 8}" width="10" height="10" fill="${s.colour}"/><text x="${lx + 14}" y="${ly + 1}" font-size="10">${esc(s.name)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">\n${parts.join('\n')}\n</svg>`;
}
