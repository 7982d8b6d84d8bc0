/**
 * The actors' layout around the ego at one frame, the structured target beside each image: up to
 * M nearest active actors within a radius, each as (class, x, y, yaw, length, width, visible) in
 * the current ego frame (see ego-frame.ts), nearest first, padded with class -1 and zeros.
 *
 * `visible` comes from the rendered class map: 1 when at least one pixel inside the image box
 * that the actor's 3D box projects to carries the actor's semantic class. That is what the camera
 * really shows (occlusion included) up to one approximation: another actor of the same class in
 * the same image box also counts.
 */
import { boxCorners } from '../../sim/collision/obb';
import { cameraFrame, projectPoint, type CameraModel } from '../../sim/render/camera-model';
import { AGENT_SEMANTIC_ID } from '../../sim/render/semantic-classes';
import { AGENT_CLASSES, type AgentState, type World } from '../../sim/types';
import { toEgoFrame } from './ego-frame';

/** Values per layout slot: class id, x, y, yaw, length, width, visible. */
export const LAYOUT_FIELDS = ['class', 'x', 'y', 'yaw', 'length', 'width', 'visible'] as const;
export const LAYOUT_WIDTH = LAYOUT_FIELDS.length;
/** Class id of an empty slot. */
export const LAYOUT_PAD_CLASS = -1;

export interface LayoutOptions {
  /** Most actors per frame (M). */
  readonly maxActors: number;
  /** Only actors whose centre is at most this far from the ego's, m. */
  readonly radiusM: number;
}

/**
 * 150 m since session 10 (60 m before): a truck shows in the 64x64 camera from farther than 60 m,
 * and the grounded camera's layout refiner can only draw the actors the layout lists (with 60 m, 100
 * of its 148 missed actors on val episodes had no actor of their class in the layout). The 16
 * nearest stay first, so a crowded scene keeps its near actors.
 */
export const DEFAULT_LAYOUT_OPTIONS: LayoutOptions = { maxActors: 16, radiusM: 150 };

/** Index of a class in AGENT_CLASSES: the class id of the layout (car 0, truck 1, cyclist 2, pedestrian 3). */
export function layoutClassId(cls: AgentState['cls']): number {
  return AGENT_CLASSES.indexOf(cls);
}

/** Image-plane bounds (pixels, unclipped) of an actor's projected 3D box. */
export interface ProjectedBounds {
  readonly minU: number;
  readonly maxU: number;
  readonly minV: number;
  readonly maxV: number;
}

/**
 * Bounds of the actor's 3D box (footprint extruded to its height) in the ego camera, or null when
 * the whole box is behind the camera. A box straddling the image plane projects to an unbounded
 * region: its bounds are then the whole width and everything below its top.
 */
export function projectedBounds(world: World, actor: AgentState, camera: CameraModel): ProjectedBounds | null {
  const f = cameraFrame(world.ego.pose, camera);
  const corners = boxCorners(actor.pose, actor.size);
  let minU = Infinity;
  let maxU = -Infinity;
  let minV = Infinity;
  let maxV = -Infinity;
  let behind = 0;
  for (let k = 0; k < 4; k++) {
    for (const z of [0, actor.size.heightM]) {
      const p = projectPoint(f, corners[2 * k], corners[2 * k + 1], z);
      if (p === null) {
        behind++;
        continue;
      }
      minU = Math.min(minU, p.u);
      maxU = Math.max(maxU, p.u);
      minV = Math.min(minV, p.v);
      maxV = Math.max(maxV, p.v);
    }
  }
  if (behind === 8) return null;
  return behind > 0 ? { minU: -Infinity, maxU: Infinity, minV, maxV: Infinity } : { minU, maxU, minV, maxV };
}

/** Whether the class map shows the actor's class inside the image box of its 3D box. */
export function visibleInClassMap(world: World, actor: AgentState, camera: CameraModel, classes: Uint8Array): boolean {
  const b = projectedBounds(world, actor, camera);
  if (b === null) return false;
  const { minU, maxU, minV, maxV } = b;
  const u0 = Math.max(0, Math.floor(minU));
  const u1 = Math.min(camera.widthPx - 1, Math.ceil(maxU));
  const v0 = Math.max(0, Math.floor(minV));
  const v1 = Math.min(camera.heightPx - 1, Math.ceil(maxV));
  const id = AGENT_SEMANTIC_ID[actor.cls];
  for (let v = v0; v <= v1; v++) {
    for (let u = u0; u <= u1; u++) if (classes[v * camera.widthPx + u] === id) return true;
  }
  return false;
}

/** Writes the (M, 7) layout of `world` at `offset` of `out`; `classes` is the frame's class map. */
export function writeLayout(world: World, camera: CameraModel, classes: Uint8Array, options: LayoutOptions, out: Float32Array, offset: number): void {
  const ego = world.ego.pose;
  const near: { actor: AgentState; distM: number }[] = [];
  for (const actor of world.actors) {
    if (!actor.active) continue;
    const distM = Math.hypot(actor.pose.x - ego.x, actor.pose.y - ego.y);
    if (distM <= options.radiusM) near.push({ actor, distM });
  }
  // Stable sort: equal distances keep the scenario's actor order, so the layout is deterministic.
  near.sort((a, b) => a.distM - b.distM);
  for (let m = 0; m < options.maxActors; m++) {
    const o = offset + m * LAYOUT_WIDTH;
    const entry = near[m];
    if (entry === undefined) {
      out.fill(0, o, o + LAYOUT_WIDTH);
      out[o] = LAYOUT_PAD_CLASS;
      continue;
    }
    const { actor } = entry;
    const r = toEgoFrame(ego, actor.pose);
    out[o] = layoutClassId(actor.cls);
    out[o + 1] = r.dx;
    out[o + 2] = r.dy;
    out[o + 3] = r.dyaw;
    out[o + 4] = actor.size.lengthM;
    out[o + 5] = actor.size.widthM;
    out[o + 6] = visibleInClassMap(world, actor, camera, classes) ? 1 : 0;
  }
}
