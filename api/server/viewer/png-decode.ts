/**
 * Decodes the PNGs our own encoder writes (sim/render/encode/png.ts) and browsers' screenshots:
 * 8-bit grey, RGB or RGBA (alpha dropped), non-interlaced, any of the five row filters. Enough to
 * compare a logged world-model frame with the reference renderer's pixel by pixel; anything else
 * is refused with what it is.
 */
import { inflateSync } from 'node:zlib';
import { paeth, PNG_SIGNATURE } from '../../../sim/render/encode/png';
import type { RgbImage } from '../../../sim/render/image-ops';

const COLOUR_TYPE_GREY = 0;
const COLOUR_TYPE_RGB = 2;
const COLOUR_TYPE_RGBA = 6;
const CHANNELS: Readonly<Record<number, number>> = { [COLOUR_TYPE_GREY]: 1, [COLOUR_TYPE_RGB]: 3, [COLOUR_TYPE_RGBA]: 4 };

export class PngDecodeError extends Error {}

export function decodePng(bytes: Uint8Array): RgbImage {
  if (bytes.length < 8 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) throw new PngDecodeError('not a PNG (bad signature)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let widthPx = 0;
  let heightPx = 0;
  let channels = 0;
  const idat: Uint8Array[] = [];
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      widthPx = view.getUint32(at + 8);
      heightPx = view.getUint32(at + 12);
      const [depth, colourType, , , interlace] = data.subarray(8, 13);
      if (depth !== 8 || interlace !== 0 || CHANNELS[colourType] === undefined) {
        throw new PngDecodeError(`unsupported PNG (bit depth ${depth}, colour type ${colourType}, interlace ${interlace}); expected 8-bit grey, RGB or RGBA`);
      }
      channels = CHANNELS[colourType];
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  if (channels === 0) throw new PngDecodeError('PNG without an IHDR chunk');
  const raw = inflateSync(Buffer.concat(idat));
  const stride = widthPx * channels;
  if (raw.length < heightPx * (stride + 1)) throw new PngDecodeError(`PNG data too short: ${raw.length} bytes for ${widthPx} x ${heightPx}`);
  const pixels = new Uint8Array(heightPx * stride);
  for (let y = 0; y < heightPx; y++) {
    const filter = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? pixels[row + i - channels] : 0;
      const b = y > 0 ? pixels[row - stride + i] : 0;
      const c = i >= channels && y > 0 ? pixels[row - stride + i - channels] : 0;
      const x = raw[src + i];
      const predictor = filter === 0 ? 0 : filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : filter === 4 ? paeth(a, b, c) : -1;
      if (predictor < 0) throw new PngDecodeError(`bad PNG row filter ${filter} in row ${y}`);
      pixels[row + i] = (x + predictor) & 0xff;
    }
  }
  if (channels === 3) return { widthPx, heightPx, rgb: pixels };
  const rgb = new Uint8Array(widthPx * heightPx * 3);
  for (let i = 0; i < widthPx * heightPx; i++) {
    if (channels === 1) rgb.fill(pixels[i], 3 * i, 3 * i + 3);
    else rgb.set(pixels.subarray(4 * i, 4 * i + 3), 3 * i);
  }
  return { widthPx, heightPx, rgb };
}
