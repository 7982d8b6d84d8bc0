/**
 * The Foxglove well-known messages of a rollout log, as wire objects for the committed
 * api/proto/foxglove/*.proto: the actors as boxes (SceneUpdate), the ego pose (FrameTransform)
 * and the camera (CompressedImage), so a log opens in Foxglove's 3D and Image panels as it is.
 */
import { AGENT_SEMANTIC_ID, SEMANTIC_COLOURS } from '../../sim/render/semantic-classes';
import type { AgentState, World } from '../../sim/types';
import type { CameraFrameMessage } from '../proto/messages';
import type { Wire } from '../proto/wire';
import { EGO_FRAME, WORLD_FRAME } from './channels';

/** The ego's colour: Cityscapes' traffic-sign yellow, which no agent class uses. */
const EGO_RGB = [220, 220, 0] as const;
/** SceneEntityDeletion.Type.ALL: clear the topic's entities before adding this step's. */
const DELETE_ALL = 1;

/** google.protobuf.Timestamp of a log time. */
export function timestamp(ns: bigint): Wire {
  return { seconds: Number(ns / 1_000_000_000n), nanos: Number(ns % 1_000_000_000n) };
}

/** Rotation about +z by yaw as a unit quaternion. */
function yawQuaternion(yawRad: number): Wire {
  return { x: 0, y: 0, z: Math.sin(yawRad / 2), w: Math.cos(yawRad / 2) };
}

function agentEntity(agent: AgentState, isEgo: boolean, stamp: Wire): Wire {
  const [r, g, b] = isEgo ? EGO_RGB : SEMANTIC_COLOURS[AGENT_SEMANTIC_ID[agent.cls]];
  const { lengthM, widthM, heightM } = agent.size;
  return {
    timestamp: stamp,
    frame_id: WORLD_FRAME,
    id: agent.id,
    metadata: [{ key: 'class', value: isEgo ? 'ego' : agent.cls }],
    cubes: [
      {
        pose: { position: { x: agent.pose.x, y: agent.pose.y, z: heightM / 2 }, orientation: yawQuaternion(agent.pose.yaw) },
        size: { x: lengthM, y: widthM, z: heightM },
        color: { r: r / 255, g: g / 255, b: b / 255, a: 1 },
      },
    ],
  };
}

/** Every active agent as a box in the world frame; the previous step's boxes are deleted first. */
export function sceneUpdate(world: World, ns: bigint): Wire {
  const stamp = timestamp(ns);
  const entities = [agentEntity(world.ego, true, stamp)];
  for (const a of world.actors) if (a.active) entities.push(agentEntity(a, false, stamp));
  return { deletions: [{ timestamp: stamp, type: DELETE_ALL, id: '' }], entities };
}

/** The ego's pose as the transform world -> ego. */
export function egoTransform(world: World, ns: bigint): Wire {
  const { x, y, yaw } = world.ego.pose;
  return {
    timestamp: timestamp(ns),
    parent_frame_id: WORLD_FRAME,
    child_frame_id: EGO_FRAME,
    translation: { x, y, z: 0 },
    rotation: yawQuaternion(yaw),
  };
}

/** A PNG camera frame as a CompressedImage; raw frames must be PNG-encoded first (Foxglove needs a codec). */
export function compressedImage(frame: CameraFrameMessage, ns: bigint): Wire {
  if (frame.pixels.format !== 'png') {
    throw new RangeError(`log camera frames must be PNG (got ${frame.pixels.format} ${frame.widthPx}x${frame.heightPx}); encode them first`);
  }
  return { timestamp: timestamp(ns), frame_id: EGO_FRAME, data: frame.pixels.data, format: 'png' };
}
