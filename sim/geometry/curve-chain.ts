/**
 * A road reference line as a chain of analytic pieces (lines, arcs, clothoids), each starting at
 * the end pose of the one before, as OpenDRIVE's planView does.
 */
import type { Pose2 } from '../types';
import { type CurvePoint, sampleArc, sampleClothoid, sampleLine } from './sample-curves';

export type CurvePiece =
  | { readonly kind: 'line'; readonly lengthM: number }
  /** Constant curvature, 1/m, + = left. */
  | { readonly kind: 'arc'; readonly lengthM: number; readonly curvature: number }
  /** Curvature linear in arc length from curvatureStart to curvatureEnd, 1/m. */
  | {
      readonly kind: 'clothoid';
      readonly lengthM: number;
      readonly curvatureStart: number;
      readonly curvatureEnd: number;
    };

function samplePiece(start: Pose2, piece: CurvePiece, maxSpacingM: number): CurvePoint[] {
  switch (piece.kind) {
    case 'line':
      return sampleLine(start, piece.lengthM, maxSpacingM);
    case 'arc':
      return sampleArc(start, piece.curvature, piece.lengthM, maxSpacingM);
    case 'clothoid':
      return sampleClothoid(start, piece.curvatureStart, piece.curvatureEnd, piece.lengthM, maxSpacingM);
  }
}

/**
 * Samples the pieces in order from `start`. Pieces of length 0 are skipped. The shared point of
 * two pieces appears once; where curvature jumps there (line into arc) it carries the mean of
 * both sides, so interpolated curvature ramps symmetrically across the junction.
 */
export function sampleCurveChain(start: Pose2, pieces: readonly CurvePiece[], maxSpacingM: number): CurvePoint[] {
  const points: CurvePoint[] = [];
  let pose: Pose2 = start;
  pieces.forEach((piece, i) => {
    if (piece.lengthM === 0) return;
    if (!(piece.lengthM > 0)) {
      throw new Error(`sampleCurveChain: piece ${i} has lengthM ${piece.lengthM}, must be >= 0`);
    }
    const sampled = samplePiece(pose, piece, maxSpacingM);
    if (points.length > 0) {
      const junction = points[points.length - 1];
      points[points.length - 1] = { ...junction, curvature: 0.5 * (junction.curvature + sampled[0].curvature) };
      sampled.shift();
    }
    points.push(...sampled);
    pose = points[points.length - 1];
  });
  if (points.length < 2) throw new Error('sampleCurveChain: the pieces have no length in total');
  return points;
}
