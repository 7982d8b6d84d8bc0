/**
 * 8-bit RGB frames (H x W x 3, row-major, as sim/render writes them) to and from the graphs'
 * float32 frames in [0, 1], with the conventions of training: the dataset's uint8 frames are
 * divided by 255 (model/train/data.py), and predictions are rounded back to the nearest level.
 */

/** uint8 RGB -> float32 in [0, 1]; `out` is reused when given. */
export function rgbToUnit(rgb: Uint8Array, out = new Float32Array(rgb.length)): Float32Array {
  if (out.length !== rgb.length) throw new RangeError(`rgbToUnit: out has ${out.length} values for ${rgb.length} bytes`);
  for (let i = 0; i < rgb.length; i++) out[i] = rgb[i] / 255;
  return out;
}

/** float32 in [0, 1] -> uint8 RGB, rounded to nearest and clamped (NaN becomes 0); `out` is reused when given. */
export function unitToRgb(values: Float32Array, out = new Uint8Array(values.length)): Uint8Array {
  if (out.length !== values.length) throw new RangeError(`unitToRgb: out has ${out.length} bytes for ${values.length} values`);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] * 255 + 0.5;
    out[i] = v >= 255 ? 255 : v > 0 ? v : 0; // Uint8Array truncates: v + 0.5 rounds to nearest
  }
  return out;
}
