/**
 * Object persistence of one frame: the actor-coloured blobs found in it (actor-detection.ts)
 * against the true projected layout (projected-actors.ts).
 *
 * - An actor is *in view* when the reference class map shows at least `minActorPx` pixels of its
 *   class inside its projected box. Smaller ones (far away, or hidden but for a sliver) are neither
 *   required nor forbidden: like KITTI's minimum box height, they are "don't care".
 * - A blob *matches* an actor of its class when its bounding rectangle meets the actor's projected
 *   box grown by `marginPx` on every side (a prediction a pixel or two off is still the actor).
 * - *vanished*: an actor in view that no blob matches.
 * - *hallucinated*: a blob that matches no actor at all, in view or not: there is no actor of
 *   its class where it is. Several blobs on one actor (split by an occluder) are one actor, not
 *   hallucinations; one blob over two adjacent actors matches both.
 *
 * The rate that the acceptance target bounds is (hallucinated + vanished) / actor-frames, where
 * actor-frames counts actors in view summed over frames.
 */
import type { Blob } from './actor-detection';
import type { PixelBox, ProjectedActor } from './projected-actors';

export interface PersistenceOptions {
  /** Class-map pixels that put an actor in view (at 64 x 64: 4 px, about a car at 35 m). */
  readonly minActorPx: number;
  /** Slack around a projected box when matching a blob, pixels. */
  readonly marginPx: number;
}

export const DEFAULT_PERSISTENCE_OPTIONS: PersistenceOptions = Object.freeze({ minActorPx: 4, marginPx: 2 });

export interface FramePersistence {
  /** Actors in view. */
  readonly actors: number;
  readonly vanished: number;
  readonly hallucinated: number;
  readonly blobs: number;
}

/** Whether two pixel rectangles overlap once `b` is grown by `marginPx` on every side: a blob matching a box. */
export function meets(a: PixelBox, b: PixelBox, marginPx: number): boolean {
  return a.minX <= b.maxX + marginPx && b.minX - marginPx <= a.maxX && a.minY <= b.maxY + marginPx && b.minY - marginPx <= a.maxY;
}

export function framePersistence(blobs: readonly Blob[], truth: readonly ProjectedActor[], o: PersistenceOptions = DEFAULT_PERSISTENCE_OPTIONS): FramePersistence {
  let actors = 0;
  let vanished = 0;
  for (const a of truth) {
    if (a.classPx < o.minActorPx) continue;
    actors++;
    if (!blobs.some((b) => b.cls === a.cls && meets(b, a.box, o.marginPx))) vanished++;
  }
  let hallucinated = 0;
  for (const b of blobs) if (!truth.some((a) => a.cls === b.cls && meets(b, a.box, o.marginPx))) hallucinated++;
  return { actors, vanished, hallucinated, blobs: blobs.length };
}

/** Sums of per-frame counts. */
export interface PersistenceTotals {
  frames: number;
  actorFrames: number;
  vanished: number;
  hallucinated: number;
}

export function emptyPersistence(): PersistenceTotals {
  return { frames: 0, actorFrames: 0, vanished: 0, hallucinated: 0 };
}

export function addPersistence(t: PersistenceTotals, f: FramePersistence): void {
  t.frames++;
  t.actorFrames += f.actors;
  t.vanished += f.vanished;
  t.hallucinated += f.hallucinated;
}

/** (hallucinated + vanished) / actor-frames; null when no actor was in view. */
export function persistenceErrorRate(t: PersistenceTotals): number | null {
  return t.actorFrames > 0 ? (t.hallucinated + t.vanished) / t.actorFrames : null;
}
