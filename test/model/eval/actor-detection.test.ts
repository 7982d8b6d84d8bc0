import { loadLibraryScenarios } from '../../../model/dataset/generate';
import { classifyPixel, detectActors, labelBlobs, rgbToHsv } from '../../../model/eval/actor-detection';
import { addPersistence, emptyPersistence, framePersistence, persistenceErrorRate } from '../../../model/eval/object-persistence';
import { projectActors } from '../../../model/eval/projected-actors';
import { classesAt, frameAt, loadEvalEpisode, splitEpisodes } from '../../../model/eval/test-episodes';
import { AGENT_PALETTES, appearanceFromSeed, DEFAULT_APPEARANCE, type Rgb } from '../../../sim/render/appearance';
import { AGENT_CLASSES } from '../../../sim/types';

const WHITE_LIGHT: Rgb = [1, 1, 1];

describe('class-colour pixel classifier', () => {
  it.each(AGENT_CLASSES.flatMap((cls, id) => AGENT_PALETTES[cls].map((c, k) => [cls, k, id, c] as const)))('reads %s palette colour %d, lit and shaded, as its class', (_cls, _k, id, c) => {
    for (const shade of [0.55, 0.8, 1]) {
      expect(classifyPixel(c[0] * shade, c[1] * shade, c[2] * shade, WHITE_LIGHT)).toBe(id);
    }
  });

  it('undoes the scene light: golden-hour magenta is still a cyclist, not a car', () => {
    const warm: Rgb = [1.12, 0.92, 0.72];
    const [r, g, b] = AGENT_PALETTES.cyclist[0];
    const lit = [r * warm[0], g * warm[1], b * warm[2]];
    expect(rgbToHsv(lit[0], lit[1], lit[2]).h).toBeGreaterThan(315); // the cast moves it 30 degrees towards red
    expect(classifyPixel(lit[0], lit[1], lit[2], warm)).toBe(AGENT_CLASSES.indexOf('cyclist'));
  });

  it.each([
    ['sky', DEFAULT_APPEARANCE.skyZenith],
    ['horizon', DEFAULT_APPEARANCE.skyHorizon],
    ['grass', DEFAULT_APPEARANCE.grass],
    ['road', DEFAULT_APPEARANCE.road],
    ['marking', DEFAULT_APPEARANCE.marking],
    ['kerb', DEFAULT_APPEARANCE.kerb],
    ['shoulder', DEFAULT_APPEARANCE.shoulder],
    ['haze', DEFAULT_APPEARANCE.haze],
  ])('reads the %s colour as scene', (_name, c) => {
    expect(classifyPixel(c[0], c[1], c[2], WHITE_LIGHT)).toBe(-1);
  });

  it('reads every seeded look of grass and road as scene', () => {
    for (let seed = 0; seed < 200; seed++) {
      const a = appearanceFromSeed(seed);
      for (const c of [a.grass, a.road, a.shoulder]) {
        expect(classifyPixel(c[0] * a.light[0], c[1] * a.light[1], c[2] * a.light[2], a.light)).toBe(-1);
      }
    }
  });
});

describe('blob labelling', () => {
  /** Labels from rows of characters: '.' scene, digits class ids. */
  function labels(rows: readonly string[]): Int8Array {
    return Int8Array.from(rows.join('').split(''), (ch) => (ch === '.' ? -1 : Number(ch)));
  }

  it('joins diagonal neighbours (8-connectivity), separates classes and drops small blobs', () => {
    const l = labels(['00....', '..0..1', '...0.1', '22...1', '2.....']);
    const blobs = labelBlobs(l, 6, 5, 2);
    expect(blobs.map((b) => [b.cls, b.areaPx, b.minX, b.maxX, b.minY, b.maxY])).toEqual([
      ['car', 4, 0, 3, 0, 2],
      ['truck', 3, 5, 5, 1, 3],
      ['cyclist', 3, 0, 1, 3, 4],
    ]);
    expect(labelBlobs(l, 6, 5, 4).map((b) => b.cls)).toEqual(['car']);
  });

  it("drops a one-pixel-thin yellow rim along a car, but not a pedestrian standing apart or a thick one", () => {
    const rim = labels(['00003', '00003', '00003', '.....']);
    expect(labelBlobs(rim, 5, 4, 1).find((b) => b.cls === 'pedestrian')?.fringe).toBe(true);
    const apart = labels(['000.3', '000.3', '000.3', '.....']);
    expect(labelBlobs(apart, 5, 4, 1).find((b) => b.cls === 'pedestrian')?.fringe).toBe(false);
    const thick = labels(['00033', '00033', '00033', '.....']);
    expect(labelBlobs(thick, 5, 4, 1).find((b) => b.cls === 'pedestrian')?.fringe).toBe(false);
  });
});

describe('detector sanity on the reference renderer', () => {
  it("finds the actors of the reference renderer's own frames with almost no hallucinated or vanished ones", () => {
    const library = loadLibraryScenarios();
    const source = { seed: 0, steps: 60, widthPx: 64, heightPx: 64, supersample: 2, library, split: 'test' as const };
    const totals = emptyPersistence();
    for (const ref of splitEpisodes(0, 'test', 6, library)) {
      const e = loadEvalEpisode(source, ref, 36);
      for (let t = 0; t < e.frames; t++) {
        const blobs = detectActors(frameAt(e, t), 64, 64, e.appearance.light);
        addPersistence(totals, framePersistence(blobs, projectActors(e.worlds[t], e.camera, classesAt(e, t))));
      }
    }
    // Enough actors in view that the rate means something (these 6 x 36 frames hold 183).
    expect(totals.actorFrames).toBeGreaterThan(150);
    expect(persistenceErrorRate(totals)).toBeLessThan(0.02);
  });
});
