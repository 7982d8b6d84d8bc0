/**
 * The picture of a prediction's error: per pixel and channel |predicted - reference|, multiplied by
 * a gain so that small errors are visible (a difference of 8 levels out of 255 is black to the eye;
 * at gain 4 it shows as 32), clamped to 255.
 */
import type { RgbImage } from '../../sim/render/image-ops';

/** Default gain of the difference images that `dreamdrive render --camera model` writes. */
export const DIFF_GAIN = 4;

export function absDifferenceImage(a: RgbImage, b: RgbImage, gain = DIFF_GAIN): RgbImage {
  if (a.widthPx !== b.widthPx || a.heightPx !== b.heightPx) {
    throw new RangeError(`absDifferenceImage: sizes differ (${a.widthPx}x${a.heightPx} vs ${b.widthPx}x${b.heightPx})`);
  }
  if (!(gain > 0)) throw new RangeError(`absDifferenceImage: gain must be > 0, got ${gain}`);
  const rgb = new Uint8Array(a.rgb.length);
  for (let i = 0; i < rgb.length; i++) rgb[i] = Math.min(255, Math.abs(a.rgb[i] - b.rgb[i]) * gain);
  return { widthPx: a.widthPx, heightPx: a.heightPx, rgb };
}
