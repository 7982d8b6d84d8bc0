/**
 * A turn with eased curvature: clothoid (0 -> kappa), arc (kappa), clothoid (kappa -> 0), the
 * usual highway/junction transition so that steering (curvature) is continuous at both ends.
 * The shape is symmetric, so its chord points along yaw0 + angle / 2 exactly as a circular arc's
 * does; scaling it to the chord of the arc of radius R makes it end where that arc ends, with the
 * same heading. It is therefore a drop-in replacement for an arc between two fixed poses.
 */
import { type CurvePiece, sampleCurveChain } from './curve-chain';

/** Share of the heading change taken by each clothoid; the arc takes the rest (here one half). */
const CLOTHOID_HEADING_FRACTION = 0.25;


function easedPieces(angleRad: number, scaleM: number): CurvePiece[] {
  const turn = Math.abs(angleRad);
  const sign = Math.sign(angleRad);
  // For peak curvature 1/scale: a clothoid from 0 to kappa over length l turns kappa * l / 2.
  const clothoidM = 2 * CLOTHOID_HEADING_FRACTION * turn * scaleM;
  const arcM = (1 - 2 * CLOTHOID_HEADING_FRACTION) * turn * scaleM;
  const kappa = sign / scaleM;
  return [
    { kind: 'clothoid', lengthM: clothoidM, curvatureStart: 0, curvatureEnd: kappa },
    { kind: 'arc', lengthM: arcM, curvature: kappa },
    { kind: 'clothoid', lengthM: clothoidM, curvatureStart: kappa, curvatureEnd: 0 },
  ];
}

/**
 * Pieces of an eased turn by `angleRad` (+ = left, |angle| in (0, pi]) that ends at the same pose
 * as a circular arc of radius `equivalentRadiusM` would. Its peak curvature is higher than
 * 1/R (about 1.42/R for a 90 degree turn).
 */
export function easedTurnPieces(angleRad: number, equivalentRadiusM: number): CurvePiece[] {
  if (!(Math.abs(angleRad) > 0 && Math.abs(angleRad) <= Math.PI)) {
    throw new Error(`easedTurnPieces: |angleRad| must be in (0, pi] (got ${angleRad})`);
  }
  if (!(Number.isFinite(equivalentRadiusM) && equivalentRadiusM > 0)) {
    throw new Error(`easedTurnPieces: equivalentRadiusM must be a finite number > 0 (got ${equivalentRadiusM})`);
  }
  // Measure a trial at the target's scale, not at unit scale: Simpson's relative error grows as
  // (step * curvature)^4, so a unit-curvature trial would leave micrometres after scaling up.
  // Output spacing is irrelevant here (Simpson sub-steps set the accuracy), so take few samples.
  const trial = sampleCurveChain({ x: 0, y: 0, yaw: 0 }, easedPieces(angleRad, equivalentRadiusM), equivalentRadiusM);
  const end = trial[trial.length - 1];
  const arcChordM = 2 * equivalentRadiusM * Math.sin(Math.abs(angleRad) / 2);
  return easedPieces(angleRad, (equivalentRadiusM * arcChordM) / Math.hypot(end.x, end.y));
}
