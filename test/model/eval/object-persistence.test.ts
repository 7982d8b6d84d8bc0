import type { Blob } from '../../../model/eval/actor-detection';
import { addPersistence, emptyPersistence, framePersistence, persistenceErrorRate } from '../../../model/eval/object-persistence';
import { projectActorBox, projectActors, type ProjectedActor } from '../../../model/eval/projected-actors';
import { DEFAULT_SIZES } from '../../../sim/dynamics/vehicle-params';
import { DEFAULT_CAMERA_MODEL } from '../../../sim/render/camera-model';
import { SEMANTIC_IDS } from '../../../sim/render/semantic-classes';
import type { AgentClass, AgentState, World } from '../../../sim/types';

function agent(id: string, cls: AgentClass, x: number, y: number, yaw = 0): AgentState {
  return { id, cls, pose: { x, y, yaw }, size: DEFAULT_SIZES[cls], speedMps: 0, accelMps2: 0, steerRad: 0, motion: { kind: 'parked' }, active: true, rng: 1 };
}

function world(actors: AgentState[]): World {
  return { step: 0, timeS: 0, ego: agent('ego', 'car', 0, 0), actors, events: [] };
}

const CAM = DEFAULT_CAMERA_MODEL; // 64 x 64, 90 degrees, f = 32 px

describe('projected actor boxes', () => {
  it('centres an actor straight ahead and sizes it by the pinhole model', () => {
    const box = projectActorBox(world([]), agent('a', 'car', 20, 0), CAM)!;
    // Symmetric about the image centre (columns 0..63).
    expect(box.minX + box.maxX).toBe(63);
    // Nearest face 20 - 2.3 - 1.0 (mount) = 16.7 m ahead: half-width 32 * 0.95 / 16.7 = 1.8 px.
    expect(box.maxX - box.minX + 1).toBe(4);
    // The horizon is at row 32 - 32 tan(5 deg) = 29.2 (camera pitched down 5 degrees); the roof
    // (1.5 m) is above the camera (1.4 m), the wheels below it: the box straddles the horizon.
    expect(box.minY).toBeLessThanOrEqual(29);
    expect(box.maxY).toBeGreaterThanOrEqual(30);
  });

  it('puts an actor on the left in the left half and drops one behind the camera', () => {
    const left = projectActorBox(world([]), agent('a', 'car', 20, 6), CAM)!;
    expect(left.maxX).toBeLessThan(32);
    expect(projectActorBox(world([]), agent('b', 'car', -15, 0), CAM)).toBeNull();
  });

  it('counts the class-map pixels of the actor class inside its box, and skips inactive actors', () => {
    const a = agent('a', 'truck', 30, 0);
    const gone = { ...agent('b', 'car', 25, 0), active: false };
    const classes = new Uint8Array(64 * 64).fill(SEMANTIC_IDS.road);
    const box = projectActorBox(world([]), a, CAM)!;
    // Paint two columns of the box truck, one column car (another class does not count).
    for (let v = box.minY; v <= box.maxY; v++) {
      classes[v * 64 + box.minX] = SEMANTIC_IDS.truck;
      classes[v * 64 + box.minX + 1] = SEMANTIC_IDS.truck;
      classes[v * 64 + box.minX + 2] = SEMANTIC_IDS.car;
    }
    const out = projectActors(world([a, gone]), CAM, classes);
    expect(out.map((p) => p.id)).toEqual(['a']);
    expect(out[0].classPx).toBe(2 * (box.maxY - box.minY + 1));
  });
});

const blob = (cls: AgentClass, minX: number, maxX: number, minY: number, maxY: number): Blob => ({ cls, areaPx: (maxX - minX + 1) * (maxY - minY + 1), minX, maxX, minY, maxY, fringe: false });
const actor = (id: string, cls: AgentClass, minX: number, maxX: number, minY: number, maxY: number, classPx: number): ProjectedActor => ({ id, cls, box: { minX, maxX, minY, maxY }, classPx });

describe('object persistence of one frame', () => {
  it.each([
    ['a blob on the actor', [blob('car', 10, 12, 30, 32)], [actor('a', 'car', 9, 13, 29, 33, 12)], { actors: 1, vanished: 0, hallucinated: 0 }],
    ['no blob: the actor vanished', [], [actor('a', 'car', 9, 13, 29, 33, 12)], { actors: 1, vanished: 1, hallucinated: 0 }],
    ['a blob where no actor is', [blob('car', 40, 42, 30, 32)], [], { actors: 0, vanished: 0, hallucinated: 1 }],
    ['a blob of the wrong class', [blob('truck', 10, 12, 30, 32)], [actor('a', 'car', 9, 13, 29, 33, 12)], { actors: 1, vanished: 1, hallucinated: 1 }],
    ['a blob 2 px off the box still matches', [blob('car', 15, 16, 30, 31)], [actor('a', 'car', 9, 13, 29, 33, 12)], { actors: 1, vanished: 0, hallucinated: 0 }],
    ['a blob 3 px off does not', [blob('car', 16, 17, 30, 31)], [actor('a', 'car', 9, 13, 29, 33, 12)], { actors: 1, vanished: 1, hallucinated: 1 }],
    ['a tiny actor is neither required nor a hallucination', [blob('car', 50, 50, 30, 31)], [actor('a', 'car', 50, 50, 30, 30, 3), actor('b', 'car', 20, 20, 30, 30, 1)], { actors: 0, vanished: 0, hallucinated: 0 }],
    ['two blobs on one actor (split by an occluder) are one actor', [blob('car', 9, 10, 30, 32), blob('car', 12, 13, 30, 32)], [actor('a', 'car', 9, 13, 29, 33, 12)], { actors: 1, vanished: 0, hallucinated: 0 }],
    ['one blob over two adjacent actors finds both', [blob('car', 9, 20, 30, 32)], [actor('a', 'car', 9, 13, 29, 33, 12), actor('b', 'car', 16, 20, 29, 33, 12)], { actors: 2, vanished: 0, hallucinated: 0 }],
  ])('%s', (_name, blobs, truth, expected) => {
    expect(framePersistence(blobs, truth)).toEqual({ ...expected, blobs: blobs.length });
  });

  it('sums frames into an error rate per actor-frame, undefined without actors', () => {
    const t = emptyPersistence();
    expect(persistenceErrorRate(t)).toBeNull();
    addPersistence(t, { actors: 3, vanished: 1, hallucinated: 0, blobs: 2 });
    addPersistence(t, { actors: 1, vanished: 0, hallucinated: 2, blobs: 3 });
    expect(t).toEqual({ frames: 2, actorFrames: 4, vanished: 1, hallucinated: 2 });
    expect(persistenceErrorRate(t)).toBe(0.75);
  });
});
