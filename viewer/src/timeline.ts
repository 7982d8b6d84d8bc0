/**
 * Timeline: play, pause, step, scrub, speed, and the charts of speed, acceleration, TTC and
 * headway with the current time and the events marked. It owns the clock: `onTime` is called
 * with each new time (from playback, a step or the scrubber); playback advances by wall-clock
 * time x speed, so it shows the rollout in real time whatever the display's frame rate.
 */
import { ChartView, type ChartMark, type Series } from './charts';

export const SPEEDS = [0.25, 0.5, 1, 2, 4] as const;

export interface TimelineData {
  readonly timeS: readonly number[];
  readonly dtS: number;
  readonly series: readonly Series[];
  readonly marks: readonly ChartMark[];
}

export class Timeline {
  readonly #play: HTMLButtonElement;
  readonly #scrub: HTMLInputElement;
  readonly #label: HTMLElement;
  readonly #speed: HTMLSelectElement;
  readonly #charts: ChartView;
  #data: TimelineData | null = null;
  #timeS = 0;
  #playing = false;
  #lastFrameMs: number | null = null;
  /** Frames drawn while playing (read by the browser bench). */
  framesDrawn = 0;

  constructor(
    container: HTMLElement,
    private readonly onTime: (timeS: number) => void,
  ) {
    container.innerHTML = `<div class="controls">
      <button data-act="back" title="step back (,)">&#9664;&#9646;</button>
      <button data-act="play" class="primary" title="play / pause (space)">Play</button>
      <button data-act="fwd" title="step forward (.)">&#9646;&#9654;</button>
      <input type="range" min="0" max="0" step="1" value="0" aria-label="time" data-testid="scrubber">
      <span class="time muted">0.0 s</span>
      <select aria-label="speed">${SPEEDS.map((s) => `<option value="${s}"${s === 1 ? ' selected' : ''}>${s}x</option>`).join('')}</select>
    </div><div class="charts" data-testid="charts"></div>`;
    this.#play = container.querySelector('[data-act=play]') as HTMLButtonElement;
    this.#scrub = container.querySelector('input[type=range]') as HTMLInputElement;
    this.#label = container.querySelector('.time') as HTMLElement;
    this.#speed = container.querySelector('select') as HTMLSelectElement;
    this.#charts = new ChartView(container.querySelector('.charts') as HTMLElement);
    this.#play.onclick = () => (this.#playing ? this.pause() : this.play());
    (container.querySelector('[data-act=back]') as HTMLButtonElement).onclick = () => this.stepBy(-1);
    (container.querySelector('[data-act=fwd]') as HTMLButtonElement).onclick = () => this.stepBy(1);
    this.#scrub.oninput = () => {
      this.pause();
      this.seek(Number(this.#scrub.value) * (this.#data?.dtS ?? 0));
    };
    window.addEventListener('keydown', (e) => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
      if (e.key === ' ') {
        e.preventDefault();
        this.#play.click();
      } else if (e.key === '.') this.stepBy(1);
      else if (e.key === ',') this.stepBy(-1);
    });
  }

  get timeS(): number {
    return this.#timeS;
  }

  get playing(): boolean {
    return this.#playing;
  }

  get endS(): number {
    const t = this.#data?.timeS;
    return t === undefined || t.length === 0 ? 0 : t[t.length - 1];
  }

  setData(data: TimelineData, timeS = 0): void {
    this.pause();
    this.#data = data;
    this.#scrub.max = String(Math.max(0, data.timeS.length - 1));
    this.#charts.setData(data);
    this.seek(timeS);
  }

  seek(timeS: number): void {
    if (this.#data === null) return;
    this.#timeS = Math.max(0, Math.min(this.endS, timeS));
    const step = Math.round(this.#timeS / this.#data.dtS);
    this.#scrub.value = String(step);
    this.#label.textContent = `${this.#timeS.toFixed(1)} / ${this.endS.toFixed(1)} s`;
    this.#charts.setTime(this.#timeS);
    this.onTime(this.#timeS);
  }

  stepBy(steps: number): void {
    if (this.#data === null) return;
    this.pause();
    const step = Math.round(this.#timeS / this.#data.dtS) + steps;
    this.seek(step * this.#data.dtS);
  }

  play(): void {
    if (this.#data === null || this.#playing) return;
    if (this.#timeS >= this.endS) this.seek(0);
    this.#playing = true;
    this.#play.textContent = 'Pause';
    this.#lastFrameMs = null;
    requestAnimationFrame((ms) => this.#tick(ms));
  }

  pause(): void {
    this.#playing = false;
    this.#play.textContent = 'Play';
  }

  #tick(nowMs: number): void {
    if (!this.#playing) return;
    if (this.#lastFrameMs !== null) {
      const next = this.#timeS + ((nowMs - this.#lastFrameMs) / 1000) * Number(this.#speed.value);
      this.seek(next);
      this.framesDrawn++;
      if (next >= this.endS) {
        this.pause();
        return;
      }
    }
    this.#lastFrameMs = nowMs;
    requestAnimationFrame((ms) => this.#tick(ms));
  }
}
