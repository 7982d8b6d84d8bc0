import { shapeSlope, shapeValue, transitionValue, type TransitionShape } from '../../../sim/behaviours/transition-shape';

const SMOOTH: TransitionShape[] = ['linear', 'cubic', 'sinusoidal'];

describe('transition shapes', () => {
  it.each(SMOOTH)('%s maps 0 to 0 and 1 to 1', (shape) => {
    expect(shapeValue(shape, 0)).toBeCloseTo(0, 15);
    expect(shapeValue(shape, 1)).toBeCloseTo(1, 15);
  });

  it.each<[TransitionShape, number, number]>([
    ['linear', 0.3, 0.3],
    ['cubic', 0.5, 0.5],
    ['cubic', 0.2, 3 * 0.04 - 2 * 0.008],
    ['sinusoidal', 0.5, 0.5],
    ['sinusoidal', 1 / 3, 0.25],
    ['step', 0, 1],
  ])('%s at x = %p is %p', (shape, x, expected) => {
    expect(shapeValue(shape, x)).toBeCloseTo(expected, 12);
  });

  it.each(SMOOTH)('%s slope is the derivative of its value and is never negative', (shape) => {
    const h = 1e-6;
    for (let x = 0.05; x < 1; x += 0.1) {
      expect(shapeSlope(shape, x)).toBeCloseTo((shapeValue(shape, x + h) - shapeValue(shape, x - h)) / (2 * h), 6);
      expect(shapeSlope(shape, x)).toBeGreaterThanOrEqual(0);
    }
  });

  it('steps at the start time exactly', () => {
    expect(transitionValue('step', 1, 2, 5, 3, 4.999)).toBe(1);
    expect(transitionValue('step', 1, 2, 5, 3, 5)).toBe(2);
  });
});
