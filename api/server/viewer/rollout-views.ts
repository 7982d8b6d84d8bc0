/**
 * What the viewer asks of a stored rollout, served from a small cache of whole logs (the viewer
 * plays one rollout and seeks in it, so reading the log once instead of per frame is what makes
 * scrubbing fast): the track, camera frames from each source, PSNR per step, and a GIF export.
 *
 * Camera sources: 'reference' is the renderer's frame (the logged one when the run logged the
 * reference camera, else the logged state rendered again); 'model' is the world model's frame,
 * logged by runs whose camera source was the model; 'diff' is |model - reference| (x DIFF_GAIN).
 * A rollout without world-model frames answers 404 for 'model' and 'diff' and says why.
 */
import { statSync } from 'node:fs';
import { createBevRenderer } from '../../../sim/render/bev';
import { encodeGif } from '../../../sim/render/encode/gif';
import { encodePng } from '../../../sim/render/encode/png';
import { sideBySide, upscaleNearest, type RgbImage } from '../../../sim/render/image-ops';
import { createRenderer, type Renderer } from '../../../sim/render/renderer';
import { LogReadError } from '../../log/read-log';
import { HttpError } from '../http-error';
import { renderWorldOf, type RolloutStore } from '../rollout-store';
import { stringifyJson } from '../server-protocol';
import { differenceImage, psnrDb } from './frame-compare';
import { loadRollout, type LoadedRollout } from './loaded-rollout';
import { decodePng } from './png-decode';
import { trackJson } from './track';

export const CAMERA_QUERY = ['reference', 'model', 'diff'] as const;
export type CameraQuery = (typeof CAMERA_QUERY)[number];
export const EXPORT_VIEWS = ['camera', 'bev', 'both'] as const;
export type ExportView = (typeof EXPORT_VIEWS)[number];

/** Logs kept decoded; a 2,000-step, 100-agent log is ~100 MB of objects, so a few at most. */
const CACHE_SIZE = 3;
/** GIFs longer than this are thinned (every k-th step) so an export stays a few MB. */
export const MAX_GIF_FRAMES = 300;

export interface GifRequest {
  readonly view: ExportView;
  /** Integer upscale (nearest neighbour), 1..8. */
  readonly scale: number;
  readonly fromStep: number;
  readonly toStep: number;
}

interface CacheEntry {
  readonly stamp: string;
  readonly rollout: Promise<LoadedRollout>;
  renderer?: Renderer;
  /** The track document as sent: building it takes 0.15-0.3 s for a 2,000 x 100 track. */
  trackText?: string;
  /** PSNR per step (it renders the reference at every step). */
  psnr?: { psnrDb: (number | null)[] };
}

export function parseCameraQuery(value: unknown): CameraQuery {
  if (value === undefined || value === '') return 'reference';
  if (typeof value !== 'string' || !(CAMERA_QUERY as readonly string[]).includes(value)) {
    throw new HttpError(400, `unknown camera ${JSON.stringify(value)} (choose ${CAMERA_QUERY.join(', ')})`, 'camera');
  }
  return value as CameraQuery;
}

export class RolloutViews {
  readonly #cache = new Map<string, CacheEntry>();

  constructor(private readonly store: RolloutStore) {}

  async #entry(id: string): Promise<{ entry: CacheEntry; rollout: LoadedRollout }> {
    const path = this.store.pathOf(id);
    let stamp: string;
    try {
      const st = statSync(path);
      stamp = `${st.size}:${st.mtimeMs}`;
    } catch {
      throw new HttpError(404, `unknown rollout '${id}' (GET /api/rollouts lists them)`, 'id');
    }
    let entry = this.#cache.get(id);
    if (entry === undefined || entry.stamp !== stamp) {
      entry = { stamp, rollout: loadRollout(id, path) };
      this.#cache.set(id, entry);
      while (this.#cache.size > CACHE_SIZE) this.#cache.delete(this.#cache.keys().next().value as string);
    } else {
      // Most recently used last, so the oldest is evicted first.
      this.#cache.delete(id);
      this.#cache.set(id, entry);
    }
    try {
      return { entry, rollout: await entry.rollout };
    } catch (error) {
      this.#cache.delete(id);
      if (error instanceof LogReadError) throw new HttpError(422, `rollout '${id}': ${error.message.replace(path, `${id}.mcap`)}`, 'id');
      throw error;
    }
  }

  /** The track document (TrackJson) as JSON text, built once per cached log. */
  async trackText(id: string): Promise<string> {
    const { entry, rollout } = await this.#entry(id);
    entry.trackText ??= stringifyJson(trackJson(rollout));
    return entry.trackText;
  }

  #checkStep(r: LoadedRollout, step: number): void {
    if (!Number.isInteger(step) || step < 0 || step >= r.steps.length) {
      throw new HttpError(404, `rollout '${r.id}' has steps 0..${r.steps.length - 1}, not ${step}`, 'step');
    }
  }

  #reference(entry: CacheEntry, r: LoadedRollout, step: number): RgbImage {
    const logged = r.metadata.cameraSource === 'reference' ? r.loggedFrames.get(step) : undefined;
    if (logged !== undefined) return decodePng(logged);
    entry.renderer ??= createRenderer(r.setup.road, { camera: { ...r.resolved.camera } });
    const frame = entry.renderer.render(renderWorldOf(r.steps[step].world));
    return { widthPx: frame.widthPx, heightPx: frame.heightPx, rgb: frame.rgb.slice() };
  }

  #model(r: LoadedRollout, step: number): RgbImage {
    const logged = r.metadata.cameraSource === 'model' ? r.loggedFrames.get(step) : undefined;
    if (logged === undefined) {
      const why = r.metadata.cameraSource === 'model' ? `no world-model frame was logged at step ${step}` : `it was run with camera source '${r.metadata.cameraSource}', not the world model`;
      throw new HttpError(404, `rollout '${r.id}' has no world-model frames: ${why}`, 'camera');
    }
    return decodePng(logged);
  }

  /** PNG of one step from one camera source. */
  async framePng(id: string, step: number, camera: CameraQuery): Promise<Uint8Array> {
    const { entry, rollout: r } = await this.#entry(id);
    this.#checkStep(r, step);
    if (camera === 'model' && r.metadata.cameraSource === 'model') {
      const logged = r.loggedFrames.get(step);
      if (logged !== undefined) return logged;
    }
    const image = camera === 'reference' ? this.#reference(entry, r, step) : camera === 'model' ? this.#model(r, step) : differenceImage(this.#model(r, step), this.#reference(entry, r, step));
    return encodePng(image.rgb, image.widthPx, image.heightPx);
  }

  /** PSNR of the world model's frame against the reference at every step, dB (null: identical). */
  async psnr(id: string): Promise<{ psnrDb: (number | null)[] }> {
    const { entry, rollout: r } = await this.#entry(id);
    entry.psnr ??= {
      psnrDb: r.steps.map((_, step) => {
        const db = psnrDb(this.#model(r, step), this.#reference(entry, r, step));
        return Number.isFinite(db) ? db : null;
      }),
    };
    return entry.psnr;
  }

  /** An animated GIF of steps [fromStep, toStep]: the camera, a top-down view, or both. */
  async gif(id: string, request: GifRequest): Promise<Uint8Array> {
    const { entry, rollout: r } = await this.#entry(id);
    const last = r.steps.length - 1;
    const from = Math.max(0, Math.min(last, request.fromStep));
    const to = Math.max(from, Math.min(last, request.toStep));
    const every = Math.max(1, Math.ceil((to - from + 1) / MAX_GIF_FRAMES));
    const cam = r.resolved.camera;
    const bev = request.view === 'camera' ? null : createBevRenderer(r.setup.road, { widthPx: cam.heightPx, heightPx: cam.heightPx, metresPerPx: 64 / cam.heightPx });
    const frames: Uint8Array[] = [];
    let size = { widthPx: 0, heightPx: 0 };
    for (let step = from; step <= to; step += every) {
      const parts: RgbImage[] = [];
      if (request.view !== 'bev') parts.push(upscaleNearest(this.#reference(entry, r, step), request.scale));
      if (bev !== null) parts.push(upscaleNearest({ widthPx: bev.widthPx, heightPx: bev.heightPx, rgb: bev.render(renderWorldOf(r.steps[step].world)).slice() }, request.scale));
      const image = parts.length === 1 ? parts[0] : sideBySide(parts);
      size = image;
      frames.push(image.rgb);
    }
    return encodeGif(frames, size.widthPx, size.heightPx, { delayCs: Math.round(r.metadata.dtS * every * 100) });
  }
}
