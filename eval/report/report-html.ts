/**
 * report.html: one self-contained page (inline CSS and SVG, no script, nothing fetched), drawn from
 * results.json alone: verdicts, the summary per policy and camera, how the score is aggregated, the
 * scores per scenario, histograms of min TTC and progress, the worst rollouts with links to their
 * logs (paths relative to the report), the reference-vs-model gap when the suite ran both cameras,
 * and every rollout.
 */
import { SUB_SCORE_NAMES, rolloutScore } from '../aggregate';
import { GAP_METRICS } from '../camera-gap';
import type { RolloutOutcome } from '../suite/rollout-outcome';
import { esc, fixed, percent, scoreCell, table, type Cell } from './html';
import type { ResultsDocument } from './results-document';
import { histogramSvg, SERIES_COLOURS, type Bins, type Series } from './svg-histogram';

/** Rollouts listed under "worst rollouts". */
export const WORST_SHOWN = 10;

/** min_ttc bins, s: the TTC horizon is 3 s, so Infinity (no projected conflict) gets its own bin. */
export const MIN_TTC_BINS: Bins = {
  edges: [0.5, 1, 1.5, 2, 2.5, 3.0001],
  labels: ['<0.5', '0.5-1', '1-1.5', '1.5-2', '2-2.5', '2.5-3', 'none'],
};
export const PROGRESS_BINS: Bins = {
  edges: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
  labels: ['0-.1', '.1-.2', '.2-.3', '.3-.4', '.4-.5', '.5-.6', '.6-.7', '.7-.8', '.8-.9', '.9-1'],
};

const CSS = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px auto; max-width: 1200px; color: #222; padding: 0 16px; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #ccc; }
.meta { color: #555; font-size: 12px; }
table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: 3px 7px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.pass { color: #176d2c; font-weight: 600; } .fail { color: #b3261e; font-weight: 600; }
.error { color: #8a4b00; font-weight: 600; } .skipped { color: #666; }
.status { display: inline-block; padding: 4px 10px; border-radius: 4px; font-weight: 600; }
.ok { background: #d7f0dc; } .notok { background: #f8d7d5; }
code, .formula { font-family: ui-monospace, monospace; font-size: 12px; }
.formula { background: #f7f7f7; border: 1px solid #ddd; padding: 8px 12px; white-space: pre-wrap; }
.charts svg { margin-right: 16px; border: 1px solid #eee; }
`;

function verdictCell(o: RolloutOutcome): Cell {
  const note = o.verdict === 'fail' && o.expected === 'fail' ? ' (expected)' : !o.asExpected && o.verdict === 'pass' ? ' (expected fail)' : '';
  return { html: `<span class="${o.verdict}">${esc(o.verdict + note)}</span>` };
}

function logCell(o: RolloutOutcome): Cell {
  return { html: o.log === null ? '–' : `<a href="${esc(o.log)}">${esc(o.log.split('/').pop() ?? o.log)}</a>` };
}

function scoreOf(o: RolloutOutcome): number | null {
  return rolloutScore({ ...o, pdm: o.metrics?.pdm ?? null });
}

function seriesKey(o: { policy: string; camera: string }, cameras: number): string {
  return cameras > 1 ? `${o.policy} / ${o.camera}` : o.policy;
}

function header(doc: ResultsDocument): string {
  const s = doc.summary;
  const ok = s.unexpected === 0;
  const status = `<span class="status ${ok ? 'ok' : 'notok'}">${ok ? 'every verdict as expected' : `${s.unexpected} unexpected verdict${s.unexpected === 1 ? '' : 's'}`}</span>`;
  const run = doc.run;
  return [
    `<h1>dreamdrive evaluation: ${esc(doc.suite.name)}</h1>`,
    doc.suite.description ? `<p>${esc(doc.suite.description)}</p>` : '',
    `<p class="meta">suite ${esc(doc.suite.file)} (sha1 ${esc(doc.suite.sha1.slice(0, 12))}) · created ${esc(doc.createdAt)} · dreamdrive ${esc(doc.dreamdriveVersion)} · metrics <code>${esc(doc.metricsVersion)}</code> · aggregation <code>${esc(doc.aggregation.version)}</code> · ${run.workers} worker${run.workers === 1 ? '' : 's'}, ${fixed(run.wallS, 1)} s, ${fixed(run.rolloutsPerS, 1)} rollouts/s, ${fixed(run.realTimeFactor, 0)}x real time</p>`,
    `<p>${status} &nbsp; ${s.rollouts} rollouts: <span class="pass">${s.passed} passed</span>, <span class="fail">${s.failed} failed</span> (${s.expectedFailures} expected), <span class="error">${s.errors} errors</span>, <span class="skipped">${s.skipped} skipped</span></p>`,
    run.determinismFailures.length > 0 ? `<p class="fail">Determinism failures (a logged rerun ended elsewhere): ${run.determinismFailures.map(esc).join('; ')}</p>` : '',
  ].join('\n');
}

function summaryTable(doc: ResultsDocument): string {
  const rows = doc.overall.map((o) => [
    o.policy,
    o.camera,
    { html: String(o.scenarios), attrs: 'class="num"' },
    { html: String(o.rollouts), attrs: 'class="num"' },
    scoreCell(o.passRate, percent(o.passRate)),
    scoreCell(o.score, fixed(o.score, 3)),
    ...SUB_SCORE_NAMES.map((k) => scoreCell(o.subScores?.[k] ?? null)),
    { html: `${o.passed} / ${o.failed} / ${o.errors} / ${o.skipped}`, attrs: 'class="num"' },
  ]);
  return table(['policy', 'camera', 'scenarios', 'rollouts', 'pass rate', 'score', 'NC', 'DAC', 'TTC', 'C', 'EP', 'pass / fail / error / skip'], rows);
}

function aggregationBox(doc: ResultsDocument): string {
  const a = doc.aggregation;
  return `<div class="formula">rollout:  ${esc(a.rollout)}
scenario: ${esc(a.scenario)}
overall:  ${esc(a.overall)}

NC no collision, DAC drivable-area compliance, TTC min time-to-collision above 0.9 s, C comfort, EP ego progress (route completion);
definitions and where they differ from NAVSIM/nuPlan: ${esc(doc.metricsVersion)} (sim/metrics/). Pass rates and scores are means over scenarios, every scenario weighing the same.</div>`;
}

function scenarioTable(doc: ResultsDocument, cameras: number): string {
  const columns = doc.overall.map((o) => ({ policy: o.policy, camera: o.camera }));
  const names = [...new Set(doc.scenarios.map((s) => s.scenario))].sort();
  const rows = names.map((name) => [
    name,
    ...columns.map((c) => {
      const s = doc.scenarios.find((x) => x.scenario === name && x.policy === c.policy && x.camera === c.camera);
      if (s === undefined) return '';
      if (s.score === null) return { html: `<span class="skipped">skipped</span>` };
      const judged = s.passed + s.failed + s.errors;
      return scoreCell(s.score, `${fixed(s.score)}  (${s.passed}/${judged} pass)`);
    }),
  ]);
  return table(['scenario', ...columns.map((c) => seriesKey(c, cameras))], rows);
}

function charts(doc: ResultsDocument, cameras: number): string {
  const ran = doc.rollouts.filter((o) => o.metrics !== null);
  const keys = doc.overall.map((o) => seriesKey(o, cameras));
  const series = (pick: (o: RolloutOutcome) => number): Series[] =>
    keys.map((name, i) => ({ name, colour: SERIES_COLOURS[i % SERIES_COLOURS.length], values: ran.filter((o) => seriesKey(o, cameras) === name).map(pick) }));
  const ttc = histogramSvg('min time-to-collision per rollout', 'min TTC, s ("none": no projected conflict within 3 s)', MIN_TTC_BINS, series((o) => Number(o.metrics!.values.min_ttc)));
  const progress = histogramSvg('progress per rollout', 'route completion (EP)', PROGRESS_BINS, series((o) => Number(o.metrics!.values.route_completion)));
  return `<div class="charts">${ttc}\n${progress}</div>`;
}

function worstTable(doc: ResultsDocument): string {
  const ranked = doc.rollouts
    .map((o, i) => ({ o, i, score: scoreOf(o) }))
    .filter((r) => r.score !== null)
    .sort((a, b) => a.score! - b.score! || a.i - b.i)
    .slice(0, WORST_SHOWN);
  const rows = ranked.map(({ o, score }) => [{ html: `<code>${esc(o.id)}</code>` }, verdictCell(o), scoreCell(score), o.message ?? '', logCell(o)]);
  return table(['rollout', 'verdict', 'score', 'why', 'log'], rows);
}

/** Frames each camera made over the suite, and the world model's time per predicted frame. */
function cameraLine(doc: ResultsDocument): string {
  const parts: string[] = [];
  for (const kind of ['reference', 'model'] as const) {
    const stats = doc.rollouts.filter((o) => o.camera === kind && o.cameraStats !== null).map((o) => o.cameraStats!);
    if (stats.length === 0) continue;
    const sum = (k: 'frames' | 'referenceFrames' | 'modelFrames' | 'seconds' | 'modelSeconds') => stats.reduce((t, x) => t + x[k], 0);
    let text = `${kind} camera: ${sum('frames')} frames in ${stats.length} rollouts`;
    if (sum('modelFrames') > 0) text += ` (${sum('referenceFrames')} reference warm-up, ${sum('modelFrames')} predicted, ${fixed((1000 * sum('modelSeconds')) / sum('modelFrames'))} ms per predicted frame; ${esc(stats[0].label)})`;
    parts.push(text);
  }
  return parts.length === 0 ? '' : `<p class="meta">${parts.join(' · ')}</p>`;
}

function gapSection(doc: ResultsDocument): string {
  if (doc.gap.length === 0) return '';
  const rows = doc.gap.map((g) => [
    g.scenario ?? 'all scenarios',
    g.policy,
    ...GAP_METRICS.map((m) => {
      const v = g.values.find((x) => x.metric === m)!;
      const diff = v.difference === null ? '' : ` (${v.difference >= 0 ? '+' : ''}${fixed(v.difference)})`;
      return { html: esc(`${fixed(v.reference)} | ${fixed(v.model)}${diff}`), attrs: 'class="num"' };
    }),
    { html: `${g.errors.reference} | ${g.errors.model}`, attrs: 'class="num"' },
  ]);
  return `<h2>Neural-simulation gap: reference camera vs world model</h2>
<p>Each cell: reference | model (model − reference). The same policy and scenarios under both camera sources; rollouts that could not run count as errors (last column). The built-in policies (trajectory, idm, pure-pursuit) drive from the world state and read no camera frame, so their gap is zero by construction; a policy that drives from the camera shows what the world model's errors cost it.</p>
${cameraLine(doc)}
${table(['scenario', 'policy', ...GAP_METRICS, 'errors'], rows)}`;
}

function allRollouts(doc: ResultsDocument): string {
  const rows = doc.rollouts.map((o) => {
    const v = o.metrics?.values;
    return [
      { html: `<code>${esc(o.id)}</code>` },
      verdictCell(o),
      scoreCell(scoreOf(o)),
      { html: v ? fixed(Number(v.min_ttc)) : '–', attrs: 'class="num"' },
      { html: v ? fixed(Number(v.route_completion)) : '–', attrs: 'class="num"' },
      o.metrics?.collision ? `${o.metrics.collision.withId} at ${o.metrics.collision.atS.toFixed(1)} s` : '',
      o.message ?? '',
      logCell(o),
    ];
  });
  return `<details><summary>${doc.rollouts.length} rollouts</summary>\n${table(['rollout', 'verdict', 'score', 'min TTC', 'progress', 'collision', 'why', 'log'], rows)}</details>`;
}

export function reportHtml(doc: ResultsDocument): string {
  const cameras = new Set(doc.rollouts.map((o) => o.camera)).size;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>dreamdrive eval: ${esc(doc.suite.name)}</title>
<style>${CSS}</style>
</head>
<body>
${header(doc)}
<h2>Summary per policy</h2>
${summaryTable(doc)}
<h2>How the score is aggregated</h2>
${aggregationBox(doc)}
<h2>Scores per scenario</h2>
${scenarioTable(doc, cameras)}
<h2>Distributions</h2>
${charts(doc, cameras)}
<h2>Worst rollouts</h2>
${worstTable(doc)}
${gapSection(doc)}
<h2>All rollouts</h2>
${allRollouts(doc)}
</body>
</html>
`;
}
