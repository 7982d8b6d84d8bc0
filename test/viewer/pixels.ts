/** Pixel checks on browser screenshots (PNG): how many pixels are near a colour, how many colours. */
import { decodePng } from '../../api/server/viewer/png-decode';

/** Per-channel distance that still counts as "that colour" (antialiasing, blending at edges). */
export const PNG_COLOUR_TOLERANCE = 6;

export interface Screenshot {
  readonly widthPx: number;
  readonly heightPx: number;
  /** RGB bytes. */
  readonly data: Buffer;
}

export function decodeScreenshot(png: Buffer): Screenshot {
  const image = decodePng(new Uint8Array(png));
  return { widthPx: image.widthPx, heightPx: image.heightPx, data: Buffer.from(image.rgb) };
}

export function countColour(s: Screenshot, rgb: readonly [number, number, number], tolerance: number): number {
  let n = 0;
  for (let i = 0; i < s.data.length; i += 3) {
    if (Math.abs(s.data[i] - rgb[0]) <= tolerance && Math.abs(s.data[i + 1] - rgb[1]) <= tolerance && Math.abs(s.data[i + 2] - rgb[2]) <= tolerance) n++;
  }
  return n;
}

export function distinctColours(s: Screenshot): number {
  const seen = new Set<number>();
  for (let i = 0; i < s.data.length; i += 3) seen.add((s.data[i] << 16) | (s.data[i + 1] << 8) | s.data[i + 2]);
  return seen.size;
}

/** Polls `read` until `done` holds for its value (or throws after timeoutMs with the last value). */
export async function pollUntil<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 10000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > until) throw new Error(`timed out; last value: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
