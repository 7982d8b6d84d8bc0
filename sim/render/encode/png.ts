/**
 * PNG encoder for 8-bit RGB and greyscale images (W3C PNG specification, 2nd edition): signature,
 * IHDR, one IDAT with the zlib stream of the filtered scanlines, IEND. Each scanline takes the
 * filter (None, Sub, Up, Average, Paeth) with the smallest sum of absolute residuals, the
 * heuristic the spec recommends (section 12.8). Deflate is node:zlib's; pure otherwise.
 */
import { deflateSync } from 'node:zlib';
import { crc32 } from './crc32';

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const COLOUR_TYPE = { grey: 0, rgb: 2 } as const;
export type PngColour = keyof typeof COLOUR_TYPE;
const CHANNELS: Record<PngColour, number> = { grey: 1, rgb: 3 };

/** The Paeth predictor of PNG filter type 4 (the PNG specification, section 9.4). */
export function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Residual of filter `type` at byte i of the row (bpp bytes per pixel), mod 256. */
function residual(type: number, cur: Uint8Array, prev: Uint8Array | null, i: number, bpp: number): number {
  const x = cur[i];
  const a = i >= bpp ? cur[i - bpp] : 0;
  const b = prev ? prev[i] : 0;
  const c = prev && i >= bpp ? prev[i - bpp] : 0;
  switch (type) {
    case 1: return (x - a) & 0xff;
    case 2: return (x - b) & 0xff;
    case 3: return (x - ((a + b) >> 1)) & 0xff;
    case 4: return (x - paeth(a, b, c)) & 0xff;
    default: return x;
  }
}

function filterRows(pixels: Uint8Array, widthPx: number, heightPx: number, bpp: number): Uint8Array {
  const stride = widthPx * bpp;
  const out = new Uint8Array(heightPx * (stride + 1));
  for (let y = 0; y < heightPx; y++) {
    const cur = pixels.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : null;
    let bestType = 0;
    let bestCost = Infinity;
    for (let type = 0; type <= 4; type++) {
      let cost = 0;
      for (let i = 0; i < stride; i++) {
        const r = residual(type, cur, prev, i, bpp);
        cost += r < 128 ? r : 256 - r; // residuals as signed bytes
      }
      if (cost < bestCost) {
        bestCost = cost;
        bestType = type;
      }
    }
    const o = y * (stride + 1);
    out[o] = bestType;
    for (let i = 0; i < stride; i++) out[o + 1 + i] = residual(bestType, cur, prev, i, bpp);
  }
  return out;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

/** A PNG file of an 8-bit image: `pixels` is row-major, top row first, 3 (rgb) or 1 (grey) bytes per pixel. */
export function encodePng(pixels: Uint8Array, widthPx: number, heightPx: number, colour: PngColour = 'rgb'): Uint8Array {
  const bpp = CHANNELS[colour];
  if (!Number.isInteger(widthPx) || !Number.isInteger(heightPx) || widthPx < 1 || heightPx < 1) {
    throw new RangeError(`encodePng: size must be positive integers (got ${widthPx} x ${heightPx})`);
  }
  if (pixels.length !== widthPx * heightPx * bpp) {
    throw new RangeError(`encodePng: expected ${widthPx * heightPx * bpp} bytes for ${widthPx} x ${heightPx} ${colour}, got ${pixels.length}`);
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, widthPx);
  view.setUint32(4, heightPx);
  header[8] = 8; // bit depth
  header[9] = COLOUR_TYPE[colour];
  // compression 0 (deflate), filter method 0, interlace 0 (none): already zero.
  const idat = deflateSync(filterRows(pixels, widthPx, heightPx, bpp), { level: 9 });
  const parts = [Uint8Array.from(PNG_SIGNATURE), chunk('IHDR', header), chunk('IDAT', new Uint8Array(idat.buffer, idat.byteOffset, idat.length)), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
