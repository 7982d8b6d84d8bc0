/**
 * The report's plot: mean PSNR against the horizon step for the world model (ungrounded and
 * grounded) and the copy-last-frame baseline measured in the same run.
 */
import type { LineChartSpec } from './chart/chart-layout';
import type { EvalModelReport } from './eval-report';

/** Plot size, pixels: legible 5x7 labels, fits a laptop screen and a README. */
export const PSNR_CHART_SIZE = { widthPx: 720, heightPx: 420 } as const;

export function psnrChartSpec(report: EvalModelReport): LineChartSpec {
  const { h, psnrDb } = report.horizon;
  return {
    title: `PSNR vs horizon, ${report.source.split} split, ${report.source.episodes} episodes`,
    xLabel: 'horizon step h (0.1 s each)',
    yLabel: 'mean PSNR (dB)',
    x: h,
    series: [
      { name: 'world model', values: psnrDb.model, colour: [200, 40, 40] },
      { name: 'world model, grounded', values: psnrDb.modelGrounded, colour: [30, 90, 200] },
      { name: 'copy last frame', values: psnrDb.copyLastFrame, colour: [90, 90, 90], dashed: true },
    ],
    ...PSNR_CHART_SIZE,
  };
}
