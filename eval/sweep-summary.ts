/** One sweep cell's outcome, small enough to cross a worker boundary and to fill a CSV row. */
import type { RunReport } from './run-scenario';

export interface SweepRow {
  readonly index: number;
  readonly assigned: Readonly<Record<string, number>>;
  readonly seed: number;
  readonly passed: boolean | null;
  readonly collision: boolean;
  /** Metrics are null when the cell could not run. */
  readonly minTtcS: number | null;
  readonly minHeadwayM: number | null;
  readonly routeCompletion: number | null;
  readonly score: number | null;
  readonly finalHash: string;
  /** Set instead of the metrics when the run failed (a bad combination of parameters). */
  readonly error: string | null;
}

export function sweepRow(index: number, assigned: Readonly<Record<string, number>>, r: RunReport): SweepRow {
  const v = r.metrics.values;
  return {
    index,
    assigned,
    seed: r.seed,
    passed: r.passed,
    collision: v.collision === true,
    minTtcS: Number(v.min_ttc),
    minHeadwayM: Number(v.min_headway),
    routeCompletion: Number(v.route_completion),
    score: Number(v.score),
    finalHash: r.finalHash,
    error: null,
  };
}

export function failedRow(index: number, assigned: Readonly<Record<string, number>>, seed: number, message: string): SweepRow {
  return { index, assigned, seed, passed: false, collision: false, minTtcS: null, minHeadwayM: null, routeCompletion: null, score: null, finalHash: '', error: message };
}

function csvCell(v: unknown): string {
  const text = typeof v === 'number' && !Number.isFinite(v) ? (Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf') : String(v ?? '');
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function sweepCsv(rows: readonly SweepRow[], paramNames: readonly string[]): string {
  const header = ['index', ...paramNames, 'seed', 'passed', 'collision', 'min_ttc', 'min_headway', 'route_completion', 'score', 'error'];
  const lines = rows.map((r) =>
    [r.index, ...paramNames.map((n) => r.assigned[n]), r.seed, r.passed, r.collision, r.minTtcS, r.minHeadwayM, r.routeCompletion, r.score, r.error ?? ''].map(csvCell).join(','),
  );
  return `${[header.join(','), ...lines].join('\n')}\n`;
}
