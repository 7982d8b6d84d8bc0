/**
 * A line chart drawn into an RGB image (for a PNG via sim/render/encode/png): white paper, grid,
 * axes with tick labels, axis labels, title, two-pixel series lines (solid or dashed) and a legend
 * in the plot's top-right corner. Geometry comes from chart-layout.ts, text from bitmap-font.ts.
 */
import type { RgbImage } from '../../../sim/render/image-ops';
import { drawText, GLYPH_HEIGHT, textWidthPx } from './bitmap-font';
import { chartLayout, formatTick, type Colour, type LineChartSpec } from './chart-layout';

const PAPER: Colour = [255, 255, 255];
const INK: Colour = [30, 30, 30];
const GRID: Colour = [226, 226, 226];
/** Dash pattern of dashed series, pixels on then off. */
const DASH_ON_PX = 6;
const DASH_OFF_PX = 4;
/** Line width of series, pixels. */
const LINE_PX = 2;

function fill(image: RgbImage, x0: number, y0: number, x1: number, y1: number, c: Colour): void {
  for (let y = Math.max(0, Math.round(y0)); y <= Math.min(image.heightPx - 1, Math.round(y1)); y++) {
    for (let x = Math.max(0, Math.round(x0)); x <= Math.min(image.widthPx - 1, Math.round(x1)); x++) image.rgb.set(c, 3 * (y * image.widthPx + x));
  }
}

/**
 * A segment stepped one pixel at a time along its longer axis (a DDA line), each step a
 * LINE_PX-square dot; `dash` is the running length along a dashed series (null = solid).
 */
function segment(image: RgbImage, x0: number, y0: number, x1: number, y1: number, c: Colour, dash: { at: number } | null): void {
  const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
  const stepLen = Math.hypot(x1 - x0, y1 - y0) / steps;
  for (let i = 0; i <= steps; i++) {
    if (dash !== null) {
      if (i > 0) dash.at += stepLen;
      if (dash.at % (DASH_ON_PX + DASH_OFF_PX) >= DASH_ON_PX) continue;
    }
    const x = x0 + ((x1 - x0) * i) / steps;
    const y = y0 + ((y1 - y0) * i) / steps;
    fill(image, x - (LINE_PX - 1) / 2, y - (LINE_PX - 1) / 2, x + (LINE_PX - 1) / 2, y + (LINE_PX - 1) / 2, c);
  }
}

export function drawLineChart(spec: LineChartSpec): RgbImage {
  const L = chartLayout(spec);
  const image: RgbImage = { widthPx: spec.widthPx, heightPx: spec.heightPx, rgb: new Uint8Array(spec.widthPx * spec.heightPx * 3) };
  fill(image, 0, 0, spec.widthPx - 1, spec.heightPx - 1, PAPER);
  for (const t of L.xTicks) fill(image, L.toPx(t), L.top, L.toPx(t), L.bottom, GRID);
  for (const t of L.yTicks) fill(image, L.left, L.toPy(t), L.right, L.toPy(t), GRID);
  fill(image, L.left, L.top, L.left, L.bottom, INK);
  fill(image, L.left, L.bottom, L.right, L.bottom, INK);
  for (const t of L.xTicks) {
    const x = Math.round(L.toPx(t));
    fill(image, x, L.bottom + 1, x, L.bottom + 4, INK);
    const label = formatTick(t);
    drawText(image, label, x - Math.floor(textWidthPx(label) / 2), L.bottom + 7, INK);
  }
  for (const t of L.yTicks) {
    const y = Math.round(L.toPy(t));
    fill(image, L.left - 4, y, L.left - 1, y, INK);
    const label = formatTick(t);
    drawText(image, label, L.left - 7 - textWidthPx(label), y - Math.floor(GLYPH_HEIGHT / 2), INK);
  }
  drawText(image, spec.xLabel, Math.round((L.left + L.right - textWidthPx(spec.xLabel)) / 2), L.bottom + 24, INK);
  drawText(image, spec.yLabel, 8, Math.round((L.top + L.bottom + textWidthPx(spec.yLabel)) / 2), INK, 1, true);
  drawText(image, spec.title, Math.round((spec.widthPx - textWidthPx(spec.title, 2)) / 2), 8, INK, 2);
  for (const s of spec.series) {
    const dash = s.dashed ? { at: 0 } : null;
    for (let i = 1; i < spec.x.length; i++) {
      const a = s.values[i - 1];
      const b = s.values[i];
      if (a === null || b === null || !Number.isFinite(a) || !Number.isFinite(b)) continue;
      segment(image, L.toPx(spec.x[i - 1]), L.toPy(a), L.toPx(spec.x[i]), L.toPy(b), s.colour, dash);
    }
    // A single-point series (H = 1) still shows up.
    if (spec.x.length === 1 && s.values[0] !== null) fill(image, L.toPx(spec.x[0]) - 2, L.toPy(s.values[0]) - 2, L.toPx(spec.x[0]) + 2, L.toPy(s.values[0]) + 2, s.colour);
  }
  const rowPx = GLYPH_HEIGHT + 6;
  const legendW = 34 + Math.max(...spec.series.map((s) => textWidthPx(s.name)));
  const legendH = spec.series.length * rowPx + 6;
  const lx = L.right - legendW - 6;
  const ly = L.top + 6;
  fill(image, lx, ly, lx + legendW, ly + legendH, PAPER);
  for (const [x0, y0, x1, y1] of [[lx, ly, lx + legendW, ly], [lx, ly + legendH, lx + legendW, ly + legendH], [lx, ly, lx, ly + legendH], [lx + legendW, ly, lx + legendW, ly + legendH]]) fill(image, x0, y0, x1, y1, INK);
  spec.series.forEach((s, i) => {
    const y = ly + 6 + i * rowPx + Math.floor(GLYPH_HEIGHT / 2);
    segment(image, lx + 6, y, lx + 26, y, s.colour, s.dashed ? { at: 0 } : null);
    drawText(image, s.name, lx + 31, y - Math.floor(GLYPH_HEIGHT / 2), INK);
  });
  return image;
}
