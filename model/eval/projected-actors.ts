/**
 * The true actors of a frame as the camera sees them: each active actor's 3-D box (footprint from
 * sim/collision/obb boxCorners, extruded to its height) projected with the reference camera
 * (sim/render/camera-model projectPoint) to its bounding rectangle in the image, plus how many
 * pixels of the reference class map inside that rectangle carry the actor's class, the same
 * measure as the layout's `visible` flag (model/dataset/actor-layout.ts) but counted, so that an
 * actor showing one or two pixels can be told from one that is plainly in view.
 */
import type { CameraModel } from '../../sim/render/camera-model';
import { projectedBounds } from '../dataset/actor-layout';
import { AGENT_SEMANTIC_ID } from '../../sim/render/semantic-classes';
import type { AgentClass, AgentState, World } from '../../sim/types';

/** An inclusive pixel rectangle (columns minX..maxX, rows minY..maxY). */
export interface PixelBox {
  readonly minX: number;
  readonly maxX: number;
  readonly minY: number;
  readonly maxY: number;
}

export interface ProjectedActor {
  readonly id: string;
  readonly cls: AgentClass;
  /** The projected 3-D box's bounding rectangle, clipped to the image. */
  readonly box: PixelBox;
  /** Pixels of the class map inside `box` with the actor's class. */
  readonly classPx: number;
}

/** Bounding rectangle of the actor's projected box in the image, or null when none of it is in view. */
export function projectActorBox(world: World, actor: AgentState, camera: CameraModel): PixelBox | null {
  const bounds = projectedBounds(world, actor, camera);
  if (bounds === null) return null;
  const { minU, maxU, minV, maxV } = bounds;
  // Pixel i covers [i, i + 1): the rectangle's pixels are floor(min) .. ceil(max) - 1.
  const box = {
    minX: Math.max(0, Math.floor(minU)),
    maxX: Math.min(camera.widthPx - 1, Math.ceil(maxU) - 1),
    minY: Math.max(0, Math.floor(minV)),
    maxY: Math.min(camera.heightPx - 1, Math.ceil(maxV) - 1),
  };
  return box.minX <= box.maxX && box.minY <= box.maxY ? box : null;
}

/** Every active actor whose projected box reaches into the image, with its class-pixel count. */
export function projectActors(world: World, camera: CameraModel, classes: Uint8Array): ProjectedActor[] {
  if (classes.length !== camera.widthPx * camera.heightPx) {
    throw new RangeError(`projectActors: a ${camera.widthPx}x${camera.heightPx} class map has ${camera.widthPx * camera.heightPx} ids, got ${classes.length}`);
  }
  const out: ProjectedActor[] = [];
  for (const actor of world.actors) {
    if (!actor.active) continue;
    const box = projectActorBox(world, actor, camera);
    if (box === null) continue;
    const id = AGENT_SEMANTIC_ID[actor.cls];
    let classPx = 0;
    for (let v = box.minY; v <= box.maxY; v++) {
      for (let u = box.minX; u <= box.maxX; u++) if (classes[v * camera.widthPx + u] === id) classPx++;
    }
    out.push({ id: actor.id, cls: actor.cls, box, classPx });
  }
  return out;
}
