/**
 * Rigid motions of the plane (SE(2)). A pose maps a local frame (x forward, y left) into the
 * world: world = R(yaw) * local + (x, y).
 */
import type { Pose2 } from '../types';
import { wrapAngle } from './angle';

/** A point or vector in the plane, m. */
export interface Point2 {
  readonly x: number;
  readonly y: number;
}

/** `a` followed by `b`: the pose `b` (given in `a`'s frame) expressed in the world frame. */
export function composePose(a: Pose2, b: Pose2): Pose2 {
  const cos = Math.cos(a.yaw);
  const sin = Math.sin(a.yaw);
  return {
    x: a.x + cos * b.x - sin * b.y,
    y: a.y + sin * b.x + cos * b.y,
    yaw: wrapAngle(a.yaw + b.yaw),
  };
}

/** The inverse motion: composePose(p, invertPose(p)) is the identity. inv = (-R^T t, -yaw). */
export function invertPose(p: Pose2): Pose2 {
  const cos = Math.cos(p.yaw);
  const sin = Math.sin(p.yaw);
  return {
    x: -(cos * p.x + sin * p.y),
    y: sin * p.x - cos * p.y,
    yaw: wrapAngle(-p.yaw),
  };
}

/** A point given in the pose's frame (x forward, y left), in world coordinates. */
export function toWorld(pose: Pose2, xLocal: number, yLocal: number): Point2 {
  const cos = Math.cos(pose.yaw);
  const sin = Math.sin(pose.yaw);
  return { x: pose.x + cos * xLocal - sin * yLocal, y: pose.y + sin * xLocal + cos * yLocal };
}

/** A world point in the pose's frame (x forward, y left): R^T (p - t). */
export function toLocal(pose: Pose2, x: number, y: number): Point2 {
  const cos = Math.cos(pose.yaw);
  const sin = Math.sin(pose.yaw);
  const dx = x - pose.x;
  const dy = y - pose.y;
  return { x: cos * dx + sin * dy, y: -sin * dx + cos * dy };
}
