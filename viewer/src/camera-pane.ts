/**
 * The camera pane: the world model's predicted frame, the reference renderer's frame and their
 * difference for the current step, and PSNR per step as a small plot. Frames are 64 x 64 PNGs
 * shown with nearest-neighbour upscaling (CSS `image-rendering: pixelated`), never smoothed.
 * When the rollout has no world-model frames the server says why (404), and that text stands in
 * the model and difference slots.
 */
import { ApiError, frameUrl, getJson } from './api';
import { ChartView } from './charts';

type Source = 'model' | 'reference' | 'diff';
const SOURCES: readonly { source: Source; label: string }[] = [
  { source: 'model', label: 'world model (predicted)' },
  { source: 'reference', label: 'reference renderer' },
  { source: 'diff', label: '|model - reference| x 4' },
];

export class CameraPane {
  readonly #images = new Map<Source, HTMLImageElement>();
  readonly #missing = new Map<Source, HTMLElement>();
  readonly #psnrChart: ChartView;
  readonly #psnrNote: HTMLElement;
  #rolloutId: string | null = null;
  #modelProblem: string | null = null;
  #step = -1;
  #dtS = 0.1;

  constructor(container: HTMLElement) {
    container.innerHTML = '<h3>Camera</h3><div class="frames"></div>';
    const grid = container.querySelector('.frames') as HTMLElement;
    for (const { source, label } of SOURCES) {
      const box = document.createElement('div');
      box.className = 'frame-box';
      box.innerHTML = `<div class="label">${label}</div>`;
      const img = document.createElement('img');
      img.className = 'frame';
      img.alt = label;
      img.dataset.camera = source;
      const missing = document.createElement('div');
      missing.className = 'missing';
      missing.hidden = true;
      box.append(img, missing);
      grid.append(box);
      this.#images.set(source, img);
      this.#missing.set(source, missing);
    }
    const psnr = document.createElement('div');
    psnr.className = 'frame-box';
    psnr.innerHTML = '<div class="label">PSNR per step (dB)</div>';
    const plot = document.createElement('div');
    plot.style.cssText = 'width:100%;aspect-ratio:1;background:#000';
    psnr.append(plot);
    this.#psnrChart = new ChartView(plot);
    grid.append(psnr);
    this.#psnrNote = document.createElement('p');
    this.#psnrNote.className = 'muted';
    container.append(this.#psnrNote);
    this.clear('no rollout open');
  }

  /** No rollout: every slot says why instead of showing an empty image. */
  clear(reason: string): void {
    this.#rolloutId = null;
    this.#step = -1;
    for (const { source } of SOURCES) {
      (this.#images.get(source) as HTMLImageElement).hidden = true;
      const missing = this.#missing.get(source) as HTMLElement;
      missing.hidden = false;
      missing.textContent = reason;
    }
    this.#psnrNote.textContent = '';
  }

  /** Opens a rollout: asks once whether it has world-model frames (and their PSNR). */
  async open(rolloutId: string, timeS: readonly number[], dtS: number): Promise<void> {
    this.#dtS = dtS;
    // Frames are shown only once we know which sources exist (show() before that is a no-op).
    this.#rolloutId = null;
    this.#step = -1;
    this.#modelProblem = null;
    this.#psnrChart.setData(null);
    try {
      const psnr = (await getJson<{ psnrDb: (number | null)[] }>(`/api/rollouts/${encodeURIComponent(rolloutId)}/psnr`)).psnrDb;
      this.#psnrChart.setData({ timeS, series: [{ label: 'PSNR', unit: 'dB', values: psnr, colour: '#80cbc4' }], marks: [] });
    } catch (error) {
      this.#modelProblem = error instanceof ApiError ? error.message : String(error);
    }
    this.#psnrNote.textContent = this.#modelProblem ?? 'Frames are 64 x 64, upscaled without smoothing.';
    (this.#images.get('reference') as HTMLImageElement).hidden = false;
    (this.#missing.get('reference') as HTMLElement).hidden = true;
    for (const source of ['model', 'diff'] as const) {
      const missing = this.#missing.get(source) as HTMLElement;
      missing.hidden = this.#modelProblem === null;
      missing.textContent = 'no world-model frames in this rollout (see below)';
      (this.#images.get(source) as HTMLImageElement).hidden = this.#modelProblem !== null;
    }
    this.#rolloutId = rolloutId;
  }

  /** Shows step `step`; the previous image stays until the new one has loaded (no flicker). */
  show(step: number): void {
    if (this.#rolloutId === null || step === this.#step) return;
    this.#step = step;
    for (const { source } of SOURCES) {
      if (source !== 'reference' && this.#modelProblem !== null) continue;
      const img = this.#images.get(source) as HTMLImageElement;
      const url = frameUrl(this.#rolloutId, step, source);
      const next = new Image();
      next.onload = () => {
        if (this.#step === step) img.src = url;
      };
      next.src = url;
    }
    this.#psnrChart.setTime(step * this.#dtS);
  }
}
