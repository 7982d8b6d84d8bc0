/**
 * Finds actors in an RGB frame by the reference renderer's class colours: cars red, trucks teal,
 * cyclists magenta, pedestrians yellow (sim/render/appearance.ts AGENT_PALETTES), hues that no
 * scene surface has. Used on the world model's predicted frames, which come without class maps.
 *
 * Per pixel: divide by the scene's light tint (Appearance.light, known for every judged episode),
 * which undoes the time-of-day colour cast (golden hour turns magenta 30 degrees towards red); then
 * in HSV the renderer's Lambert shading only scales V, so a face keeps its palette colour's hue and
 * saturation, and haze (a blend towards a grey-blue) lowers the saturation of far objects. A pixel
 * is class c when its saturation and value are high enough and its hue lies within a tolerance of
 * one of c's palette hues. Then 8-connected components per class, small ones dropped as noise.
 *
 * Thresholds were read off the colour statistics of reference frames of held-out episodes (the
 * scene surface with the most saturated colour is grass, S <= 0.64 at hue >= 85 degrees after
 * the light is divided out, far from every actor hue; palette colours have S >= 0.76, and haze
 * brings far trucks down to S ~ 0.35-0.45, hence a floor of 0.4). On the reference renderer's own
 * frames this gives 0.6 % (seed 0, 64 test episodes, 2819 actor-frames) and 0.85 % (seed 7, 60
 * episodes) of hallucinated + vanished actors per actor-frame, almost all trucks showing 4-5 pixels
 * through haze; test/model/eval/actor-detection.test.ts keeps it under 2 %.
 */
import { AGENT_PALETTES, type Rgb } from '../../sim/render/appearance';
import { AGENT_CLASSES, type AgentClass } from '../../sim/types';

export interface DetectionOptions {
  /** Least HSV saturation of an actor pixel (palette colours have >= 0.76; haze lowers far ones to ~0.4). */
  readonly minSaturation: number;
  /** Least HSV value: darker pixels have no reliable hue. */
  readonly minValue: number;
  /** Largest hue distance to a palette hue of the class, degrees. */
  readonly hueToleranceDeg: number;
  /** Smallest blob kept, pixels (single stray pixels of a blurred prediction are not actors). */
  readonly minBlobPx: number;
}

export const DEFAULT_DETECTION_OPTIONS: DetectionOptions = Object.freeze({ minSaturation: 0.4, minValue: 0.2, hueToleranceDeg: 20, minBlobPx: 2 });

/** A connected region of one class colour. Coordinates are pixel indices (column, row). */
export interface Blob {
  readonly cls: AgentClass;
  readonly areaPx: number;
  readonly minX: number;
  readonly maxX: number;
  readonly minY: number;
  readonly maxY: number;
  /** A blend rim of another actor rather than an object (see FRINGE_HOST). */
  readonly fringe: boolean;
}

/**
 * Class whose colour an anti-aliased rim of another class can take, by class id: a red car's edge
 * against green grass blends to orange-yellow (hue ~32 degrees, saturation ~0.6), which is within
 * the pedestrians' hues. So a one-pixel-thin yellow blob whose every pixel touches a car pixel is
 * that car's rim. No other blend of a palette colour with a scene colour reaches an actor hue at
 * actor saturation (teal, magenta and red blend with grey road and blue-grey sky into duller
 * versions of themselves).
 */
const FRINGE_HOST: Readonly<Partial<Record<AgentClass, AgentClass>>> = { pedestrian: 'car' };

/** HSV of an sRGB colour: hue in [0, 360), saturation and value in [0, 1]. */
export function rgbToHsv(r: number, g: number, b: number): { h: number; s: number; v: number } {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const c = max - min;
  let h = 0;
  if (c > 0) {
    if (max === r) h = 60 * (((g - b) / c + 6) % 6);
    else if (max === g) h = 60 * ((b - r) / c + 2);
    else h = 60 * ((r - g) / c + 4);
  }
  return { h, s: max > 0 ? c / max : 0, v: max / 255 };
}

function hueDistanceDeg(a: number, b: number): number {
  const d = Math.abs(a - b) % 360;
  return d > 180 ? 360 - d : d;
}

/** Palette hues per class id (index in AGENT_CLASSES). */
const CLASS_HUES: readonly (readonly number[])[] = AGENT_CLASSES.map((cls) => AGENT_PALETTES[cls].map((c: Rgb) => rgbToHsv(c[0], c[1], c[2]).h));

/** Class id (index in AGENT_CLASSES) of one pixel, or -1 for scene. `light` is the scene's tint. */
export function classifyPixel(r: number, g: number, b: number, light: Rgb, o: DetectionOptions = DEFAULT_DETECTION_OPTIONS): number {
  const { h, s, v } = rgbToHsv(Math.min(255, r / light[0]), Math.min(255, g / light[1]), Math.min(255, b / light[2]));
  if (s < o.minSaturation || v < o.minValue) return -1;
  let best = -1;
  let bestD = o.hueToleranceDeg;
  for (let c = 0; c < CLASS_HUES.length; c++) {
    for (const hue of CLASS_HUES[c]) {
      const d = hueDistanceDeg(h, hue);
      if (d <= bestD) {
        bestD = d;
        best = c;
      }
    }
  }
  return best;
}

/** Per-pixel class ids (-1 scene) of an RGB frame. */
export function classifyFrame(rgb: Uint8Array, widthPx: number, heightPx: number, light: Rgb, o: DetectionOptions = DEFAULT_DETECTION_OPTIONS): Int8Array {
  const n = widthPx * heightPx;
  if (rgb.length !== n * 3) throw new RangeError(`classifyFrame: a ${widthPx}x${heightPx} RGB frame has ${n * 3} bytes, got ${rgb.length}`);
  const out = new Int8Array(n);
  for (let i = 0; i < n; i++) out[i] = classifyPixel(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2], light, o);
  return out;
}

/** 8-connected components of equal class id (flood fill with an explicit stack), at least minBlobPx. */
export function labelBlobs(labels: Int8Array, widthPx: number, heightPx: number, minBlobPx: number): Blob[] {
  const seen = new Uint8Array(labels.length);
  const stack = new Int32Array(labels.length);
  const blobs: Blob[] = [];
  for (let start = 0; start < labels.length; start++) {
    const c = labels[start];
    if (c < 0 || seen[start]) continue;
    let top = 0;
    stack[top++] = start;
    seen[start] = 1;
    let areaPx = 0;
    let minX = widthPx;
    let maxX = -1;
    let minY = heightPx;
    let maxY = -1;
    const host = FRINGE_HOST[AGENT_CLASSES[c]];
    const hostId = host === undefined ? -2 : AGENT_CLASSES.indexOf(host);
    let fringe = hostId >= 0;
    while (top > 0) {
      const i = stack[--top];
      const x = i % widthPx;
      const y = (i - x) / widthPx;
      areaPx++;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      let touchesHost = false;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= heightPx) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= widthPx) continue;
          const j = yy * widthPx + xx;
          if (labels[j] === hostId) touchesHost = true;
          if (!seen[j] && labels[j] === c) {
            seen[j] = 1;
            stack[top++] = j;
          }
        }
      }
      if (!touchesHost) fringe = false;
    }
    const thin = areaPx === Math.max(maxX - minX + 1, maxY - minY + 1);
    if (areaPx >= minBlobPx) blobs.push({ cls: AGENT_CLASSES[c], areaPx, minX, maxX, minY, maxY, fringe: fringe && thin });
  }
  return blobs;
}

/** Actor-coloured blobs of an RGB frame rendered (or predicted) under the scene light `light`, fringes dropped. */
export function detectActors(rgb: Uint8Array, widthPx: number, heightPx: number, light: Rgb, o: DetectionOptions = DEFAULT_DETECTION_OPTIONS): Blob[] {
  return labelBlobs(classifyFrame(rgb, widthPx, heightPx, light, o), widthPx, heightPx, o.minBlobPx).filter((b) => !b.fringe);
}
