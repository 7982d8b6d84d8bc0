import { DEFAULT_APPEARANCE } from '../../../sim/render/appearance';
import { buildBackground, fogShare } from '../../../sim/render/background';
import { SEMANTIC_IDS } from '../../../sim/render/semantic-classes';
import { LEVEL_CAMERA } from './scene';

const firstGroundRow = (classes: Uint8Array, w: number) => {
  for (let y = 0; y < classes.length / w; y++) if (classes[y * w] === SEMANTIC_IDS.ground) return y;
  return -1;
};

describe('background', () => {
  test.each([
    // Horizon at v = cy + f tan(pitch): 32 (level), 32 - 32 tan 5 deg = 29.2, 32 + 32 tan 10 deg = 37.6.
    [0, 32],
    [-5, 29],
    [10, 38],
  ])('at pitch %p deg the first ground row is %p (horizon v = cy + f tan pitch)', (pitchDeg, row) => {
    const bg = buildBackground({ ...LEVEL_CAMERA, pitchRad: (pitchDeg * Math.PI) / 180 }, 1, DEFAULT_APPEARANCE, 150);
    expect(firstGroundRow(bg.classes, 64)).toBe(row);
    expect(bg.rowDepthM[row - 1]).toBe(Infinity);
    expect(bg.rowDepthM[row]).toBeGreaterThan(0);
  });

  test('every pixel of a row shares one colour and class (the camera does not roll)', () => {
    const bg = buildBackground(LEVEL_CAMERA, 2, DEFAULT_APPEARANCE, 150);
    for (let y = 0; y < 128; y++) for (let x = 1; x < 128; x++) expect(bg.colour[y * 128 + x]).toBe(bg.colour[y * 128]);
  });

  test('haze grows linearly from its start to its maximum at the draw distance', () => {
    const a = { ...DEFAULT_APPEARANCE, fogStartM: 50, fogMax: 0.8 };
    expect([fogShare(a, 150, 10), fogShare(a, 150, 100), fogShare(a, 150, 150), fogShare(a, 150, 1e6)]).toEqual([0, 0.4, 0.8, 0.8]);
  });
});
