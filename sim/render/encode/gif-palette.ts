/**
 * One palette for a whole animation by median cut (Heckbert, "Color image quantization for frame
 * buffer display", SIGGRAPH 1982), in two phases as in Leptonica's modified median cut: colours
 * are binned at 5 bits per channel; the first half of the entries split the box with the largest
 * count x longest side at its weighted median (where the pixels are), the second half split the
 * box with the longest side at the middle of that side (so a rare but distinct colour, a small red
 * car on a grey road, is cut off into its own box). Each entry is the mean colour of its box's
 * pixels. Deterministic: ties break by position in the box list.
 */

const BITS = 5;
const BINS = 1 << (3 * BITS);

export interface GifPalette {
  /** RGB entries, 3 bytes each (at most 256 entries). */
  readonly rgb: Uint8Array;
  readonly size: number;
  /** Palette index per 15-bit colour bin ((r >> 3) << 10 | (g >> 3) << 5 | b >> 3). */
  readonly lookup: Uint8Array;
}

/** The 15-bit bin of an 8-bit RGB colour. */
export function colourBin(r: number, g: number, b: number): number {
  return ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);
}

interface Box {
  readonly bins: number[];
  readonly count: number;
}

function channel(bin: number, c: number): number {
  return (bin >> (10 - 5 * c)) & 31;
}

function extent(box: Box): { side: number; length: number } {
  let side = 0;
  let length = -1;
  for (let c = 0; c < 3; c++) {
    let lo = 31;
    let hi = 0;
    for (const bin of box.bins) {
      const v = channel(bin, c);
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (hi - lo > length) {
      length = hi - lo;
      side = c;
    }
  }
  return { side, length };
}

/** Splits a box along `side`: at the weighted median, or at the middle of the side's range. */
function split(box: Box, side: number, counts: Uint32Array, atMedian: boolean): [Box, Box] {
  const bins = [...box.bins].sort((p, q) => channel(p, side) - channel(q, side) || p - q);
  let cut = 1;
  if (atMedian) {
    let acc = 0;
    for (let i = 0; i < bins.length - 1; i++) {
      acc += counts[bins[i]];
      cut = i + 1;
      if (acc * 2 >= box.count) break;
    }
  } else {
    const middle = (channel(bins[0], side) + channel(bins[bins.length - 1], side)) / 2;
    while (cut < bins.length - 1 && channel(bins[cut], side) <= middle) cut++;
  }
  const a = bins.slice(0, cut);
  const b = bins.slice(cut);
  const sum = (list: number[]) => list.reduce((n, bin) => n + counts[bin], 0);
  return [{ bins: a, count: sum(a) }, { bins: b, count: sum(b) }];
}

/** A palette of at most `maxColours` entries for all pixels of all frames (RGB, 3 bytes each). */
export function buildGifPalette(frames: readonly Uint8Array[], maxColours = 256): GifPalette {
  if (!Number.isInteger(maxColours) || maxColours < 2 || maxColours > 256) {
    throw new RangeError(`buildGifPalette: maxColours must be an integer from 2 to 256 (got ${maxColours})`);
  }
  const counts = new Uint32Array(BINS);
  const sums = new Float64Array(3 * BINS);
  for (const rgb of frames) {
    for (let i = 0; i < rgb.length; i += 3) {
      const bin = colourBin(rgb[i], rgb[i + 1], rgb[i + 2]);
      counts[bin]++;
      sums[3 * bin] += rgb[i];
      sums[3 * bin + 1] += rgb[i + 1];
      sums[3 * bin + 2] += rgb[i + 2];
    }
  }
  const used: number[] = [];
  for (let bin = 0; bin < BINS; bin++) if (counts[bin] > 0) used.push(bin);
  let boxes: Box[] = used.length > 0 ? [{ bins: used, count: used.reduce((n, bin) => n + counts[bin], 0) }] : [];
  while (boxes.length < maxColours) {
    const byPopulation = boxes.length < maxColours / 2;
    let best = -1;
    let bestScore = 0;
    let bestSide = 0;
    boxes.forEach((box, i) => {
      if (box.bins.length < 2) return;
      const { side, length } = extent(box);
      const score = byPopulation ? box.count * (length + 1) : length + 1;
      if (score > bestScore) {
        bestScore = score;
        best = i;
        bestSide = side;
      }
    });
    if (best < 0) break;
    const [a, b] = split(boxes[best], bestSide, counts, byPopulation);
    boxes = [...boxes.slice(0, best), a, b, ...boxes.slice(best + 1)];
  }
  const size = Math.max(1, boxes.length);
  const rgb = new Uint8Array(3 * size);
  boxes.forEach((box, i) => {
    for (let c = 0; c < 3; c++) {
      const total = box.bins.reduce((n, bin) => n + sums[3 * bin + c], 0);
      rgb[3 * i + c] = Math.round(total / box.count);
    }
  });
  const lookup = new Uint8Array(BINS);
  for (const bin of used) {
    const r = sums[3 * bin] / counts[bin];
    const g = sums[3 * bin + 1] / counts[bin];
    const b = sums[3 * bin + 2] / counts[bin];
    let bestIndex = 0;
    let bestSq = Infinity;
    for (let i = 0; i < size; i++) {
      const dSq = (rgb[3 * i] - r) ** 2 + (rgb[3 * i + 1] - g) ** 2 + (rgb[3 * i + 2] - b) ** 2;
      if (dSq < bestSq) {
        bestSq = dSq;
        bestIndex = i;
      }
    }
    lookup[bin] = bestIndex;
  }
  return { rgb, size, lookup };
}
