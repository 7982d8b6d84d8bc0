/**
 * AnchorWarp: the last real frame reprojected by the ego motion the trajectory inputs commanded
 * since it (the layout refiner's ego_warp input).
 */
import { DEFAULT_CAMERA_MODEL } from '../../../sim/render/camera-model';
import { AnchorMotion, AnchorWarp, rolloutMaps } from '../../../model/runtime/anchor-warp';
import { reprojectionMap, reproject } from '../../../model/runtime/ego-reprojection';

const K = 2;
const F = 4;
const camera = DEFAULT_CAMERA_MODEL;
const bytes = camera.widthPx * camera.heightPx * 3;

/** (B,K,F,4) trajectory whose newest slot's next step is `step` (dx, dy, dyaw, valid) for every rollout. */
function trajectory(batch: number, step: readonly number[]): Float32Array {
  const t = new Float32Array(batch * K * F * 4);
  for (let b = 0; b < batch; b++) {
    t.set([9, 9, 9, 1], (b * K) * F * 4); // the older slot's motion is not the step to the predicted frame
    t.set(step, (b * K + K - 1) * F * 4);
  }
  return t;
}

describe('AnchorWarp', () => {
  const anchors = new Uint8Array(2 * bytes).map((_, i) => (i * 13) % 256);

  it('shows the anchor itself while the ego stands still, and counts an invalid step as standing still', () => {
    const w = new AnchorWarp(camera, 2, anchors);
    expect(Buffer.from(w.advance(trajectory(2, [0, 0, 0, 1]), K, F)).equals(Buffer.from(anchors))).toBe(true);
    expect(Buffer.from(w.advance(trajectory(2, [5, 1, 0.2, 0]), K, F)).equals(Buffer.from(anchors))).toBe(true);
    expect(w.motions).toEqual([{ dx: 0, dy: 0, dyaw: 0 }, { dx: 0, dy: 0, dyaw: 0 }]);
  });

  it('composes the steps into the motion since the anchor and reprojects each rollout by its own', () => {
    const w = new AnchorWarp(camera, 2, anchors);
    w.advance(trajectory(2, [1, 0, 0.1, 1]), K, F);
    const out = w.advance(trajectory(2, [1, 0, 0.1, 1]), K, F);
    const m = w.motions[0];
    expect(m.dx).toBeCloseTo(1 + Math.cos(0.1), 6);
    expect(m.dy).toBeCloseTo(Math.sin(0.1), 6);
    expect(m.dyaw).toBeCloseTo(0.2, 6);
    const map = reprojectionMap(camera, m);
    for (let b = 0; b < 2; b++) {
      const expected = reproject(anchors.subarray(b * bytes, (b + 1) * bytes), camera.widthPx, camera.heightPx, map);
      expect(Buffer.from(out.subarray(b * bytes, (b + 1) * bytes)).equals(Buffer.from(expected))).toBe(true);
    }
  });

  it('shares its AnchorMotion: maps of the motion so far, and the anchors reprojected through any maps', () => {
    const w = new AnchorWarp(camera, 2, anchors);
    const motion = new AnchorMotion(camera, 2);
    expect(motion.maps.map((m) => Array.from(m))).toEqual([0, 1].map(() => Array.from(reprojectionMap(camera, { dx: 0, dy: 0, dyaw: 0 }))));
    motion.advance(trajectory(2, [2, 0.5, 0.05, 1]), K, F);
    expect(motion.maps[1]).toEqual(reprojectionMap(camera, motion.motions[1]));
    const out = w.reprojected(motion.maps);
    expect(Buffer.from(out.subarray(bytes)).equals(Buffer.from(reproject(anchors.subarray(bytes), camera.widthPx, camera.heightPx, motion.maps[1])))).toBe(true);
  });

  it('gives a request\'s maps step by step, each step reading the rows the predictor feeds it (rolloutMaps)', () => {
    const rows = Float32Array.from({ length: (K + 2) * F * 4 }, (_, i) => (i % 4 === 3 ? 1 : 0.1 * ((i % 7) + 1)));
    const motion = new AnchorMotion(camera, 1);
    const expected = [1, 2, 3].map((h) => {
      motion.advance(rows.subarray((h - 1) * F * 4, (h - 1 + K) * F * 4), K, F);
      return Array.from(motion.maps[0]);
    });
    expect(rolloutMaps(camera, rows, K, F, 3).map((m) => Array.from(m))).toEqual(expected);
  });

  it('refuses anchors and trajectories of the wrong size', () => {
    expect(() => new AnchorWarp(camera, 2, new Uint8Array(bytes))).toThrow(/anchors must be \(2, 64, 64, 3\) = 24576 bytes, got 12288/);
    expect(() => new AnchorWarp(camera, 1, new Uint8Array(bytes)).advance(new Float32Array(3), K, F)).toThrow(/AnchorMotion.advance: trajectory must be \(1, 2, 4, 4\) = 32 values, got 3/);
  });
});
