/**
 * The same line chart as raster-chart.ts as an inline SVG element (for the HTML report): one
 * geometry (chart-layout.ts), so the PNG and the page show the same plot; the SVG scales and its
 * text stays selectable.
 */
import { chartLayout, formatTick, type Colour, type LineChartSpec } from './chart-layout';

/** Escapes text for XML character data and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function rgb(c: Colour): string {
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

const f = (v: number) => v.toFixed(1);

/** Series polylines, split at gaps (null or non-finite values). */
function polylines(spec: LineChartSpec, toPx: (x: number) => number, toPy: (y: number) => number, s: LineChartSpec['series'][number]): string[] {
  const runs: string[][] = [[]];
  s.values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) runs.push([]);
    else runs[runs.length - 1].push(`${f(toPx(spec.x[i]))},${f(toPy(v))}`);
  });
  return runs.filter((r) => r.length > 0).map((r) => `<polyline fill="none" stroke="${rgb(s.colour)}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''} points="${r.join(' ')}"><title>${escapeXml(s.name)}</title></polyline>`);
}

export function lineChartSvg(spec: LineChartSpec): string {
  const L = chartLayout(spec);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${spec.widthPx} ${spec.heightPx}" width="${spec.widthPx}" height="${spec.heightPx}" font-family="sans-serif" font-size="11" role="img" aria-label="${escapeXml(spec.title)}">`);
  out.push(`<rect width="100%" height="100%" fill="white"/>`);
  for (const t of L.xTicks) out.push(`<line x1="${f(L.toPx(t))}" y1="${L.top}" x2="${f(L.toPx(t))}" y2="${L.bottom}" stroke="#e2e2e2"/><text x="${f(L.toPx(t))}" y="${L.bottom + 16}" text-anchor="middle">${formatTick(t)}</text>`);
  for (const t of L.yTicks) out.push(`<line x1="${L.left}" y1="${f(L.toPy(t))}" x2="${L.right}" y2="${f(L.toPy(t))}" stroke="#e2e2e2"/><text x="${L.left - 6}" y="${f(L.toPy(t) + 4)}" text-anchor="end">${formatTick(t)}</text>`);
  out.push(`<path d="M${L.left},${L.top}V${L.bottom}H${L.right}" fill="none" stroke="#1e1e1e"/>`);
  out.push(`<text x="${f((L.left + L.right) / 2)}" y="${L.bottom + 36}" text-anchor="middle">${escapeXml(spec.xLabel)}</text>`);
  out.push(`<text transform="translate(14 ${f((L.top + L.bottom) / 2)}) rotate(-90)" text-anchor="middle">${escapeXml(spec.yLabel)}</text>`);
  out.push(`<text x="${spec.widthPx / 2}" y="22" text-anchor="middle" font-size="15">${escapeXml(spec.title)}</text>`);
  for (const s of spec.series) out.push(...polylines(spec, L.toPx, L.toPy, s));
  const rowPx = 16;
  const lx = L.right - 200;
  const ly = L.top + 6;
  out.push(`<rect x="${lx}" y="${ly}" width="194" height="${spec.series.length * rowPx + 8}" fill="white" stroke="#1e1e1e"/>`);
  spec.series.forEach((s, i) => {
    const y = ly + 12 + i * rowPx;
    out.push(`<line x1="${lx + 6}" y1="${y}" x2="${lx + 28}" y2="${y}" stroke="${rgb(s.colour)}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/><text x="${lx + 34}" y="${y + 4}">${escapeXml(s.name)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}
