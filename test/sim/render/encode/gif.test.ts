import { encodeGif } from '../../../../sim/render/encode/gif';
import { lzwEncode } from '../../../../sim/render/encode/gif-lzw';
import { buildGifPalette, colourBin } from '../../../../sim/render/encode/gif-palette';

/** Reference LZW decoder written from the GIF89a specification (appendix F). */
function lzwDecode(codes: Uint8Array, minCodeSize: number): number[] {
  const clear = 1 << minCodeSize;
  const eoi = clear + 1;
  let size = minCodeSize + 1;
  let dict: number[][] = [];
  const reset = () => {
    dict = [];
    for (let i = 0; i < clear; i++) dict.push([i]);
    dict.push([], []);
    size = minCodeSize + 1;
  };
  reset();
  const out: number[] = [];
  let bit = 0;
  let prev: number[] | null = null;
  for (;;) {
    let code = 0;
    for (let i = 0; i < size; i++, bit++) code |= ((codes[bit >> 3] >> (bit & 7)) & 1) << i;
    if (code === clear) {
      reset();
      prev = null;
      continue;
    }
    if (code === eoi) break;
    let entry: number[];
    if (code < dict.length) entry = dict[code];
    else if (code === dict.length && prev) entry = [...prev, prev[0]];
    else throw new Error(`bad code ${code}`);
    out.push(...entry);
    if (prev) dict.push([...prev, entry[0]]);
    prev = entry;
    if (dict.length === 1 << size && size < 12) size++;
  }
  return out;
}

interface DecodedGif {
  width: number;
  height: number;
  palette: Uint8Array;
  frames: Uint8Array[];
  delays: number[];
  loops: boolean;
}

/** Walks the GIF block structure; composites frames with transparency (disposal: leave in place). */
function decodeGif(gif: Uint8Array): DecodedGif {
  expect(String.fromCharCode(...gif.subarray(0, 6))).toBe('GIF89a');
  const u16 = (o: number) => gif[o] | (gif[o + 1] << 8);
  const width = u16(6);
  const height = u16(8);
  const packed = gif[10];
  const tableSize = 2 << (packed & 7);
  const palette = gif.subarray(13, 13 + 3 * tableSize);
  let o = 13 + 3 * tableSize;
  const frames: Uint8Array[] = [];
  const delays: number[] = [];
  let loops = false;
  let transparent = -1;
  const canvas = new Uint8Array(width * height * 3);
  const subBlocks = (): Uint8Array => {
    const parts: number[] = [];
    while (gif[o] !== 0) {
      parts.push(...gif.subarray(o + 1, o + 1 + gif[o]));
      o += 1 + gif[o];
    }
    o++;
    return Uint8Array.from(parts);
  };
  for (;;) {
    const b = gif[o++];
    if (b === 0x3b) break;
    if (b === 0x21) {
      const label = gif[o++];
      if (label === 0xf9) {
        const data = subBlocks();
        transparent = data[0] & 1 ? data[3] : -1;
        delays.push(data[1] | (data[2] << 8));
      } else {
        const data = subBlocks();
        if (label === 0xff && String.fromCharCode(...data.subarray(0, 11)) === 'NETSCAPE2.0') loops = true;
      }
    } else if (b === 0x2c) {
      expect([u16(o), u16(o + 2), u16(o + 4), u16(o + 6), gif[o + 8]]).toEqual([0, 0, width, height, 0]);
      o += 9;
      const minCodeSize = gif[o++];
      const indices = lzwDecode(subBlocks(), minCodeSize);
      expect(indices).toHaveLength(width * height);
      indices.forEach((index, i) => {
        if (index === transparent) return;
        canvas.set(palette.subarray(3 * index, 3 * index + 3), 3 * i);
      });
      frames.push(canvas.slice());
    } else {
      throw new Error(`unexpected block 0x${b.toString(16)} at ${o - 1}`);
    }
  }
  expect(o).toBe(gif.length);
  return { width, height, palette, frames, delays, loops };
}

/** Frames of a small moving scene with few colours (so the palette holds them exactly). */
function movingFrames(count: number, w: number, h: number): Uint8Array[] {
  const colours = [[90, 140, 220], [80, 80, 85], [235, 235, 230], [200, 30, 30]];
  return Array.from({ length: count }, (_, f) => {
    const rgb = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let c = y < h / 2 ? 0 : 1;
        if (y >= h / 2 && (x + y + f * 3) % 9 === 0) c = 2;
        if (Math.abs(x - f - 4) < 3 && Math.abs(y - h / 2) < 3) c = 3;
        rgb.set(colours[c], 3 * (y * w + x));
      }
    }
    return rgb;
  });
}

describe('GIF encoder', () => {
  test('LZW output decodes back to the input indices (including table resets)', () => {
    let s = 7;
    const noisy = Uint8Array.from({ length: 20000 }, () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 24));
    const runs = Uint8Array.from({ length: 5000 }, (_, i) => Math.floor(i / 300) % 4);
    for (const indices of [noisy, runs, Uint8Array.of(5), new Uint8Array(0)]) {
      expect(lzwDecode(lzwEncode(indices, 8), 8)).toEqual(Array.from(indices));
    }
    expect(lzwDecode(lzwEncode(Uint8Array.of(0, 1, 2, 3, 3, 3, 3, 1), 2), 2)).toEqual([0, 1, 2, 3, 3, 3, 3, 1]);
  });

  test('writes header, looping extension, one image per frame and the trailer', () => {
    const frames = movingFrames(6, 24, 16);
    const gif = encodeGif(frames, 24, 16, { delayCs: 7 });
    const decoded = decodeGif(gif);
    expect([decoded.width, decoded.height, decoded.frames.length, decoded.loops]).toEqual([24, 16, 6, true]);
    expect(decoded.delays).toEqual([7, 7, 7, 7, 7, 7]);
    expect(gif[gif.length - 1]).toBe(0x3b);
    expect(decodeGif(encodeGif(frames, 24, 16, { loop: false })).loops).toBe(false);
  });

  test('round-trips frames with fewer than 256 colours exactly, delta frames included', () => {
    const frames = movingFrames(5, 32, 20);
    const decoded = decodeGif(encodeGif(frames, 32, 20));
    decoded.frames.forEach((f, i) => expect(Buffer.from(f).equals(Buffer.from(frames[i]))).toBe(true));
  });

  test('median cut keeps a rare saturated colour as its own palette entry', () => {
    // 10,000 grey-ish pixels in 400 shades and 4 red pixels: red must survive a 16-colour palette.
    const rgb = new Uint8Array(10004 * 3);
    for (let i = 0; i < 10000; i++) rgb.set([60 + (i % 20) * 5, 60 + (Math.floor(i / 20) % 20) * 5, 80], 3 * i);
    for (let i = 10000; i < 10004; i++) rgb.set([220, 20, 20], 3 * i);
    const palette = buildGifPalette([rgb], 16);
    const red = palette.lookup[colourBin(220, 20, 20)];
    expect(Array.from(palette.rgb.subarray(3 * red, 3 * red + 3))).toEqual([220, 20, 20]);
    expect(palette.size).toBe(16);
  });

  test.each([
    [[], 4, 4, /need at least one frame/],
    [[new Uint8Array(5)], 4, 4, /frame 0 has 5 bytes, expected 48/],
    [[new Uint8Array(0)], 0, 4, /size must be integers from 1 to 65535/],
  ])('rejects bad input (%#)', (frames, w, h, message) => {
    expect(() => encodeGif(frames as Uint8Array[], w as number, h as number)).toThrow(message);
  });
});
