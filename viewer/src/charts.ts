/**
 * Small time-series charts: one strip per series, a shared time axis, events as marks, and the
 * current time as a cursor. The series are drawn once per data change (or resize) on a base
 * canvas; playback redraws only a transparent overlay with the cursor and the current values, so
 * a 2,000-step rollout costs one line per frame, not 8,000 segments. The scales are in
 * chart-scales.ts (pure, tested); drawing is a thin loop over them.
 */
import { chartLayout, sampleAt, seriesRange } from './chart-scales';
export interface Series {
  readonly label: string;
  readonly unit: string;
  readonly values: readonly (number | null)[];
  readonly colour: string;
  /** Clip the y range to at most this (TTC and headway are huge when nothing is near). */
  readonly clipMax?: number;
}

export interface ChartMark {
  readonly timeS: number;
  readonly label: string;
}

export interface ChartData {
  readonly timeS: readonly number[];
  readonly series: readonly Series[];
  readonly marks: readonly ChartMark[];
}

function fitCanvas(canvas: HTMLCanvasElement, dpr: number): { w: number; h: number } {
  const w = Math.max(1, Math.round(canvas.clientWidth * dpr));
  const h = Math.max(1, Math.round(canvas.clientHeight * dpr));
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  return { w, h };
}

/** Two stacked canvases in `container`: the series (drawn on data change) and the cursor overlay. */
export class ChartView {
  readonly #base: HTMLCanvasElement;
  readonly #overlay: HTMLCanvasElement;
  #data: ChartData | null = null;
  #timeS = 0;

  constructor(container: HTMLElement) {
    container.style.position = 'relative';
    this.#base = document.createElement('canvas');
    this.#overlay = document.createElement('canvas');
    for (const c of [this.#base, this.#overlay]) c.style.cssText = 'position:absolute;inset:0;width:100%;height:100%';
    container.append(this.#base, this.#overlay);
    new ResizeObserver(() => this.#drawBase()).observe(container);
  }

  setData(data: ChartData | null): void {
    this.#data = data;
    this.#drawBase();
  }

  setTime(timeS: number): void {
    this.#timeS = timeS;
    this.#drawOverlay();
  }

  #drawBase(): void {
    const dpr = window.devicePixelRatio || 1;
    const { w, h } = fitCanvas(this.#base, dpr);
    // CPU-side 2-D canvas: on a software GL (SwiftShader) an accelerated canvas is far slower.
    const g = this.#base.getContext('2d', { willReadFrequently: true });
    if (g === null) return;
    g.clearRect(0, 0, w, h);
    const data = this.#data;
    if (data !== null && data.timeS.length > 0) {
      const L = chartLayout(w, h, data.series.length, data.timeS[0], data.timeS[data.timeS.length - 1], dpr);
      g.font = `${11 * dpr}px system-ui, sans-serif`;
      data.series.forEach((s, row) => {
        const { top, bottom } = L.strip(row);
        const { lo, hi } = seriesRange(s.values, s.clipMax);
        const yOf = (v: number) => bottom - ((Math.min(v, s.clipMax ?? Infinity) - lo) / (hi - lo)) * (bottom - top);
        g.fillStyle = '#22252b';
        g.fillRect(L.left, top, w - L.left, bottom - top);
        if (data.series.length > 1) {
          g.fillStyle = '#888';
          g.fillText(`${hi.toFixed(1)} .. ${lo.toFixed(1)} ${s.unit}`, 4 * dpr, top + 25 * dpr);
        }
        g.strokeStyle = s.colour;
        g.lineWidth = 1.5 * dpr;
        g.beginPath();
        let pen = false;
        s.values.forEach((v, i) => {
          if (v === null || !Number.isFinite(v)) {
            pen = false;
            return;
          }
          if (pen) g.lineTo(L.xOf(data.timeS[i]), yOf(v));
          else g.moveTo(L.xOf(data.timeS[i]), yOf(v));
          pen = true;
        });
        g.stroke();
      });
      g.strokeStyle = '#ffd54f';
      g.fillStyle = '#ffd54f';
      g.lineWidth = dpr;
      for (const m of data.marks) {
        const x = L.xOf(m.timeS);
        g.setLineDash([4 * dpr, 3 * dpr]);
        g.beginPath();
        g.moveTo(x, 0);
        g.lineTo(x, h);
        g.stroke();
        g.setLineDash([]);
        g.fillText(m.label, x + 3 * dpr, h - 4 * dpr);
      }
    }
    this.#drawOverlay();
  }

  #drawOverlay(): void {
    const dpr = window.devicePixelRatio || 1;
    const { w, h } = fitCanvas(this.#overlay, dpr);
    const g = this.#overlay.getContext('2d', { willReadFrequently: true });
    if (g === null) return;
    g.clearRect(0, 0, w, h);
    const data = this.#data;
    if (data === null || data.timeS.length === 0) return;
    const L = chartLayout(w, h, data.series.length, data.timeS[0], data.timeS[data.timeS.length - 1], dpr);
    const k = sampleAt(data.timeS, this.#timeS);
    g.font = `${11 * dpr}px system-ui, sans-serif`;
    data.series.forEach((s, row) => {
      const v = s.values[k];
      g.fillStyle = s.colour;
      const text = `${s.label} ${v === null || v === undefined ? 'none' : v.toFixed(2)}`;
      if (data.series.length > 1) g.fillText(text, 4 * dpr, L.strip(row).top + 11 * dpr);
      else g.fillText(text, L.left + 4 * dpr, L.strip(row).top + 12 * dpr);
    });
    const x = L.xOf(this.#timeS);
    g.strokeStyle = '#fff';
    g.lineWidth = 2 * dpr;
    g.beginPath();
    g.moveTo(x, 0);
    g.lineTo(x, h);
    g.stroke();
  }
}
