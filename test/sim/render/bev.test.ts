import { DEFAULT_APPEARANCE } from '../../../sim/render/appearance';
import { BEV_EGO_COLOUR, createBevRenderer } from '../../../sim/render/bev';
import { buildStraightRoad } from '../../../sim/road/straight-road';
import { agent, world } from './scene';

const road = buildStraightRoad({ lengthM: 300, laneCount: 2, laneWidthM: 3.5, speedLimitMps: 25 });
const pixel = (rgb: Uint8Array, w: number, x: number, y: number) => Array.from(rgb.subarray(3 * (y * w + x), 3 * (y * w + x) + 3));

describe("bird's-eye view", () => {
  test('draws the ego at 70 % down the centre column and an agent 10 m ahead 20 px above it (0.5 m/px)', () => {
    const bev = createBevRenderer(road, { widthPx: 64, heightPx: 64, metresPerPx: 0.5 });
    // The lead car's rear (body, not the darker front third) is ~8.5 m ahead: row 44.8 - 17 ~ 28.
    const rgb = bev.render(world(agent('ego', 'car', 50, 0), [agent('lead', 'car', 60, 0)]));
    expect(pixel(rgb, 64, 32, 46)).toEqual([...BEV_EGO_COLOUR]);
    expect(DEFAULT_APPEARANCE.agentPalettes.car).toContainEqual(pixel(rgb, 64, 32, 27));
    // Road beside the ego and grass far to the side (the road is 7 m wide: +-7 px around lane centres).
    expect(pixel(rgb, 64, 26, 44)).toEqual([...DEFAULT_APPEARANCE.road]);
    expect(pixel(rgb, 64, 2, 44)).toEqual([...DEFAULT_APPEARANCE.grass]);
  });

  test('turns with the ego so that its heading always points up', () => {
    const bev = createBevRenderer(road, { widthPx: 48, heightPx: 48 });
    const east = bev.render(world(agent('ego', 'car', 50, 0, undefined, 0), [agent('lead', 'car', 58, 0)])).slice();
    // The same scene turned a quarter: the ego heading north, the lead 8 m north of it.
    const north = bev.render(world(agent('ego', 'car', 0, 50, undefined, Math.PI / 2), [agent('lead', 'car', 0, 58, undefined, Math.PI / 2)]));
    const agentRows = (rgb: Uint8Array) => {
      const rows = new Set<number>();
      for (let i = 0; i < 48 * 48; i++) if (rgb[3 * i] > 140 && rgb[3 * i + 1] < 80) rows.add(Math.floor(i / 48));
      return [...rows];
    };
    expect(agentRows(north)).toEqual(agentRows(east));
    expect(Math.max(...agentRows(east))).toBeLessThan(0.7 * 48);
  });

  test('is deterministic', () => {
    const w = world(agent('ego', 'car', 50, 0), [agent('p', 'pedestrian', 55, -3)]);
    const a = createBevRenderer(road).render(w).slice();
    expect(Buffer.from(createBevRenderer(road).render(w)).equals(Buffer.from(a))).toBe(true);
  });
});
