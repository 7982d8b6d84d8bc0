import { inflateSync } from 'node:zlib';
import { crc32 } from '../../../../sim/render/encode/crc32';
import { encodePng } from '../../../../sim/render/encode/png';

/** Minimal PNG reader for the test: chunks, CRCs, inflate, and the five scanline filters undone. */
function decodePng(png: Uint8Array): { width: number; height: number; colourType: number; pixels: Uint8Array } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  let o = 8;
  let width = 0;
  let height = 0;
  let colourType = 0;
  const idat: Uint8Array[] = [];
  const types: string[] = [];
  while (o < png.length) {
    const len = view.getUint32(o);
    const type = String.fromCharCode(...png.subarray(o + 4, o + 8));
    const data = png.subarray(o + 8, o + 8 + len);
    expect(view.getUint32(o + 8 + len)).toBe(crc32(png, o + 4, o + 8 + len));
    types.push(type);
    if (type === 'IHDR') {
      width = view.getUint32(o + 8);
      height = view.getUint32(o + 12);
      expect(data[8]).toBe(8);
      colourType = data[9];
    }
    if (type === 'IDAT') idat.push(data);
    o += 12 + len;
  }
  expect(types[0]).toBe('IHDR');
  expect(types[types.length - 1]).toBe('IEND');
  const raw = inflateSync(Buffer.concat(idat));
  const bpp = colourType === 2 ? 3 : 1;
  const stride = width * bpp;
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i];
      const a = i >= bpp ? pixels[y * stride + i - bpp] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + i] : 0;
      const c = y > 0 && i >= bpp ? pixels[(y - 1) * stride + i - bpp] : 0;
      const p = a + b - c;
      const pr = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, pr][filter];
      pixels[y * stride + i] = (x + predictor) & 0xff;
    }
  }
  return { width, height, colourType, pixels };
}

/** Deterministic test image: gradients, flat areas and noise so that every filter gets chosen. */
function testImage(w: number, h: number, channels: number, seed: number): Uint8Array {
  const out = new Uint8Array(w * h * channels);
  let s = seed;
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const x = Math.floor(i / channels) % w;
    const y = Math.floor(i / channels / w);
    out[i] = y < h / 3 ? 90 : y < (2 * h) / 3 ? (x * 7 + y * 3) & 0xff : s >>> 24;
  }
  return out;
}

describe('PNG encoder', () => {
  test('CRC-32 matches the standard check value for "123456789"', () => {
    expect(crc32(Uint8Array.from(Buffer.from('123456789')))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  test.each([
    [1, 1, 'rgb', 3],
    [64, 64, 'rgb', 3],
    [37, 19, 'rgb', 3],
    [64, 32, 'grey', 1],
  ] as const)('round-trips a %ix%i %s image byte for byte', (w, h, colour, channels) => {
    const pixels = testImage(w, h, channels, w * 31 + h);
    const decoded = decodePng(encodePng(pixels, w, h, colour));
    expect([decoded.width, decoded.height, decoded.colourType]).toEqual([w, h, colour === 'rgb' ? 2 : 0]);
    expect(Buffer.from(decoded.pixels).equals(Buffer.from(pixels))).toBe(true);
  });

  test('is deterministic and compresses flat images well', () => {
    const flat = new Uint8Array(64 * 64 * 3).fill(120);
    const a = encodePng(flat, 64, 64);
    expect(Buffer.from(a).equals(Buffer.from(encodePng(flat, 64, 64)))).toBe(true);
    expect(a.length).toBeLessThan(200);
  });

  test.each([
    [new Uint8Array(10), 2, 2, /expected 12 bytes for 2 x 2 rgb, got 10/],
    [new Uint8Array(0), 0, 2, /size must be positive integers/],
  ])('rejects mismatched input (%#)', (pixels, w, h, message) => {
    expect(() => encodePng(pixels, w, h)).toThrow(message);
  });
});
