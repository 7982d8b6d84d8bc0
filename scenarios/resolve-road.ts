/**
 * Road and camera: spec units and names -> the simulator's (`lengthM`, `speedLimitMps`, radians for
 * the camera), defaults from `spec-defaults.ts`, and the geometric checks a builder would trip on.
 */
import { DEG_TO_RAD, type EvaluatedSpec } from './resolve-context';
import type { IssueSink } from './errors';
import type { ResolvedCamera, ResolvedRoad } from './resolved-types';
import * as D from './spec-defaults';

export function resolveRoad(road: EvaluatedSpec['road'], sink: IssueSink): ResolvedRoad {
  const lanes = 'lanes' in road ? road.lanes : undefined;
  const lane = {
    laneCount: lanes ?? D.DEFAULT_LANE_COUNT,
    laneWidthM: road.lane_width ?? D.DEFAULT_LANE_WIDTH_M,
    speedLimitMps: road.speed_limit ?? D.DEFAULT_SPEED_LIMIT_MPS,
  };
  switch (road.type) {
    case 'straight':
      return { type: 'straight', lengthM: road.length, ...lane };
    case 'curve':
    case 's_bend': {
      if (road.angle === 0) sink.error(['road', 'angle'], `a ${road.type} needs a non-zero angle (positive turns left)`);
      const bend = {
        radiusM: road.radius,
        angleDeg: road.angle,
        lengthBeforeM: road.length_before ?? D.DEFAULT_APPROACH_LENGTH_M,
        lengthAfterM: road.length_after ?? D.DEFAULT_APPROACH_LENGTH_M,
        ...lane,
      };
      if (road.type === 'curve') return { type: 'curve', ...bend };
      return { type: 's_bend', clothoidLengthM: road.clothoid_length ?? D.DEFAULT_CLOTHOID_LENGTH_M, ...bend };
    }
    case 'merge': {
      const mergeStartM = road.merge_start ?? D.DEFAULT_MERGE_START_M;
      const mergeLengthM = road.merge_length ?? D.DEFAULT_MERGE_LENGTH_M;
      if (mergeStartM + mergeLengthM > road.length) {
        sink.error(['road', 'merge_length'], `the merge lane ends at ${mergeStartM + mergeLengthM} m, beyond the main road's length ${road.length} m`);
      }
      return { type: 'merge', lengthM: road.length, rampLengthM: road.ramp_length ?? D.DEFAULT_RAMP_LENGTH_M, mergeStartM, mergeLengthM, ...lane };
    }
    case 'intersection':
      return {
        type: 'intersection',
        armLengthM: road.arm_length ?? D.DEFAULT_ARM_LENGTH_M,
        lanesPerDirection: road.lanes_per_direction ?? D.DEFAULT_LANES_PER_DIRECTION,
        laneWidthM: lane.laneWidthM,
        speedLimitMps: lane.speedLimitMps,
      };
  }
}

export function resolveCamera(camera: EvaluatedSpec['camera']): ResolvedCamera {
  const c = { ...D.DEFAULT_CAMERA, ...camera };
  return {
    widthPx: c.width,
    heightPx: c.height,
    fovRad: c.fov * DEG_TO_RAD,
    mountHeightM: c.height_m,
    pitchRad: c.pitch * DEG_TO_RAD,
    mountXM: c.x,
    mountYM: c.y,
  };
}
