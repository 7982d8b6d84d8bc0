import { evalCubic, laneT, outerBorderAt } from '../../../../scenarios/import/opendrive/lane-offsets';
import type { CubicRecord, OdLane, OdLaneSection, OdRoad } from '../../../../scenarios/import/opendrive/od-types';
import type { XmlElement } from '../../../../scenarios/import/opendrive/xml-dom';

const EL: XmlElement = { name: 'x', attrs: {}, children: [], text: '', line: 0, col: 0, path: '' };
const cubic = (sOffset: number, a: number, b = 0, c = 0, d = 0): CubicRecord => ({ sOffset, a, b, c, d });

function lane(id: number, widths: CubicRecord[], borders: CubicRecord[] = []): OdLane {
  return { id, type: 'driving', widths, borders, roadMarks: [], speeds: [], predecessorIds: [], successorIds: [], hasLink: false, el: EL };
}

const SECTION: OdLaneSection = {
  s: 10,
  sEnd: 60,
  lanes: [lane(-2, [cubic(0, 2, 0.1)]), lane(-1, [cubic(0, 3), cubic(20, 3, 0, 0.01, -0.0002)]), lane(0, []), lane(1, [cubic(0, 3.5)]), lane(2, [], [cubic(0, 6)])],
  el: EL,
};
const ROAD = { laneOffsets: [cubic(0, 0.25, 0.01)] } as unknown as OdRoad;

describe('lane offsets', () => {
  it.each([
    [[cubic(0, 1, 2, 3, 4)], 2, 1 + 4 + 12 + 32, 2 + 12 + 48],
    [[cubic(0, 1), cubic(5, 2, 1)], 4, 1, 0],
    [[cubic(0, 1), cubic(5, 2, 1)], 7, 4, 1],
    [[cubic(3, 1, 1)], 0, -2, 1],
    [[], 3, 0, 0],
  ])('evaluates cubic records %j at ds=%p to %p with rate %p', (records, ds, value, rate) => {
    expect(evalCubic(records, ds)).toEqual({ value, rate });
  });

  it('sums inner widths out from the centre lane (hand-computed at s = 40)', () => {
    // ds = 30 in the section; lane -1 uses its second record at x = 10: 3 + 1 - 0.2 = 3.8.
    expect(outerBorderAt(SECTION, -1, 40).value).toBeCloseTo(3.8, 12);
    expect(outerBorderAt(SECTION, -2, 40).value).toBeCloseTo(3.8 + 2 + 3, 12);
    // laneOffset 0.25 + 0.01 * 40 = 0.65; lane -2 centre = 0.65 - (3.8 + 5 / 2).
    expect(laneT(ROAD, SECTION, -2, 40, 0.5).value).toBeCloseTo(0.65 - 6.3, 12);
    expect(laneT(ROAD, SECTION, 1, 40, 0.5).value).toBeCloseTo(0.65 + 1.75, 12);
    // Lane 2 is given by its outer border (6 m from the centre lane): centre at 3.5 + 2.5 / 2.
    expect(laneT(ROAD, SECTION, 2, 40, 0.5).value).toBeCloseTo(0.65 + 4.75, 12);
  });

  it('makes adjacent lanes share their border (outer of one = inner of the next) at every s', () => {
    for (let s = 10; s <= 60; s += 2.5) {
      expect(laneT(ROAD, SECTION, -1, s, 1).value).toBeCloseTo(laneT(ROAD, SECTION, -2, s, 0).value, 12);
      expect(laneT(ROAD, SECTION, 1, s, 1).value).toBeCloseTo(laneT(ROAD, SECTION, 2, s, 0).value, 12);
      expect(laneT(ROAD, SECTION, -1, s, 0).value).toBeCloseTo(laneT(ROAD, SECTION, 0, s, 0).value, 12);
    }
  });

  it('gives the rate of t as the derivative of the width polynomials', () => {
    const h = 1e-6;
    const s = 45;
    const numeric = (laneT(ROAD, SECTION, -2, s + h, 0.5).value - laneT(ROAD, SECTION, -2, s - h, 0.5).value) / (2 * h);
    expect(laneT(ROAD, SECTION, -2, s, 0.5).rate).toBeCloseTo(numeric, 6);
  });
});
