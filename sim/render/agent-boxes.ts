/**
 * Agents as lit 3-D boxes: the footprint of `boxCorners` extruded to the agent's height, the top
 * and the four sides, each face one flat colour: the agent's palette colour (picked by a hash of
 * its id, so an agent keeps its colour for the whole rollout) times a Lambert shade for the face's
 * normal (appearance.faceShade). Faces turned away from the camera are skipped (a box is convex,
 * so no visible face is ever lost).
 */
import { boxCorners } from '../collision/obb';
import { hashString32 } from '../rng';
import type { AgentState } from '../types';
import { faceShade, packLit, type Appearance } from './appearance';
import type { CameraFrame } from './camera-model';
import { drawCameraTriangle, type Projection } from './draw-triangle';
import { sphereVisible } from './frustum';
import type { Haze, RasterTarget } from './raster';
import { AGENT_SEMANTIC_ID } from './semantic-classes';

/** Footprint corners (world) and all eight corners in camera space: bottom 0-3, top 4-7. */
const footprint = new Float64Array(8);
const cam = new Float64Array(24);

/** The palette colour of an agent: stable per id across frames and runs. */
export function agentColourIndex(agent: AgentState, paletteSize: number): number {
  return hashString32(agent.id) % paletteSize;
}

function toCamera(f: CameraFrame, k: number, x: number, y: number, z: number): void {
  const dx = x - f.x;
  const dy = y - f.y;
  const dz = z - f.z;
  cam[3 * k] = dx * f.rightX + dy * f.rightY;
  cam[3 * k + 1] = dx * f.downX + dy * f.downY + dz * f.downZ;
  cam[3 * k + 2] = dx * f.forwardX + dy * f.forwardY + dz * f.forwardZ;
}

function quad(t: RasterTarget, p: Projection, a: number, b: number, c: number, d: number, colour: number, cls: number, haze: Haze | null): void {
  drawCameraTriangle(t, p, cam[3 * a], cam[3 * a + 1], cam[3 * a + 2], cam[3 * b], cam[3 * b + 1], cam[3 * b + 2], cam[3 * c], cam[3 * c + 1], cam[3 * c + 2], colour, cls, haze);
  drawCameraTriangle(t, p, cam[3 * a], cam[3 * a + 1], cam[3 * a + 2], cam[3 * c], cam[3 * c + 1], cam[3 * c + 2], cam[3 * d], cam[3 * d + 1], cam[3 * d + 2], colour, cls, haze);
}

/** Draws one agent's box into the target (nothing when it is culled). */
export function drawAgentBox(t: RasterTarget, f: CameraFrame, p: Projection, agent: AgentState, a: Appearance, drawDistanceM: number, haze: Haze | null = null): void {
  const { lengthM, widthM, heightM } = agent.size;
  const radiusM = 0.5 * Math.sqrt(lengthM * lengthM + widthM * widthM + heightM * heightM);
  if (!sphereVisible(f, p, agent.pose.x, agent.pose.y, heightM / 2, radiusM, drawDistanceM)) return;
  const palette = a.agentPalettes[agent.cls];
  const base = palette[agentColourIndex(agent, palette.length)];
  const cls = AGENT_SEMANTIC_ID[agent.cls];
  boxCorners(agent.pose, agent.size, footprint);
  for (let k = 0; k < 4; k++) {
    toCamera(f, k, footprint[2 * k], footprint[2 * k + 1], 0);
    toCamera(f, k + 4, footprint[2 * k], footprint[2 * k + 1], heightM);
  }
  if (f.z > heightM) quad(t, p, 4, 5, 6, 7, packLit(base, faceShade(a, 0, 0, 1), a.light), cls, haze);
  // Sides between consecutive counter-clockwise corners k -> k+1; the outward normal of a
  // counter-clockwise ring's edge (ex, ey) is (ey, -ex) / |e|.
  for (let k = 0; k < 4; k++) {
    const j = (k + 1) & 3;
    const ex = footprint[2 * j] - footprint[2 * k];
    const ey = footprint[2 * j + 1] - footprint[2 * k + 1];
    const len = Math.sqrt(ex * ex + ey * ey);
    if (!(len > 0)) continue;
    const nx = ey / len;
    const ny = -ex / len;
    // Visible when the camera lies on the outer side of the face's plane.
    if ((f.x - footprint[2 * k]) * nx + (f.y - footprint[2 * k + 1]) * ny <= 0) continue;
    quad(t, p, k, j, j + 4, k + 4, packLit(base, faceShade(a, nx, ny, 0), a.light), cls, haze);
  }
}
