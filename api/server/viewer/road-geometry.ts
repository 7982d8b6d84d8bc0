/**
 * The road as the viewer draws it: the very triangles the reference camera renders (sim/render
 * road-mesh: lane surfaces, shoulders, kerb tops, solid and dashed markings, the junction box),
 * flattened to 2-D and grouped by material, plus each lane's centreline for labels, hover and
 * dragging positions along a lane. Reusing the renderer's mesh keeps the map and the camera
 * telling the same story: a dash the camera shows is a dash on the map.
 */
import { MATERIAL } from '../../../sim/render/mesh-chunk';
import { roadMesh } from '../../../sim/render/road-mesh';
import type { RoadNetwork } from '../../../sim/road/types';
import type { LaneJson, MapMaterial, RoadGeometryJson } from './wire-types';

export type { LaneJson, MapMaterial, RoadGeometryJson } from './wire-types';

/** Ground-plane materials the map shows, bottom to top; kerb sides are vertical, so left out. */
export const MAP_MATERIALS: readonly MapMaterial[] = ['shoulder', 'road', 'kerbTop', 'marking'];

/** Centimetres are far below a pixel at any zoom the map allows; rounding halves the JSON. */
function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}

export function roadGeometryJson(network: RoadNetwork): RoadGeometryJson {
  const triangles: Record<MapMaterial, number[]> = { shoulder: [], road: [], kerbTop: [], marking: [] };
  const byMaterial = new Map<number, number[]>(MAP_MATERIALS.map((m) => [MATERIAL[m], triangles[m]]));
  for (const chunk of roadMesh(network).chunks) {
    for (let t = 0; t < chunk.materials.length; t++) {
      const out = byMaterial.get(chunk.materials[t]);
      if (out === undefined) continue;
      for (let k = 0; k < 3; k++) {
        const v = chunk.triangles[3 * t + k] * 3;
        out.push(round(chunk.vertices[v]), round(chunk.vertices[v + 1]));
      }
    }
  }
  const lanes = [...network.lanes.values()]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((lane): LaneJson => {
      const pl = lane.centerline;
      const centreline: number[] = [];
      for (let i = 0; i < pl.xs.length; i++) centreline.push(round(pl.xs[i]), round(pl.ys[i]));
      return {
        id: lane.id,
        kind: lane.kind,
        widthM: lane.widthM,
        speedLimitMps: lane.speedLimitMps,
        markingLeft: lane.markingLeft,
        markingRight: lane.markingRight,
        successorIds: lane.successorIds,
        centreline,
        s: Array.from(pl.s, round),
      };
    });
  return { kind: network.kind, bounds: { ...network.bounds }, triangles, lanes };
}
