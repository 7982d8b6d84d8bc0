/**
 * Full-reference image quality of a predicted frame against the reference renderer's frame, on
 * 8-bit RGB (H x W x 3, row-major, as sim/render writes frames).
 *
 * PSNR = 10 log10(255^2 / MSE), MSE over every pixel and channel; identical images give +Infinity.
 * Averages over frames use `psnrForMeanDb`, which caps a frame at PSNR_CAP_DB exactly as
 * model/train/rollout_eval.py does (it floors the MSE of [0, 1] images at 1e-10), so that one
 * identical frame (a standing ego in a static scene) does not make a mean infinite.
 *
 * SSIM follows Wang, Bovik, Sheikh & Simoncelli, "Image quality assessment: from error visibility
 * to structural similarity", IEEE TIP 13(4), 2004, and their reference MATLAB ssim_index.m:
 * an 11 x 11 Gaussian window with sigma 1.5 (normalised to sum 1), K1 = 0.01, K2 = 0.03, L = 255,
 *
 *   SSIM(x, y) = (2 mu_x mu_y + C1)(2 sigma_xy + C2) / ((mu_x^2 + mu_y^2 + C1)(sigma_x^2 + sigma_y^2 + C2)),
 *   C1 = (K1 L)^2, C2 = (K2 L)^2,
 *
 * evaluated at every position where the window fits inside the image ('valid' filtering, as the
 * MATLAB code) and averaged. Colour: computed per RGB channel and the three means averaged (what
 * torchmetrics and pytorch-msssim do for colour images); not on luminance. At 64 x 64 the
 * MATLAB code's automatic downsampling (factor round(min(H, W) / 256)) is 1, so none is applied.
 */

/** Peak value of an 8-bit channel. */
export const PEAK = 255;
/** Cap of one frame's PSNR inside averages, dB: rollout_eval.py's MSE floor of 1e-10 on [0, 1] images. */
export const PSNR_CAP_DB = 100;
/** Gaussian window of Wang et al. 2004: 11 x 11 taps, sigma 1.5 px. */
export const SSIM_WINDOW = 11;
export const SSIM_SIGMA_PX = 1.5;
const K1 = 0.01;
const K2 = 0.03;
const C1 = (K1 * PEAK) ** 2;
const C2 = (K2 * PEAK) ** 2;

/** The 1-D Gaussian taps; the 2-D window is their outer product (separable), summing to 1. */
export function gaussianTaps(size = SSIM_WINDOW, sigmaPx = SSIM_SIGMA_PX): Float64Array {
  const taps = new Float64Array(size);
  const c = (size - 1) / 2;
  let sum = 0;
  for (let i = 0; i < size; i++) {
    taps[i] = Math.exp(-((i - c) ** 2) / (2 * sigmaPx * sigmaPx));
    sum += taps[i];
  }
  for (let i = 0; i < size; i++) taps[i] /= sum;
  return taps;
}

const TAPS = gaussianTaps();

function checkPair(what: string, a: Uint8Array, b: Uint8Array, widthPx: number, heightPx: number): void {
  if (!Number.isInteger(widthPx) || !Number.isInteger(heightPx) || widthPx < 1 || heightPx < 1) {
    throw new RangeError(`${what}: image size must be positive integers, got ${widthPx}x${heightPx}`);
  }
  const n = widthPx * heightPx * 3;
  if (a.length !== n || b.length !== n) {
    throw new RangeError(`${what}: a ${widthPx}x${heightPx} RGB image has ${n} bytes, got ${a.length} and ${b.length}`);
  }
}

/** Mean squared error over every channel of two RGB images, in 8-bit units squared. */
export function meanSquaredError(a: Uint8Array, b: Uint8Array, widthPx: number, heightPx: number): number {
  checkPair('meanSquaredError', a, b, widthPx, heightPx);
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    sum += d * d;
  }
  return sum / a.length;
}

/** PSNR from an MSE in 8-bit units squared, dB; +Infinity for MSE 0. */
export function psnrFromMse(mse: number): number {
  if (!(mse >= 0)) throw new RangeError(`psnrFromMse: MSE must be >= 0, got ${mse}`);
  return mse === 0 ? Infinity : 10 * Math.log10((PEAK * PEAK) / mse);
}

/** PSNR of two RGB images, dB; +Infinity when they are identical. */
export function psnrDb(a: Uint8Array, b: Uint8Array, widthPx: number, heightPx: number): number {
  return psnrFromMse(meanSquaredError(a, b, widthPx, heightPx));
}

/** A frame's PSNR as it enters a mean over frames: capped at PSNR_CAP_DB (see the file comment). */
export function psnrForMeanDb(psnr: number): number {
  return Math.min(psnr, PSNR_CAP_DB);
}

/** Scratch for the separable filter, grown on demand (no per-call allocation in the rollout loop). */
let scratch = new Float64Array(0);

/**
 * 'Valid' Gaussian filtering of one channel of five per-pixel products at once (x, y, x^2, y^2,
 * xy), horizontally then vertically; returns the SSIM averaged over the valid positions.
 */
function ssimChannel(a: Uint8Array, b: Uint8Array, widthPx: number, heightPx: number, channel: number): number {
  const n = SSIM_WINDOW;
  const wOut = widthPx - n + 1;
  const hOut = heightPx - n + 1;
  const plane = wOut * heightPx;
  if (scratch.length < 5 * plane) scratch = new Float64Array(5 * plane);
  const h = scratch;
  // Horizontal pass: for every row and valid column, the weighted sums of the five products.
  for (let y = 0; y < heightPx; y++) {
    const row = y * widthPx;
    for (let x = 0; x < wOut; x++) {
      let sx = 0;
      let sy = 0;
      let sxx = 0;
      let syy = 0;
      let sxy = 0;
      for (let k = 0; k < n; k++) {
        const i = 3 * (row + x + k) + channel;
        const w = TAPS[k];
        const va = a[i];
        const vb = b[i];
        sx += w * va;
        sy += w * vb;
        sxx += w * va * va;
        syy += w * vb * vb;
        sxy += w * va * vb;
      }
      const o = y * wOut + x;
      h[o] = sx;
      h[plane + o] = sy;
      h[2 * plane + o] = sxx;
      h[3 * plane + o] = syy;
      h[4 * plane + o] = sxy;
    }
  }
  // Vertical pass and the SSIM map, summed.
  let total = 0;
  for (let y = 0; y < hOut; y++) {
    for (let x = 0; x < wOut; x++) {
      let mx = 0;
      let my = 0;
      let exx = 0;
      let eyy = 0;
      let exy = 0;
      for (let k = 0; k < n; k++) {
        const o = (y + k) * wOut + x;
        const w = TAPS[k];
        mx += w * h[o];
        my += w * h[plane + o];
        exx += w * h[2 * plane + o];
        eyy += w * h[3 * plane + o];
        exy += w * h[4 * plane + o];
      }
      const vx = exx - mx * mx;
      const vy = eyy - my * my;
      const cxy = exy - mx * my;
      total += ((2 * mx * my + C1) * (2 * cxy + C2)) / ((mx * mx + my * my + C1) * (vx + vy + C2));
    }
  }
  return total / (wOut * hOut);
}

/** Mean SSIM of two RGB images (per channel, averaged; see the file comment). 1 for identical images. */
export function ssim(a: Uint8Array, b: Uint8Array, widthPx: number, heightPx: number): number {
  checkPair('ssim', a, b, widthPx, heightPx);
  if (widthPx < SSIM_WINDOW || heightPx < SSIM_WINDOW) {
    throw new RangeError(`ssim: images must be at least ${SSIM_WINDOW}x${SSIM_WINDOW} (the Gaussian window), got ${widthPx}x${heightPx}`);
  }
  return (ssimChannel(a, b, widthPx, heightPx, 0) + ssimChannel(a, b, widthPx, heightPx, 1) + ssimChannel(a, b, widthPx, heightPx, 2)) / 3;
}
