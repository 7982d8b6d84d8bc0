/**
 * Animated GIF encoder (GIF89a): one global palette for all frames (median cut, gif-palette.ts),
 * the NETSCAPE2.0 extension for looping, and per frame a graphic control extension (delay,
 * transparency) plus an LZW-coded image. From the second frame on, pixels whose palette index is
 * unchanged are written as the transparent index over the previous frame (disposal "do not
 * dispose"), so static sky and grass become long runs that LZW packs to almost nothing.
 */
import { buildGifPalette, colourBin } from './gif-palette';
import { lzwEncode } from './gif-lzw';

export interface GifOptions {
  /** Delay between frames, hundredths of a second. Default 10 (10 frames/s, the sim's rate). */
  readonly delayCs?: number;
  /** Loop forever (default true) or play once. */
  readonly loop?: boolean;
}

/** Palette entries: 255 colours plus the transparent index for unchanged pixels. */
const COLOURS = 255;
const TRANSPARENT = 255;
const MAX_SUB_BLOCK = 255;

class ByteWriter {
  private readonly parts: number[] = [];
  byte(b: number): void {
    this.parts.push(b & 0xff);
  }
  u16(v: number): void {
    this.byte(v);
    this.byte(v >> 8);
  }
  bytes(data: ArrayLike<number>): void {
    for (let i = 0; i < data.length; i++) this.parts.push(data[i]);
  }
  ascii(text: string): void {
    for (let i = 0; i < text.length; i++) this.parts.push(text.charCodeAt(i));
  }
  toUint8Array(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

/** An animated GIF of RGB frames (each widthPx * heightPx * 3 bytes, row-major). */
export function encodeGif(frames: readonly Uint8Array[], widthPx: number, heightPx: number, options: GifOptions = {}): Uint8Array {
  if (frames.length === 0) throw new RangeError('encodeGif: need at least one frame');
  if (!Number.isInteger(widthPx) || !Number.isInteger(heightPx) || widthPx < 1 || heightPx < 1 || widthPx > 65535 || heightPx > 65535) {
    throw new RangeError(`encodeGif: size must be integers from 1 to 65535 (got ${widthPx} x ${heightPx})`);
  }
  const n = widthPx * heightPx;
  frames.forEach((f, i) => {
    if (f.length !== n * 3) throw new RangeError(`encodeGif: frame ${i} has ${f.length} bytes, expected ${n * 3}`);
  });
  const delayCs = options.delayCs ?? 10;
  const palette = buildGifPalette(frames, COLOURS);
  const w = new ByteWriter();
  w.ascii('GIF89a');
  w.u16(widthPx);
  w.u16(heightPx);
  // Global colour table present, 8 bits colour resolution, unsorted, 2^(7 + 1) = 256 entries.
  w.byte(0xf7);
  w.byte(0); // background colour index
  w.byte(0); // pixel aspect ratio: square
  const table = new Uint8Array(256 * 3);
  table.set(palette.rgb);
  w.bytes(table);
  if (options.loop ?? true) {
    w.bytes([0x21, 0xff, 0x0b]);
    w.ascii('NETSCAPE2.0');
    w.bytes([0x03, 0x01, 0x00, 0x00, 0x00]); // sub-block: loop count 0 = forever
  }
  const previous = new Uint8Array(n);
  const indices = new Uint8Array(n);
  frames.forEach((rgb, f) => {
    for (let i = 0; i < n; i++) {
      const index = palette.lookup[colourBin(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2])];
      indices[i] = f > 0 && index === previous[i] ? TRANSPARENT : index;
      previous[i] = index;
    }
    // Graphic control extension: disposal 1 (leave in place), transparency flag on after frame 0.
    w.bytes([0x21, 0xf9, 0x04, (1 << 2) | (f > 0 ? 1 : 0)]);
    w.u16(delayCs);
    w.bytes([TRANSPARENT, 0x00]);
    // Image descriptor: full frame, no local table, not interlaced.
    w.byte(0x2c);
    w.u16(0);
    w.u16(0);
    w.u16(widthPx);
    w.u16(heightPx);
    w.byte(0);
    w.byte(8); // LZW minimum code size
    const codes = lzwEncode(indices, 8);
    for (let o = 0; o < codes.length; o += MAX_SUB_BLOCK) {
      const len = Math.min(MAX_SUB_BLOCK, codes.length - o);
      w.byte(len);
      w.bytes(codes.subarray(o, o + len));
    }
    w.byte(0); // block terminator
  });
  w.byte(0x3b); // trailer
  return w.toUint8Array();
}
