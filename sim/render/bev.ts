/**
 * Top-down (bird's-eye view) image of the same world, centred on the ego with its heading pointing
 * up: lanes, shoulders, kerbs and markings from the road mesh, agent footprints in their class
 * palettes (the front third darker, to show heading) and the ego in its own colour. A 2-D raster
 * through the same triangle filler, with a constant "depth" per layer so that layers stack in a
 * fixed order (ground < road < kerb < marking < agents < ego).
 */
import { boxCorners } from '../collision/obb';
import type { RoadNetwork } from '../road/types';
import type { AgentState, World } from '../types';
import { DEFAULT_APPEARANCE, mixRgb, packRgb, type Appearance, type Rgb } from './appearance';
import { agentColourIndex } from './agent-boxes';
import { MATERIAL, MATERIAL_COUNT } from './mesh-chunk';
import { createRasterTarget, fillTriangle, type RasterTarget } from './raster';
import { resolveRgb } from './resolve';
import { MARKING_WIDTH_M, roadMesh } from './road-mesh';
import { AGENT_SEMANTIC_ID, SEMANTIC_IDS } from './semantic-classes';

export interface BevOptions {
  /** Image size, px. Default 128 x 128. */
  readonly widthPx?: number;
  readonly heightPx?: number;
  /** Ground resolution, m per pixel. Default 0.5 (a 64 m square at 128 px). */
  readonly metresPerPx?: number;
  /** Ego position down the image as a share of its height (0 top, 1 bottom). Default 0.7. */
  readonly egoRowShare?: number;
  /** Samples per pixel side. Default 2. */
  readonly supersample?: number;
  readonly appearance?: Appearance;
}

export interface BevRenderer {
  readonly widthPx: number;
  readonly heightPx: number;
  /** RGB, widthPx * heightPx * 3; the array is reused by the next call. */
  render(world: World): Uint8Array;
}

/** The ego's colour in the BEV: orange, a hue no agent palette uses. */
export const BEV_EGO_COLOUR: Rgb = [255, 140, 0];
/** Drawn lines are at least this many samples wide; thinner lines fade (as in the camera view). */
const MIN_LINE_SAMPLES = 1.2;
/** Heading cue: the front share of each footprint is drawn darker. */
const FRONT_SHARE = 1 / 3;
const FRONT_SHADE = 0.6;

const LAYER: Record<number, number> = {
  [MATERIAL.shoulder]: 1,
  [MATERIAL.road]: 2,
  [MATERIAL.kerbSide]: 3,
  [MATERIAL.kerbTop]: 3,
  [MATERIAL.marking]: 4,
};
const AGENT_LAYER = 5;
const EGO_LAYER = 6;

const corners = new Float64Array(8);

function shadePacked(rgb: Rgb, k: number): number {
  return packRgb([rgb[0] * k, rgb[1] * k, rgb[2] * k]);
}

export function createBevRenderer(road: RoadNetwork, options: BevOptions = {}): BevRenderer {
  const w = options.widthPx ?? 128;
  const h = options.heightPx ?? 128;
  const ss = options.supersample ?? 2;
  const mpp = options.metresPerPx ?? 0.5;
  const a = options.appearance ?? DEFAULT_APPEARANCE;
  if (!(mpp > 0) || !Number.isInteger(w) || !Number.isInteger(h) || w < 1 || h < 1 || !Number.isInteger(ss) || ss < 1) {
    throw new RangeError(`createBevRenderer: bad size ${w} x ${h}, supersample ${ss} or metresPerPx ${mpp}`);
  }
  const mesh = roadMesh(road);
  const t: RasterTarget = createRasterTarget(w * ss, h * ss);
  const pxPerM = ss / mpp;
  const egoRow = (options.egoRowShare ?? 0.7) * h * ss;
  const trueHalfM = MARKING_WIDTH_M / 2;
  const widenM = Math.max(0, MIN_LINE_SAMPLES / 2 / pxPerM - trueHalfM);
  const lineAlpha = trueHalfM / (trueHalfM + widenM);
  const colours = new Uint32Array(MATERIAL_COUNT);
  colours[MATERIAL.road] = packRgb(a.road);
  colours[MATERIAL.shoulder] = packRgb(a.shoulder);
  colours[MATERIAL.kerbTop] = packRgb(a.kerb);
  colours[MATERIAL.kerbSide] = packRgb(a.kerb);
  colours[MATERIAL.marking] = packRgb(mixRgb(a.road, a.marking, lineAlpha));
  const grass = packRgb(a.grass);
  const rgb = new Uint8Array(w * h * 3);
  // The view's half diagonal: chunks farther than this plus their radius are off the image.
  const viewRadiusM = (Math.hypot(w, h) * mpp) / 2 + Math.abs(egoRow / ss - h / 2) * mpp;
  let scratch = new Float64Array(2 * Math.max(1, mesh.maxChunkVertices));

  return {
    widthPx: w,
    heightPx: h,
    render(world) {
      const ego = world.ego.pose;
      const c = Math.cos(ego.yaw);
      const s = Math.sin(ego.yaw);
      // Screen u grows to the ego's right (sin, -cos), v grows backwards (-cos, -sin).
      const su = (x: number, y: number) => (w * ss) / 2 + ((x - ego.x) * s - (y - ego.y) * c) * pxPerM;
      const sv = (x: number, y: number) => egoRow - ((x - ego.x) * c + (y - ego.y) * s) * pxPerM;
      t.colour.fill(grass);
      t.classes.fill(SEMANTIC_IDS.ground);
      t.inverseDepth.fill(0);
      for (const chunk of mesh.chunks) {
        if (Math.hypot(chunk.centreX - ego.x, chunk.centreY - ego.y) - chunk.radiusM > viewRadiusM) continue;
        const v = chunk.vertices;
        if (scratch.length < (2 * v.length) / 3) scratch = new Float64Array((2 * v.length) / 3);
        for (let i = 0, j = 0; i < v.length; i += 3, j++) {
          let x = v[i];
          let y = v[i + 1];
          if (chunk.expand !== null) {
            x += chunk.expand[2 * j] * widenM;
            y += chunk.expand[2 * j + 1] * widenM;
          }
          scratch[2 * j] = su(x, y);
          scratch[2 * j + 1] = sv(x, y);
        }
        const tris = chunk.triangles;
        for (let k = 0; k < chunk.materials.length; k++) {
          const m = chunk.materials[k];
          const p0 = 2 * tris[3 * k];
          const p1 = 2 * tris[3 * k + 1];
          const p2 = 2 * tris[3 * k + 2];
          const q = LAYER[m];
          fillTriangle(t, scratch[p0], scratch[p0 + 1], q, scratch[p1], scratch[p1 + 1], q, scratch[p2], scratch[p2 + 1], q, colours[m], SEMANTIC_IDS.road);
        }
      }
      const footprint = (agent: AgentState, colour: Rgb, layer: number, cls: number): void => {
        boxCorners(agent.pose, agent.size, corners);
        // Corners: front-left, rear-left, rear-right, front-right; split at FRONT_SHARE from the front.
        const lerp = (i: number, j: number, k: number) => corners[i] + (corners[j] - corners[i]) * k;
        const mlx = lerp(0, 2, FRONT_SHARE);
        const mly = lerp(1, 3, FRONT_SHARE);
        const mrx = lerp(6, 4, FRONT_SHARE);
        const mry = lerp(7, 5, FRONT_SHARE);
        const body = packRgb(colour);
        const front = shadePacked(colour, FRONT_SHADE);
        const quad = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number, col: number) => {
          fillTriangle(t, su(ax, ay), sv(ax, ay), layer, su(bx, by), sv(bx, by), layer, su(cx, cy), sv(cx, cy), layer, col, cls);
          fillTriangle(t, su(ax, ay), sv(ax, ay), layer, su(cx, cy), sv(cx, cy), layer, su(dx, dy), sv(dx, dy), layer, col, cls);
        };
        quad(corners[0], corners[1], mlx, mly, mrx, mry, corners[6], corners[7], front);
        quad(mlx, mly, corners[2], corners[3], corners[4], corners[5], mrx, mry, body);
      };
      for (const agent of world.actors) {
        if (!agent.active) continue;
        const palette = a.agentPalettes[agent.cls];
        footprint(agent, palette[agentColourIndex(agent, palette.length)], AGENT_LAYER, AGENT_SEMANTIC_ID[agent.cls]);
      }
      footprint(world.ego, BEV_EGO_COLOUR, EGO_LAYER, AGENT_SEMANTIC_ID[world.ego.cls]);
      resolveRgb(t, ss, rgb);
      return rgb;
    },
  };
}
