/**
 * @jest-environment ./test/model/runtime/onnx-test-environment.ts
 *
 * The built-in camera policy (model/policies/camera/policy.onnx) in real closed loop: it drives the
 * library's curved_road and s_bend on the reference renderer's frames without leaving its lane
 * (every corner of the ego box inside lane0 at every state, not only the drivable-area metric),
 * holds its set speed, passes the scenarios' criteria, and gives the same rollout twice.
 */
import { prepareLoopRun } from '../../../eval/policy-choice';
import { executeLoopRun, type LoopScenarioRun } from '../../../eval/run-scenario';
import { referenceCamera } from '../../../model/runtime/camera-source';
import { boxCorners } from '../../../sim/collision/obb';
import { getLane, projectOntoLane } from '../../../sim/road/query';
import { librarySpec } from '../../helpers/scenario-runs';

/** Largest distance of any box corner beyond the lane edge we accept, m: none. */
const LANE_MARGIN_M = 0;
/** Speed error allowed once the speed loop has settled (after SETTLE_S), m/s: about 7 % of the set speed. */
const SPEED_TOLERANCE_MPS = 1.0;
const SETTLE_S = 5;

interface Drive {
  readonly run: LoopScenarioRun;
  /** Largest |lateral offset| of any ego box corner from the lane centre, m, and the lane's half width. */
  readonly maxCornerOffsetM: number;
  readonly halfWidthM: number;
  readonly maxCentreOffsetM: number;
  readonly maxSpeedErrorMps: number;
  readonly lanes: readonly (string | null)[];
}

async function drive(name: string, seed = 0): Promise<Drive> {
  const prepared = await prepareLoopRun(librarySpec(name), { seed }, { kind: 'camera' });
  const road = prepared.runtime.setup.road;
  const lane = getLane(road, 'lane0');
  const setSpeed = prepared.runtime.setup.ego.start.speedMps; // no desired speed in these specs: cruise at the start speed
  const corners = new Float64Array(8);
  let maxCornerOffsetM = 0;
  let maxCentreOffsetM = 0;
  let maxSpeedErrorMps = 0;
  const lanes = new Set<string | null>();
  try {
    const run = await executeLoopRun(prepared, referenceCamera(road, { camera: prepared.resolved.camera }), { seed }, (world, record) => {
      const ego = world.ego;
      boxCorners(ego.pose, ego.size, corners);
      for (let k = 0; k < 8; k += 2) maxCornerOffsetM = Math.max(maxCornerOffsetM, Math.abs(projectOntoLane(road, lane.id, corners[k], corners[k + 1]).d));
      maxCentreOffsetM = Math.max(maxCentreOffsetM, Math.abs(projectOntoLane(road, lane.id, ego.pose.x, ego.pose.y).d));
      if (world.timeS >= SETTLE_S) maxSpeedErrorMps = Math.max(maxSpeedErrorMps, Math.abs(ego.speedMps - setSpeed));
      lanes.add(record.metrics.laneId);
    });
    return { run, maxCornerOffsetM, halfWidthM: lane.widthM / 2, maxCentreOffsetM, maxSpeedErrorMps, lanes: [...lanes] };
  } finally {
    await prepared.policy.close?.();
  }
}

describe('the camera policy with the reference camera', () => {
  test.each(['curved_road', 's_bend'])('drives %s to its end inside its lane, at its set speed, and passes', async (name) => {
    const d = await drive(name);
    const r = d.run.report;
    expect({ doneReason: r.doneReason, passed: r.passed, collision: r.metrics.values.collision, offRoad: r.metrics.values.off_road, lanes: d.lanes }).toEqual({
      doneReason: 'duration',
      passed: true,
      collision: false,
      offRoad: false,
      lanes: ['lane0'],
    });
    expect(d.maxCornerOffsetM).toBeLessThanOrEqual(d.halfWidthM + LANE_MARGIN_M);
    expect(d.maxSpeedErrorMps).toBeLessThanOrEqual(SPEED_TOLERANCE_MPS);
    // It went the whole way through the bends, not a few metres.
    expect(r.metrics.values.progress).toBeGreaterThan(200);
    expect(d.run.camera.frames).toBe(r.steps + 1);
  });

  test('is deterministic: the same seed gives the same rollout, state hash for state hash', async () => {
    const a = await drive('s_bend', 3);
    const b = await drive('s_bend', 3);
    expect(b.run.rollout.records.map((x) => x.hash)).toEqual(a.run.rollout.records.map((x) => x.hash));
    expect(a.run.rollout.records.every((x) => x.hash.length === 40)).toBe(true);
  });
});
