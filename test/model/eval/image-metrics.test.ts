import { gaussianTaps, meanSquaredError, psnrDb, psnrForMeanDb, psnrFromMse, PSNR_CAP_DB, ssim } from '../../../model/eval/image-metrics';

/** A W x H RGB image from a function of (x, y, channel), clipped to 0..255. */
function image(w: number, h: number, f: (x: number, y: number, c: number) => number): Uint8Array {
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) out[3 * (y * w + x) + c] = Math.max(0, Math.min(255, Math.round(f(x, y, c))));
  return out;
}

/**
 * The fixture of the cross-check below, and its reference values from an independent numpy
 * implementation (sliding_window_view over the 11 x 11 outer-product Gaussian, per channel, mean
 * of the three; /usr/bin/python3 with numpy 1.24):
 *   a = (3x^2 + 11y + 40c + 9((x y) mod 7)) mod 256,  b = clip(a + ((31x + 17y + 5c) mod 21) - 10)
 */
const W = 32;
const H = 24;
const A = image(W, H, (x, y, c) => (x * x * 3 + y * 11 + c * 40 + ((x * y) % 7) * 9) % 256);
const B = image(W, H, (x, y, c) => A[3 * (y * W + x) + c] + (((x * 31 + y * 17 + c * 5) % 21) - 10));
const NUMPY_SSIM_NOISE = 0.9965471101797411;
const NUMPY_MSE_NOISE = 35.73394097222222;
/** np.roll(a, 1, axis=1): every row shifted right by one pixel, wrapping. */
const NUMPY_SSIM_ROLLED = -0.18936401678495632;

describe('PSNR', () => {
  it('is +Infinity for identical images and capped at 100 dB inside means', () => {
    expect(psnrDb(A, A.slice(), W, H)).toBe(Infinity);
    expect(psnrForMeanDb(Infinity)).toBe(PSNR_CAP_DB);
    expect(psnrForMeanDb(31.5)).toBe(31.5);
  });

  it.each([
    [1, 48.1308],
    [5, 34.1514],
    [16, 24.0487],
    [64, 12.0074],
  ])('gives 20 log10(255 / %d) for an image off by exactly that much everywhere', (d, expectedDb) => {
    const a = image(16, 16, () => 100);
    const b = image(16, 16, (x, y) => ((x + y) % 2 === 0 ? 100 + d : 100 - d));
    expect(meanSquaredError(a, b, 16, 16)).toBe(d * d);
    expect(psnrDb(a, b, 16, 16)).toBeCloseTo(expectedDb, 3);
  });

  it('matches the MSE of the numpy fixture', () => {
    expect(meanSquaredError(A, B, W, H)).toBeCloseTo(NUMPY_MSE_NOISE, 10);
    expect(psnrDb(A, B, W, H)).toBeCloseTo(10 * Math.log10((255 * 255) / NUMPY_MSE_NOISE), 10);
  });

  it('refuses mismatched sizes and negative MSE with the function named', () => {
    expect(() => psnrDb(A, A.subarray(3), W, H)).toThrow(/meanSquaredError: a 32x24 RGB image has 2304 bytes, got 2304 and 2301/);
    expect(() => psnrFromMse(-1)).toThrow(/psnrFromMse: MSE must be >= 0/);
  });
});

describe('SSIM (Wang et al. 2004, 11x11 Gaussian, per channel)', () => {
  it('uses normalised Gaussian taps with sigma 1.5', () => {
    const t = gaussianTaps();
    expect(t.length).toBe(11);
    expect(t.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(t[5] / t[4]).toBeCloseTo(Math.exp(1 / (2 * 1.5 * 1.5)), 12);
  });

  it('is exactly 1 for identical images', () => {
    expect(ssim(A, A.slice(), W, H)).toBe(1);
  });

  it('reduces to the luminance term for two flat images', () => {
    // sigma_x = sigma_y = sigma_xy = 0, so SSIM = (2 a b + C1) / (a^2 + b^2 + C1), C1 = (0.01 * 255)^2.
    const c1 = (0.01 * 255) ** 2;
    for (const [p, q] of [[100, 120], [10, 240], [0, 255]]) {
      const expected = (2 * p * q + c1) / (p * p + q * q + c1);
      expect(ssim(image(16, 16, () => p), image(16, 16, () => q), 16, 16)).toBeCloseTo(expected, 12);
    }
  });

  it('matches an independent numpy implementation on a noisy pair and a shifted pair', () => {
    expect(ssim(A, B, W, H)).toBeCloseTo(NUMPY_SSIM_NOISE, 10);
    const rolled = image(W, H, (x, y, c) => A[3 * (y * W + ((x - 1 + W) % W)) + c]);
    expect(ssim(A, rolled, W, H)).toBeCloseTo(NUMPY_SSIM_ROLLED, 10);
  });

  it('is symmetric and below 1 for a shifted image', () => {
    const smooth = image(40, 40, (x, y, c) => 128 + 90 * Math.sin(x / 4 + c) * Math.cos(y / 5));
    const shifted = image(40, 40, (x, y, c) => 128 + 90 * Math.sin((x - 2) / 4 + c) * Math.cos(y / 5));
    const ab = ssim(smooth, shifted, 40, 40);
    expect(ab).toBeCloseTo(ssim(shifted, smooth, 40, 40), 12);
    expect(ab).toBeLessThan(0.95);
    expect(ab).toBeGreaterThan(0);
  });

  it('falls as noise grows', () => {
    const base = image(32, 32, (x, y) => 60 + 3 * x + 2 * y);
    const values = [2, 8, 24].map((d) => ssim(base, image(32, 32, (x, y, c) => 60 + 3 * x + 2 * y + ((x * 7 + y * 3 + c) % 3 - 1) * d), 32, 32));
    expect(values[0]).toBeGreaterThan(values[1]);
    expect(values[1]).toBeGreaterThan(values[2]);
  });

  it('refuses images smaller than the window', () => {
    const tiny = image(8, 8, () => 0);
    expect(() => ssim(tiny, tiny, 8, 8)).toThrow(/ssim: images must be at least 11x11/);
  });
});
