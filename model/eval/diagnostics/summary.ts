/**
 * One printed summary of an EvaluationResult for the diagnostics: PSNR at a few horizons next to
 * copy-last-frame, the horizons where it is not ahead, controllability by kind, persistence.
 */
import type { EvaluationResult } from '../evaluate-model';
import type { PersistenceTotals } from '../object-persistence';

const SHOWN = [1, 2, 5, 10, 20, 30, 40, 50];

function rate(outcomes: EvaluationResult['control']): string {
  const scored = outcomes.filter((c) => c.informative);
  const correct = scored.reduce((s, c) => s + (c.correctA ? 1 : 0) + (c.correctB ? 1 : 0), 0);
  return scored.length > 0 ? `${((100 * correct) / (2 * scored.length)).toFixed(1)} %` : '-';
}

const persistence = (t: PersistenceTotals) => (t.actorFrames > 0 ? `${((100 * (t.hallucinated + t.vanished)) / t.actorFrames).toFixed(1)} %` : '-');

export function diagnosticSummary(name: string, r: EvaluationResult): string {
  const hs = SHOWN.filter((h) => h <= r.horizon);
  const row = (label: string, v: readonly (number | null)[]) => `${label.padEnd(24)}${hs.map((h) => (v[h - 1] ?? NaN).toFixed(2).padStart(7)).join('')}`;
  const behind: number[] = [];
  for (let h = 2; h <= r.horizon; h++) if ((r.psnrDb.model[h - 1] ?? -Infinity) <= (r.psnrDb.copyLastFrame[h - 1] ?? Infinity)) behind.push(h);
  return [
    `${'PSNR dB at h'.padEnd(24)}${hs.map((h) => String(h).padStart(7)).join('')}`,
    row(name, r.psnrDb.model),
    row(`${name}, grounded`, r.psnrDb.modelGrounded),
    row('copy last frame', r.psnrDb.copyLastFrame),
    `not ahead of copy-last at ${behind.length} horizons of 2-${r.horizon}`,
    `controllability ${rate(r.control)} (brake/accelerate ${rate(r.control.filter((c) => c.kind === 'longitudinal'))}, lane ${rate(r.control.filter((c) => c.kind === 'lateral'))})`,
    `persistence errors: ${name} ${persistence(r.persistence.model)}, grounded ${persistence(r.persistence.modelGrounded)}, copy-last ${persistence(r.persistence.copyLastFrame)}, reference ${persistence(r.persistence.reference)}`,
  ].join('\n');
}
