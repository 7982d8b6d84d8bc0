/** Small HTML helpers for the self-contained report: escaping, tables, number formats, colours. */

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A cell's content is HTML already (escape text with esc); `attrs` go on the <td>. */
export interface Cell {
  readonly html: string;
  readonly attrs?: string;
}

export function table(headers: readonly string[], rows: readonly (readonly (Cell | string)[])[], className = ''): string {
  const head = `<tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
  const body = rows
    .map((row) => `<tr>${row.map((c) => (typeof c === 'string' ? `<td>${esc(c)}</td>` : `<td${c.attrs ? ` ${c.attrs}` : ''}>${c.html}</td>`)).join('')}</tr>`)
    .join('\n');
  return `<table${className ? ` class="${className}"` : ''}>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

export function fixed(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined) return '–';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  return v.toFixed(digits);
}

export function percent(v: number | null): string {
  return v === null ? '–' : `${(100 * v).toFixed(0)} %`;
}

/** Background for a value in [0, 1]: red (0) through amber to green (1). */
export function scoreColour(v: number | null): string {
  if (v === null) return '#eee';
  const hue = Math.round(120 * Math.max(0, Math.min(1, v)));
  return `hsl(${hue}, 70%, 85%)`;
}

export function scoreCell(v: number | null, text = fixed(v)): Cell {
  return { html: esc(text), attrs: `style="background:${scoreColour(v)}" class="num"` };
}
