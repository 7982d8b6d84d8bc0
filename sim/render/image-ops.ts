/** Small operations on RGB images (row-major, 3 bytes per pixel) for writing and viewing frames. */

/** An RGB image and its size. */
export interface RgbImage {
  readonly widthPx: number;
  readonly heightPx: number;
  readonly rgb: Uint8Array;
}

/** Nearest-neighbour upscale by an integer factor (keeps pixels crisp for viewing). */
export function upscaleNearest(image: RgbImage, factor: number): RgbImage {
  if (!Number.isInteger(factor) || factor < 1) throw new RangeError(`upscaleNearest: factor must be an integer >= 1 (got ${factor})`);
  if (factor === 1) return image;
  const w = image.widthPx * factor;
  const h = image.heightPx * factor;
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    const srcRow = Math.floor(y / factor) * image.widthPx;
    for (let x = 0; x < w; x++) {
      const s = 3 * (srcRow + Math.floor(x / factor));
      const d = 3 * (y * w + x);
      out[d] = image.rgb[s];
      out[d + 1] = image.rgb[s + 1];
      out[d + 2] = image.rgb[s + 2];
    }
  }
  return { widthPx: w, heightPx: h, rgb: out };
}

/** Images placed left to right, top-aligned, with a gap; empty space is `fill`. */
export function sideBySide(images: readonly RgbImage[], gapPx = 2, fill: readonly [number, number, number] = [0, 0, 0]): RgbImage {
  if (images.length === 0) throw new RangeError('sideBySide: need at least one image');
  const w = images.reduce((n, im) => n + im.widthPx, 0) + gapPx * (images.length - 1);
  const h = Math.max(...images.map((im) => im.heightPx));
  const out = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++) out.set(fill, 3 * i);
  let x0 = 0;
  for (const im of images) {
    for (let y = 0; y < im.heightPx; y++) {
      out.set(im.rgb.subarray(3 * y * im.widthPx, 3 * (y + 1) * im.widthPx), 3 * (y * w + x0));
    }
    x0 += im.widthPx + gapPx;
  }
  return { widthPx: w, heightPx: h, rgb: out };
}
