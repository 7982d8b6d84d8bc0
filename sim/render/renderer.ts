/**
 * The reference camera: renders what the ego's camera sees in a World, as the ground truth that
 * the world model is trained on and judged against.
 *
 * Inputs: the RoadNetwork (static, meshed once and cached), a World per frame, a CameraModel.
 * Outputs per frame: RGB (H x W x 3 uint8, row-major, top row first), optionally the semantic
 * class map (H x W uint8, ids in semantic-classes.ts) and planar depth (H x W float32, m; Infinity
 * for sky). Pipeline, all on one core in plain TypeScript:
 *
 *   background copy (sky, hazed grass; per row)
 *   -> road chunks culled by bounding sphere, vertices to camera space, triangles near-clipped,
 *      projected and z-buffered (draw-road.ts, draw-triangle.ts, raster.ts)
 *   -> agent boxes except the ego's own, lit per face, back faces skipped (agent-boxes.ts)
 *   -> ss x ss box downsampling (resolve.ts).
 * Triangles that reach past the haze start are hazed per pixel as they are filled.
 *
 * Deterministic: the same world, options and appearance give identical bytes. The frame's arrays
 * are owned by the renderer and overwritten by the next call (no per-frame allocation); copy them
 * to keep a frame.
 */
import type { RoadNetwork } from '../road/types';
import type { World } from '../types';
import { drawAgentBox } from './agent-boxes';
import { DEFAULT_APPEARANCE, type Appearance } from './appearance';
import { buildBackground, type Background } from './background';
import { cameraFrame, focalLengthPx, validateCameraModel, type CameraModel } from './camera-model';
import { makeProjection } from './draw-triangle';
import { createRoadDraw, drawRoad } from './draw-road';
import { createRasterTarget, type Haze } from './raster';
import { resolveClassesAndDepth, resolveRgb } from './resolve';
import { roadMesh } from './road-mesh';

/** Default draw distance, m: beyond ~150 m a car is under a pixel at 128 px and 90 degrees. */
export const DEFAULT_DRAW_DISTANCE_M = 150;
/** Default supersampling: 2 x 2 samples per pixel. */
export const DEFAULT_SUPERSAMPLE = 2;
/** Most samples per pixel side we accept (16 x 16 = 256 samples is already far past useful). */
export const MAX_SUPERSAMPLE = 16;

export interface RenderOptions {
  readonly camera: CameraModel;
  /** Samples per pixel side for anti-aliasing (1 = off, 2 = 2 x 2). Default 2. */
  readonly supersample?: number;
  /** Geometry farther than this is not drawn, m. Default 150. */
  readonly drawDistanceM?: number;
  /** Colours, light and haze. Default DEFAULT_APPEARANCE. */
  readonly appearance?: Appearance;
}

export interface FrameRequest {
  /** Also fill the semantic class map. */
  readonly semantic?: boolean;
  /** Also fill the depth map. */
  readonly depth?: boolean;
}

export interface RenderedFrame {
  readonly widthPx: number;
  readonly heightPx: number;
  /** widthPx * heightPx * 3 bytes, RGB, row-major from the top-left pixel. */
  readonly rgb: Uint8Array;
  /** widthPx * heightPx semantic ids, or null when not requested. */
  readonly classes: Uint8Array | null;
  /** widthPx * heightPx planar depths, m (Infinity for sky), or null when not requested. */
  readonly depthM: Float32Array | null;
}

export interface Renderer {
  readonly camera: CameraModel;
  readonly supersample: number;
  readonly drawDistanceM: number;
  /** Renders the ego camera's view of `world`; the result's arrays are reused by the next call. */
  render(world: World, request?: FrameRequest): RenderedFrame;
}

/** Haze from the appearance: linear from fogStartM to fogMax at the draw distance (as background.ts). */
function hazeOf(a: Appearance, drawDistanceM: number): Haze | null {
  if (!(a.fogMax > 0)) return null;
  const rangeM = drawDistanceM - a.fogStartM;
  return { r: a.haze[0], g: a.haze[1], b: a.haze[2], startM: a.fogStartM, slope: rangeM > 0 ? a.fogMax / rangeM : Infinity, maxShare: a.fogMax };
}

function checkOptions(options: RenderOptions): { ss: number; drawDistanceM: number } {
  validateCameraModel(options.camera);
  const ss = options.supersample ?? DEFAULT_SUPERSAMPLE;
  if (!Number.isInteger(ss) || ss < 1 || ss > MAX_SUPERSAMPLE) {
    throw new RangeError(`supersample must be an integer from 1 to ${MAX_SUPERSAMPLE} (got ${ss})`);
  }
  const drawDistanceM = options.drawDistanceM ?? DEFAULT_DRAW_DISTANCE_M;
  if (!(drawDistanceM > 1 && Number.isFinite(drawDistanceM))) {
    throw new RangeError(`drawDistanceM must be a finite distance > 1 m (got ${drawDistanceM})`);
  }
  return { ss, drawDistanceM };
}

export function createRenderer(road: RoadNetwork, options: RenderOptions): Renderer {
  const { ss, drawDistanceM } = checkOptions(options);
  const camera = options.camera;
  const appearance = options.appearance ?? DEFAULT_APPEARANCE;
  const mesh = roadMesh(road);
  const target = createRasterTarget(camera.widthPx * ss, camera.heightPx * ss);
  const background: Background = buildBackground(camera, ss, appearance, drawDistanceM);
  const projection = makeProjection(focalLengthPx(camera, camera.widthPx * ss), target.widthPx, target.heightPx);
  const haze = hazeOf(appearance, drawDistanceM);
  const roadDraw = createRoadDraw(mesh, projection, ss, appearance, drawDistanceM, haze);
  const n = camera.widthPx * camera.heightPx;
  const rgb = new Uint8Array(n * 3);
  const classMap = new Uint8Array(n);
  const depthMap = new Float32Array(n);
  return {
    camera,
    supersample: ss,
    drawDistanceM,
    render(world, request = {}) {
      const f = cameraFrame(world.ego.pose, camera, ss);
      target.colour.set(background.colour);
      target.classes.set(background.classes);
      target.inverseDepth.fill(0);
      drawRoad(target, roadDraw, f);
      for (const actor of world.actors) {
        if (actor.active) drawAgentBox(target, f, projection, actor, appearance, drawDistanceM, haze);
      }
      resolveRgb(target, ss, rgb);
      const wantClasses = request.semantic === true;
      const wantDepth = request.depth === true;
      if (wantClasses || wantDepth) resolveClassesAndDepth(target, ss, background.rowDepthM, wantClasses ? classMap : null, wantDepth ? depthMap : null);
      return {
        widthPx: camera.widthPx,
        heightPx: camera.heightPx,
        rgb,
        classes: wantClasses ? classMap : null,
        depthM: wantDepth ? depthMap : null,
      };
    },
  };
}

/** One frame with freshly allocated buffers (convenient for tests and one-off images). */
export function renderWorld(road: RoadNetwork, world: World, options: RenderOptions, request: FrameRequest = {}): RenderedFrame {
  // A renderer of its own, so the buffers belong to this frame alone.
  return createRenderer(road, options).render(world, request);
}
