/**
 * Road and camera: spec units and names -> the simulator's (`lengthM`, `speedLimitMps`, radians for
 * the camera), defaults from `spec-defaults.ts`, and the geometric checks a builder would trip on.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { DEG_TO_RAD, type EvaluatedSpec } from './resolve-context';
import type { IssueSink } from './errors';
import { ImportError } from './import/opendrive/import-issue';
import { loadOpenDriveFile, OpenDriveFileError } from './import/opendrive/load-opendrive-file';
import type { ResolvedCamera, ResolvedOpenDriveRoad, ResolvedRoad } from './resolved-types';
import * as D from './spec-defaults';
import type { RoadNetwork } from '../sim/road/types';

type OpenDriveRoadSpec = Extract<EvaluatedSpec['road'], { type: 'opendrive' }>;

/** The speed limit most driving lanes share (ties: the higher), m/s; the default desired speed of idm actors. */
function commonSpeedLimit(network: RoadNetwork): number {
  const counts = new Map<number, number>();
  for (const lane of network.lanes.values()) {
    if (lane.kind === 'driving' || lane.kind === 'connector') counts.set(lane.speedLimitMps, (counts.get(lane.speedLimitMps) ?? 0) + 1);
  }
  let best = D.DEFAULT_SPEED_LIMIT_MPS;
  let bestCount = 0;
  for (const [limit, count] of counts) {
    if (count > bestCount || (count === bestCount && limit > best)) [best, bestCount] = [limit, count];
  }
  return best;
}

/**
 * Imports the road's .xodr (relative to the spec file; to the working directory for specs built in
 * code). The OpenDRIVE reader's warnings join the spec's; its errors (with the .xodr's lines) end the resolve.
 */
function resolveOpenDrive(road: OpenDriveRoadSpec, sink: IssueSink, specFile: string): ResolvedOpenDriveRoad {
  const base = specFile.startsWith('<') ? process.cwd() : dirname(resolve(specFile));
  const file = isAbsolute(road.file) ? road.file : resolve(base, road.file);
  try {
    const imported = loadOpenDriveFile(file);
    sink.addAll(imported.warnings);
    return { type: 'opendrive', file, network: imported.network, speedLimitMps: road.speed_limit ?? commonSpeedLimit(imported.network) };
  } catch (error) {
    if (error instanceof ImportError) sink.addAll(error.issues);
    else if (error instanceof OpenDriveFileError) sink.error(['road', 'file'], error.message);
    else throw error;
    sink.throwIfErrors();
    throw error;
  }
}

/** `specFile` locates relative OpenDRIVE paths. */
export function resolveRoad(road: EvaluatedSpec['road'], sink: IssueSink, specFile = '<spec>'): ResolvedRoad {
  if (road.type === 'opendrive') return resolveOpenDrive(road, sink, specFile);
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
