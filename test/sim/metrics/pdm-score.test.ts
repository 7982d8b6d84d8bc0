import { PDM_WEIGHTS, TTC_BOUND_S, pdmScore } from '../../../sim/metrics/pdm-score';
import type { PdmSubScores } from '../../../sim/metrics/types';
import type { World } from '../../../sim/types';
import { context, cruise, egoAt, parkedAt, score, worldAt } from './fixtures';

const PERFECT: PdmSubScores = { nc: 1, dac: 1, ttc: 1, c: 1, ep: 1 };

describe('pdmScore = NC * DAC * (5 TTC + 2 C + 5 EP) / 12', () => {
  it('uses NAVSIM\'s weights and TTC bound', () => {
    expect(PDM_WEIGHTS).toEqual({ ttc: 5, c: 2, ep: 5 });
    expect(TTC_BOUND_S).toBe(0.9);
  });

  it.each<[string, Partial<PdmSubScores>, number]>([
    ['perfect', {}, 1],
    ['a collision', { nc: 0 }, 0],
    ['off road', { dac: 0 }, 0],
    ['a TTC violation', { ttc: 0 }, 7 / 12],
    ['uncomfortable', { c: 0 }, 10 / 12],
    ['half the progress', { ep: 0.5 }, 9.5 / 12],
    ['no progress, uncomfortable, TTC violated', { ep: 0, c: 0, ttc: 0 }, 0],
  ])('%s -> %p', (_what, sub, expected) => {
    expect(pdmScore({ ...PERFECT, ...sub })).toBeCloseTo(expected, 12);
  });

  it('never rises when any one factor falls (all combinations on a grid)', () => {
    const levels = [0, 0.25, 0.5, 1];
    const keys: (keyof PdmSubScores)[] = ['nc', 'dac', 'ttc', 'c', 'ep'];
    for (const nc of [0, 1]) for (const dac of [0, 1]) for (const ttc of [0, 1]) for (const c of [0, 1]) for (const ep of levels) {
      const base: PdmSubScores = { nc, dac, ttc, c, ep };
      const s = pdmScore(base);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
      for (const key of keys) {
        for (const lower of levels.filter((v) => v < base[key])) {
          expect(pdmScore({ ...base, [key]: lower })).toBeLessThanOrEqual(s);
        }
      }
    }
  });
});

describe('adding a collision never raises the score', () => {
  /** Puts a car right on top of the ego at step k (a contact nothing else explains). */
  function withCollisionAt(worlds: readonly World[], k: number): World[] {
    return worlds.map((w, i) => (i === k ? { ...w, actors: [...w.actors, parkedAt('hit', w.ego.pose.x + 1, w.ego.pose.y)] } : w));
  }
  const jerky = cruise(10, 10, 30).map((w, i) => ({ ...w, ego: { ...w.ego, accelMps2: i % 2 === 0 ? 0 : 2 } }));
  const offRoad = cruise(10, 10, 30).map((w, i) => (i === 5 ? { ...w, ego: egoAt(w.ego.pose.x, { y: -3, speedMps: 10 }) } : w));
  const closeCall = cruise(10, 10, 20, () => [parkedAt('p', 40)]);
  it.each<[string, World[]]>([
    ['a perfect drive', cruise(10, 10, 30)],
    ['a stopped ego', cruise(10, 0, 30)],
    ['a jerky drive', jerky],
    ['a drive that leaves the road', offRoad],
    ['a close call with a parked car', closeCall],
  ])('for %s', (_what, worlds) => {
    const ctx = context({ expertFinal: { x: 60, y: 0 } });
    const before = score(worlds, ctx);
    for (const k of [0, 7, worlds.length - 1]) {
      const after = score(withCollisionAt(worlds, k), ctx);
      expect(after.values.score).toBeLessThanOrEqual(before.values.score as number);
      expect(after.values.score).toBe(0);
      expect(after.collision?.withId).toBe('hit');
      expect(after.collision?.atS).toBeCloseTo(worlds[k].timeS, 9);
    }
  });

  it('keeps the first collision when a later one follows', () => {
    const worlds = cruise(10, 10, 10).map((w, i) =>
      i === 3 || i === 8 ? { ...w, actors: [parkedAt(`hit${i}`, w.ego.pose.x, 0)] } : w,
    );
    expect(score(worlds).collision).toEqual({ withId: 'hit3', atS: expect.closeTo(0.3, 9) });
  });
});

describe('the score of a rollout', () => {
  it('fails the TTC bound at 0.9 s and passes it at 1.0 s', () => {
    // Parked car at 40, ego at 10 m/s: the TTC falls 0.1 s per step from 2.6 s (one step = 1 m).
    const ctx = context({ expertFinal: { x: 20, y: 0 } });
    const upTo = (steps: number) => score(cruise(10, 10, steps, () => [parkedAt('p', 40)]), ctx);
    expect(upTo(16).values.min_ttc).toBeCloseTo(1.0, 9);
    expect(upTo(16).pdm.ttc).toBe(1);
    expect(upTo(17).values.min_ttc).toBeCloseTo(0.9, 9);
    expect(upTo(17).pdm.ttc).toBe(0);
    expect(upTo(17).values.score).toBeCloseTo(7 / 12, 12);
  });

  it('stays in [0, 1]', () => {
    const worlds = [0, 1, 2].map((k) => worldAt(k, egoAt(20 + k, { speedMps: 20, accelMps2: 3 * k })));
    const s = score(worlds).values.score as number;
    expect(s).toBeGreaterThanOrEqual(0);
    expect(s).toBeLessThanOrEqual(1);
  });
});
