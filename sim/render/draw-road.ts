/**
 * Draws the static road mesh for one frame: chunks culled by bounding sphere, vertices moved to
 * camera space, triangles near-clipped and rasterized with their material's colour and class.
 *
 * Painted lines get one extra step. A 15 cm line is narrower than a sample beyond ~10 m at 64 px
 * and would break into dots that crawl from frame to frame, so each line vertex is pushed sideways
 * until the line is MIN_LINE_WIDTH_PX thick in the image, and the widened line fades towards
 * the road colour by true width / drawn width: each pixel's mean colour stays what an ideal
 * camera would integrate (the "hairline fade" of map renderers). The class map keeps the widened
 * line as marking, so a line stays one unbroken label up to the horizon instead of flickering.
 */
import { faceShade, mixRgb, packLit, type Appearance } from './appearance';
import type { CameraFrame } from './camera-model';
import { drawCameraTriangle, NEAR_M, type Projection } from './draw-triangle';
import { sphereVisible } from './frustum';
import { MATERIAL, MATERIAL_COUNT } from './mesh-chunk';
import type { Haze, RasterTarget } from './raster';
import { MARKING_WIDTH_M, type RoadMesh } from './road-mesh';
import { SEMANTIC_IDS } from './semantic-classes';

/**
 * Kerb sides face every way around a junction; they share one shade, as if lit at this cosine to
 * the sun (between a face turned to it and one turned away).
 */
const KERB_SIDE_COSINE = 0.45;

/** Packed colour and class id per static material. */
function materialTables(a: Appearance): { colours: Uint32Array; classes: Uint8Array } {
  const top = faceShade(a, 0, 0, 1);
  const side = a.ambient + (1 - a.ambient) * KERB_SIDE_COSINE;
  const colours = new Uint32Array(MATERIAL_COUNT);
  const classes = new Uint8Array(MATERIAL_COUNT);
  colours[MATERIAL.road] = packLit(a.road, top, a.light);
  classes[MATERIAL.road] = SEMANTIC_IDS.road;
  colours[MATERIAL.marking] = packLit(a.marking, top, a.light);
  classes[MATERIAL.marking] = SEMANTIC_IDS.marking;
  colours[MATERIAL.shoulder] = packLit(a.shoulder, top, a.light);
  classes[MATERIAL.shoulder] = SEMANTIC_IDS.ground;
  colours[MATERIAL.kerbTop] = packLit(a.kerb, top, a.light);
  classes[MATERIAL.kerbTop] = SEMANTIC_IDS.kerb;
  colours[MATERIAL.kerbSide] = packLit(a.kerb, side, a.light);
  classes[MATERIAL.kerbSide] = SEMANTIC_IDS.kerb;
  return { colours, classes };
}

/**
 * Painted lines are drawn at least this wide, in output pixels: then at 2 x 2 supersampling a
 * line covers at least two of each block's four samples along its length, so its class label is
 * unbroken too (a tie goes to the nearer surface, the paint).
 */
export const MIN_LINE_WIDTH_PX = 1;
/** Fade levels for widened lines (colour table size - 1). */
const LINE_FADE_LEVELS = 32;

/** Per-renderer tables and scratch for drawing the road mesh. */
export interface RoadDrawState {
  readonly mesh: RoadMesh;
  readonly projection: Projection;
  readonly colours: Uint32Array;
  readonly classes: Uint8Array;
  /** Marking colour blended with the road's by level / LINE_FADE_LEVELS. */
  readonly lineFade: Uint32Array;
  /** Camera-space vertices of the current chunk, and each vertex's line fade (1 = not widened). */
  readonly scratch: Float64Array;
  readonly fade: Float64Array;
  readonly drawDistanceM: number;
  readonly haze: Haze | null;
  /** MIN_LINE_WIDTH_PX in samples. */
  readonly minLineWidthSamples: number;
}

/** Widening of a line never exceeds this, m: where a line is seen almost edge-on it would explode. */
const MAX_LINE_WIDENING_M = 1;

/**
 * How far to push a line vertex at camera-space (xc, yc, zc) outwards along the ground direction
 * (ex, ey) so that the line is minLineWidthSamples thick across its own direction in the image,
 * m (0 when it already is). The image-space thickness per metre of half width is the component of
 * the projected widening direction E perpendicular to the projected line direction T, with the
 * projection's Jacobian d(u, v) = (f / z) (dx - x dz / z, dy - y dz / z):
 * |E x T| / |T|, the line direction on the ground being (ey, -ex).
 */
function lineWidening(f: CameraFrame, st: RoadDrawState, ex: number, ey: number, xc: number, yc: number, zc: number): number {
  if (ex === 0 && ey === 0) return 0;
  const eZ = ex * f.forwardX + ey * f.forwardY;
  const eU = ex * f.rightX + ey * f.rightY - (xc * eZ) / zc;
  const eV = ex * f.downX + ey * f.downY - (yc * eZ) / zc;
  const tZ = ey * f.forwardX - ex * f.forwardY;
  const tU = ey * f.rightX - ex * f.rightY - (xc * tZ) / zc;
  const tV = ey * f.downX - ex * f.downY - (yc * tZ) / zc;
  const tLen = Math.sqrt(tU * tU + tV * tV);
  if (!(tLen > 0)) return 0;
  const samplesPerM = (st.projection.focalPx / zc) * (Math.abs(eU * tV - eV * tU) / tLen);
  if (!(samplesPerM > 0)) return MAX_LINE_WIDENING_M;
  const needHalfM = st.minLineWidthSamples / 2 / samplesPerM;
  return Math.min(MAX_LINE_WIDENING_M, needHalfM - MARKING_WIDTH_M / 2);
}

/** Road chunks: cull, transform to camera space (widening distant lines), draw. */
export function drawRoad(t: RasterTarget, st: RoadDrawState, f: CameraFrame): void {
  const { projection: p, scratch, fade, colours, classes, lineFade } = st;
  const trueHalfM = MARKING_WIDTH_M / 2;
  for (const chunk of st.mesh.chunks) {
    if (!sphereVisible(f, p, chunk.centreX, chunk.centreY, chunk.centreZ, chunk.radiusM, st.drawDistanceM)) continue;
    const v = chunk.vertices;
    const expand = chunk.expand;
    for (let i = 0, j = 0; i < v.length; i += 3, j++) {
      const dx = v[i] - f.x;
      const dy = v[i + 1] - f.y;
      const dz = v[i + 2] - f.z;
      let xc = dx * f.rightX + dy * f.rightY;
      let yc = dx * f.downX + dy * f.downY + dz * f.downZ;
      let zc = dx * f.forwardX + dy * f.forwardY + dz * f.forwardZ;
      fade[j] = 1;
      if (expand !== null && zc > NEAR_M) {
        const extraM = lineWidening(f, st, expand[2 * j], expand[2 * j + 1], xc, yc, zc);
        if (extraM > 0) {
          const ex = expand[2 * j];
          const ey = expand[2 * j + 1];
          xc += extraM * (ex * f.rightX + ey * f.rightY);
          yc += extraM * (ex * f.downX + ey * f.downY);
          zc += extraM * (ex * f.forwardX + ey * f.forwardY);
          fade[j] = trueHalfM / (trueHalfM + extraM);
        }
      }
      scratch[i] = xc;
      scratch[i + 1] = yc;
      scratch[i + 2] = zc;
    }
    const tris = chunk.triangles;
    const mats = chunk.materials;
    let lineAlpha = 1;
    for (let k = 0; k < mats.length; k++) {
      const ia = tris[3 * k];
      const ib = tris[3 * k + 1];
      const ic = tris[3 * k + 2];
      const m = mats[k];
      let colour = colours[m];
      const cls = classes[m];
      if (m === MATERIAL.marking) {
        // One fade per quad, from its four corners: ChunkBuilder emits a quad's triangles (a, b, c)
        // and (a, c, d) one after the other, so the first of a pair sets it for both. Per-triangle
        // fades would make the quad's diagonal visible (and the image asymmetric).
        if (k % 2 === 0) lineAlpha = (fade[ia] + fade[ib] + fade[ic] + fade[tris[3 * k + 5]]) / 4;
        colour = lineFade[Math.round(lineAlpha * LINE_FADE_LEVELS)];
      }
      const a = 3 * ia;
      const b = 3 * ib;
      const c = 3 * ic;
      drawCameraTriangle(t, p, scratch[a], scratch[a + 1], scratch[a + 2], scratch[b], scratch[b + 1], scratch[b + 2], scratch[c], scratch[c + 1], scratch[c + 2], colour, cls, st.haze);
    }
  }
}

/** lineFade[k] = road colour blended towards the marking colour by k / LINE_FADE_LEVELS. */
function lineFadeTable(a: Appearance): Uint32Array {
  const top = faceShade(a, 0, 0, 1);
  const table = new Uint32Array(LINE_FADE_LEVELS + 1);
  for (let k = 0; k <= LINE_FADE_LEVELS; k++) {
    table[k] = packLit(mixRgb(a.road, a.marking, k / LINE_FADE_LEVELS), top, a.light);
  }
  return table;
}

export function createRoadDraw(mesh: RoadMesh, projection: Projection, supersample: number, a: Appearance, drawDistanceM: number, haze: Haze | null): RoadDrawState {
  const { colours, classes } = materialTables(a);
  return {
    mesh,
    projection,
    colours,
    classes,
    lineFade: lineFadeTable(a),
    scratch: new Float64Array(3 * Math.max(1, mesh.maxChunkVertices)),
    fade: new Float64Array(Math.max(1, mesh.maxChunkVertices)),
    drawDistanceM,
    haze,
    minLineWidthSamples: MIN_LINE_WIDTH_PX * supersample,
  };
}
