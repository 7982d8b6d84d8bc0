import { AGENT_PALETTES, appearanceFromSeed, DEFAULT_APPEARANCE, faceShade, packLit, type Rgb } from '../../../sim/render/appearance';
import { AGENT_CLASSES } from '../../../sim/types';

const distance = (a: Rgb, b: Rgb) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

describe('appearance', () => {
  test('shades a face by Lambert: facing the sun is full light, facing away is ambient (hand-computed)', () => {
    const a = { ...DEFAULT_APPEARANCE, sunAzimuthRad: 0, sunElevationRad: Math.PI / 6, ambient: 0.5 };
    expect(faceShade(a, 0, 0, 1)).toBeCloseTo(0.5 + 0.5 * 0.5, 12); // sin 30 deg
    expect(faceShade(a, 1, 0, 0)).toBeCloseTo(0.5 + 0.5 * Math.cos(Math.PI / 6), 12);
    expect(faceShade(a, -1, 0, 0)).toBe(0.5);
  });

  test('packs lit colours as 0x00BBGGRR, rounded and clamped', () => {
    expect(packLit([100, 50, 200], 1, [1, 1, 1])).toBe(100 | (50 << 8) | (200 << 16));
    expect(packLit([200, 10, 0], 2, [1, 1, 1])).toBe(255 | (20 << 8));
  });

  test('the same seed gives the same look, different seeds different looks', () => {
    expect(appearanceFromSeed(3)).toEqual(appearanceFromSeed(3));
    const roads = new Set([0, 1, 2, 3, 4, 5].map((s) => appearanceFromSeed(s).road[0]));
    expect(roads.size).toBe(6);
  });

  test.each([0, 1, 2, 3, 4, 5, 6, 7])('with look %i the top of every agent stays lighter than its sides', (seed) => {
    const a = appearanceFromSeed(seed);
    for (const yaw of [0, 1, 2, 3, 4, 5, 6]) expect(faceShade(a, 0, 0, 1)).toBeGreaterThanOrEqual(faceShade(a, Math.cos(yaw), Math.sin(yaw), 0));
  });

  test('agent palettes are far from every scene colour and from each other class', () => {
    const scene: Rgb[] = [];
    for (const seed of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]) {
      const a = appearanceFromSeed(seed);
      scene.push(a.road, a.grass, a.marking, a.kerb, a.shoulder, a.skyHorizon, a.skyZenith, a.haze);
    }
    for (const cls of AGENT_CLASSES) {
      for (const c of AGENT_PALETTES[cls]) {
        expect(Math.min(...scene.map((s) => distance(c, s)))).toBeGreaterThan(90);
        for (const other of AGENT_CLASSES) {
          if (other === cls) continue;
          expect(Math.min(...AGENT_PALETTES[other].map((o) => distance(c, o)))).toBeGreaterThan(90);
        }
      }
    }
  });
});
