/**
 * Sphere-against-frustum culling: whole road chunks and agents are skipped when their bounding
 * sphere lies behind the near plane, beyond the draw distance, or entirely outside one of the four
 * side planes x = +-slopeX z, y = +-slopeY z (camera space) of the view.
 */
import type { CameraFrame } from './camera-model';
import { NEAR_M, type Projection } from './draw-triangle';

/** Whether a sphere (world centre, radius, m) can show in the frame. */
export function sphereVisible(f: CameraFrame, p: Projection, x: number, y: number, z: number, radiusM: number, drawDistanceM: number): boolean {
  const dx = x - f.x;
  const dy = y - f.y;
  const dz = z - f.z;
  const zc = dx * f.forwardX + dy * f.forwardY + dz * f.forwardZ;
  if (zc + radiusM < NEAR_M || zc - radiusM > drawDistanceM) return false;
  const xc = dx * f.rightX + dy * f.rightY;
  const yc = dx * f.downX + dy * f.downY + dz * f.downZ;
  // Signed distance to the plane x = s z is (x - s z) / sqrt(1 + s^2).
  const nx = Math.sqrt(1 + p.slopeX * p.slopeX);
  const ny = Math.sqrt(1 + p.slopeY * p.slopeY);
  if (xc - p.slopeX * zc > radiusM * nx || -xc - p.slopeX * zc > radiusM * nx) return false;
  if (yc - p.slopeY * zc > radiusM * ny || -yc - p.slopeY * zc > radiusM * ny) return false;
  return true;
}
