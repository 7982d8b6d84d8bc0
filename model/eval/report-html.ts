/**
 * The report as one self-contained HTML page (no scripts, no external files): the PSNR-vs-horizon
 * plot as inline SVG, the acceptance verdicts, per-horizon PSNR/SSIM, controllability, object
 * persistence, throughput and timing, all read from the JSON report.
 */
import { escapeXml, lineChartSvg } from './chart/svg-chart';
import type { EvalModelReport, Verdict } from './eval-report';
import { psnrChartSpec } from './psnr-chart';

function num(v: number | null | undefined, digits = 2): string {
  return v === null || v === undefined ? '-' : v.toFixed(digits);
}

function pct(v: number | null): string {
  return v === null ? '-' : `${(100 * v).toFixed(1)} %`;
}

function pass(p: boolean | null): string {
  return p === null ? '<td class="na">not measured</td>' : p ? '<td class="ok">pass</td>' : '<td class="bad">fail</td>';
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${escapeXml(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.join('')}</tr>`).join('')}</tbody></table>`;
}

const td = (s: string) => `<td>${escapeXml(s)}</td>`;

/** Sorted integers as runs: [2, 3, 4, 7] -> '2-4, 7'. */
export function integerRuns(values: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < values.length; ) {
    let j = i;
    while (j + 1 < values.length && values[j + 1] === values[j] + 1) j++;
    runs.push(j > i ? `${values[i]}-${values[j]}` : String(values[i]));
    i = j + 1;
  }
  return runs.join(', ');
}

export function reportHtml(report: EvalModelReport): string {
  const a = report.acceptance;
  const psnrRows = Object.entries(a.psnrDbAt).map(([h, v]: [string, Verdict]) => [td(`PSNR at ${h} >= ${v.target} dB`), td(num(v.value)), pass(v.pass)]);
  const acceptance = table(['target', 'measured', 'verdict'], [
    [td(`PSNR above copy-last-frame at h ${a.psnrBeatsCopyLastFrame.from}..${a.psnrBeatsCopyLastFrame.to}`), td(`worst margin ${num(a.psnrBeatsCopyLastFrame.worstMarginDb)} dB up to h ${a.psnrBeatsCopyLastFrame.measuredTo}${a.psnrBeatsCopyLastFrame.failingHorizons.length > 0 ? `; fails at h ${integerRuns(a.psnrBeatsCopyLastFrame.failingHorizons)}` : ''}`), pass(a.psnrBeatsCopyLastFrame.pass)],
    ...psnrRows,
    [td(`controllability >= ${pct(a.controllability.target)}`), td(pct(a.controllability.value)), pass(a.controllability.pass)],
    [td(`grounded hallucinated + vanished <= ${pct(a.groundedPersistenceErrorRate.target)} of actor-frames`), td(pct(a.groundedPersistenceErrorRate.value)), pass(a.groundedPersistenceErrorRate.pass)],
  ]);
  const hz = report.horizon;
  const horizonRows = hz.h.map((h, i) => [td(String(h)), td(num(hz.psnrDb.model[i])), td(num(hz.psnrDb.modelGrounded[i])), td(num(hz.psnrDb.copyLastFrame[i])), td(num(hz.ssim.model[i], 3)), td(num(hz.ssim.modelGrounded[i], 3)), td(num(hz.ssim.copyLastFrame[i], 3))]);
  const c = report.controllability;
  const controlRows = [['all', c] as const, ['longitudinal (brake vs accelerate)', c.byKind.longitudinal] as const, ['lateral (keep vs lane change)', c.byKind.lateral] as const].map(([name, s]) => [td(name), td(String(s.pairs)), td(String(s.informativePairs)), td(`${s.correct} / ${s.trials}`), td(pct(s.rate)), td(pct(s.copyLastFrameRate)), td(num(s.medianPositionA)), td(num(s.medianPositionB))]);
  const p = report.objectPersistence;
  const persistenceRows = (['reference', 'model', 'modelGrounded', 'copyLastFrame'] as const).map((k) => [td(k), td(String(p[k].frames)), td(String(p[k].actorFrames)), td(`${p[k].hallucinated} (${num(p[k].hallucinatedPerFrame)}/frame)`), td(`${p[k].vanished} (${num(p[k].vanishedPerFrame)}/frame)`), td(pct(p[k].errorRate))]);
  const throughputRows = report.throughput.runs.map((t) => [td(String(t.batch)), td(String(t.horizon)), td(String(t.frames)), td(num(t.framesPerS, 1)), td(num(t.msPerFrame, 2))]);
  const definitions = Object.entries(report.definitions).map(([k, v]) => `<dt>${escapeXml(k)}</dt><dd>${escapeXml(v)}</dd>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>dreamdrive eval-model: ${escapeXml(report.model.dir)}</title>
<style>body{font-family:sans-serif;margin:24px;max-width:980px;color:#1e1e1e}table{border-collapse:collapse;margin:8px 0 20px}th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f3f3}td:first-child{text-align:left}.ok{color:#176b17}.bad{color:#b00020}.na{color:#777}dt{font-weight:bold;margin-top:6px}details{margin:8px 0 20px}</style>
</head><body>
<h1>World model evaluation</h1>
<p>Model <code>${escapeXml(report.model.dir)}</code> (${report.model.frame.widthPx}x${report.model.frame.heightPx}, K = ${report.model.contextFrames}, F = ${report.model.futureSteps}, M = ${report.model.layoutSlots});
${report.source.episodes} episodes of the ${escapeXml(report.source.split)} split (held-out families ${escapeXml(report.source.heldOutFamilies.join(', '))}), generator seed ${report.source.seed}, ${report.source.steps} steps per episode; horizon ${hz.h.length} frames.</p>
${lineChartSvg(psnrChartSpec(report))}
<h2>Acceptance (issue 4)</h2>${acceptance}
<h2>Controllability (horizon ${c.horizon} frames)</h2>${table(['pairs', 'count', 'informative', 'correct / trials', 'rate', 'copy-last-frame', 'position A', 'position B'], controlRows)}<p>Position: the median place of each plan's prediction on the line from plan A's future (0) to plan B's (1); a trial is correct when it lies on its own side of 0.5.</p>
<h2>Object persistence</h2>${table(['camera', 'frames', 'actor-frames', 'hallucinated', 'vanished', 'error rate'], persistenceRows)}
<h2>Throughput</h2><p>${escapeXml(report.throughput.machine.cpu)}, ${report.throughput.machine.cores} cores, Node ${escapeXml(report.throughput.machine.node)}</p>${table(['batch', 'horizon', 'frames', 'frames/s', 'ms/frame'], throughputRows)}
<h2>Per horizon step</h2><details><summary>PSNR (dB) and SSIM at every step</summary>${table(['h', 'PSNR model', 'PSNR grounded', 'PSNR copy-last', 'SSIM model', 'SSIM grounded', 'SSIM copy-last'], horizonRows)}</details>
<h2>Definitions</h2><dl>${definitions}</dl>
<p>Run time ${num(report.timing.total, 1)} s (episodes and counterfactuals ${num(report.timing.reference, 1)} s, predictors ${num(report.timing.predict, 1)} s, scoring ${num(report.timing.score, 1)} s).</p>
</body></html>
`;
}
