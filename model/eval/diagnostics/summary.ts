/**
 * One printed summary of an EvaluationResult for the diagnostics: PSNR at a few horizons next to
 * copy-last-frame, the horizons where it is not ahead, controllability by kind, persistence.
 */
import { controlSummary, marginOverCopyLast } from '../eval-report';
import type { EvaluationResult } from '../evaluate-model';
import { persistenceErrorRate, type PersistenceTotals } from '../object-persistence';

const SHOWN = [1, 2, 5, 10, 20, 30, 40, 50];

const pct = (v: number | null) => (v === null ? '-' : `${(100 * v).toFixed(1)} %`);
const rate = (outcomes: EvaluationResult['control']) => pct(controlSummary(outcomes).rate);
const persistence = (t: PersistenceTotals) => pct(persistenceErrorRate(t));

export function diagnosticSummary(name: string, r: EvaluationResult): string {
  const hs = SHOWN.filter((h) => h <= r.horizon);
  const row = (label: string, v: readonly (number | null)[]) => `${label.padEnd(24)}${hs.map((h) => (v[h - 1] ?? NaN).toFixed(2).padStart(7)).join('')}`;
  const behind = marginOverCopyLast(r, 2, r.horizon).failing;
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
