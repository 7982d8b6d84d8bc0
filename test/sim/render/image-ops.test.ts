import { sideBySide, upscaleNearest } from '../../../sim/render/image-ops';
import { colouriseClassMap, SEMANTIC_COLOURS, SEMANTIC_IDS, SEMANTIC_NAMES } from '../../../sim/render/semantic-classes';

describe('image helpers', () => {
  test('nearest-neighbour upscale repeats each pixel factor x factor times', () => {
    const im = { widthPx: 2, heightPx: 1, rgb: Uint8Array.of(1, 2, 3, 4, 5, 6) };
    const up = upscaleNearest(im, 2);
    expect([up.widthPx, up.heightPx]).toEqual([4, 2]);
    expect(Array.from(up.rgb)).toEqual([1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6, 1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6]);
    expect(upscaleNearest(im, 1)).toBe(im);
    expect(() => upscaleNearest(im, 0)).toThrow(/factor must be an integer >= 1/);
  });

  test('places images side by side with a gap, top-aligned', () => {
    const a = { widthPx: 1, heightPx: 2, rgb: Uint8Array.of(9, 9, 9, 8, 8, 8) };
    const b = { widthPx: 1, heightPx: 1, rgb: Uint8Array.of(7, 7, 7) };
    const out = sideBySide([a, b], 1);
    expect([out.widthPx, out.heightPx]).toEqual([3, 2]);
    expect(Array.from(out.rgb)).toEqual([9, 9, 9, 0, 0, 0, 7, 7, 7, 8, 8, 8, 0, 0, 0, 0, 0, 0]);
  });

  test('semantic ids, names and display colours agree', () => {
    SEMANTIC_NAMES.forEach((name, id) => expect(SEMANTIC_IDS[name]).toBe(id));
    expect(SEMANTIC_COLOURS).toHaveLength(SEMANTIC_NAMES.length);
    expect(Array.from(colouriseClassMap(Uint8Array.of(SEMANTIC_IDS.road, 200)))).toEqual([...SEMANTIC_COLOURS[SEMANTIC_IDS.road], 0, 0, 0]);
  });
});
