/**
 * Predicted vs reference frame: PSNR and a difference image. PSNR = 10 log10(255^2 / MSE) over
 * all RGB channels (the definition the world-model evaluation uses); identical frames give
 * Infinity. The difference image is |a - b| per channel times DIFF_GAIN, so that the small errors
 * a 64 x 64 prediction makes are visible; the viewer says so next to it.
 */
import { psnrDb as imagePsnrDb } from '../../../model/eval/image-metrics';
import type { RgbImage } from '../../../sim/render/image-ops';

/** The difference image's gain: an error of 64 grey levels saturates. */
export const DIFF_GAIN = 4;

function checkSameSize(a: RgbImage, b: RgbImage): void {
  if (a.widthPx !== b.widthPx || a.heightPx !== b.heightPx) {
    throw new RangeError(`frames differ in size: ${a.widthPx} x ${a.heightPx} vs ${b.widthPx} x ${b.heightPx}`);
  }
}

export function psnrDb(a: RgbImage, b: RgbImage): number {
  checkSameSize(a, b);
  return imagePsnrDb(a.rgb, b.rgb, a.widthPx, a.heightPx);
}

export function differenceImage(a: RgbImage, b: RgbImage): RgbImage {
  checkSameSize(a, b);
  const rgb = new Uint8Array(a.rgb.length);
  for (let i = 0; i < rgb.length; i++) rgb[i] = Math.min(255, Math.abs(a.rgb[i] - b.rgb[i]) * DIFF_GAIN);
  return { widthPx: a.widthPx, heightPx: a.heightPx, rgb };
}
