/**
 * `npm run bench`: every benchmark in one process, printed as a table. Targets are reported as
 * ratios measured in the same run, never asserted in tests.
 */
import { datasetSpeed, formatDatasetSpeed } from './dataset-speed';
import { evalSpeed, formatEvalSpeed } from './eval-speed';
import { formatHttpSpeed, httpSpeed } from './http-speed';
import { formatModelSpeed, modelSpeed } from './model-speed';
import { renderSpeed } from './render-speed';
import { simThroughput } from './sim-throughput';
import { formatViewerBench, viewerBench } from './viewer/viewer-bench';

const TARGET_AGENT_STEPS_PER_S = 1_000_000;
const TARGET_FPS_64 = 1000;

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const rows = simThroughput();
  const frames = renderSpeed();
  const dataset = await datasetSpeed();
  const http = await httpSpeed();
  const evaluation = await evalSpeed();
  const model = await modelSpeed();
  const viewer = await viewerBench();
  if (json) {
    process.stdout.write(`${JSON.stringify({ simThroughput: rows, renderSpeed: frames, datasetSpeed: dataset, httpSpeed: http, evalSpeed: evaluation, modelSpeed: model, viewerBench: viewer }, null, 2)}\n`);
    return;
  }
  process.stdout.write('simulation throughput (one core, dt = 0.1 s, IDM+MOBIL highway traffic)\n');
  process.stdout.write('agents  mode      steps  seconds  agent-steps/s  x real time  vs 1M target\n');
  for (const r of rows) {
    process.stdout.write(
      `${String(r.agents).padStart(6)}  ${r.mode.padEnd(8)} ${String(r.steps).padStart(6)}  ${r.seconds.toFixed(3).padStart(7)}  ${Math.round(r.agentStepsPerS).toLocaleString('en-US').padStart(13)}  ${r.realTimeFactor.toFixed(0).padStart(11)}  ${(r.agentStepsPerS / TARGET_AGENT_STEPS_PER_S).toFixed(2).padStart(11)}x\n`,
    );
  }
  const a20 = rows.find((r) => r.agents === 20 && r.mode === 'physics');
  const a200 = rows.find((r) => r.agents === 200 && r.mode === 'physics');
  if (a20 && a200) {
    const costRatio = (a200.seconds / a20.seconds);
    process.stdout.write(`cost per step, 200 vs 20 agents: ${costRatio.toFixed(1)}x (linear scaling would be ${(201 / 21).toFixed(1)}x)\n`);
  }
  process.stdout.write('\nreference camera renderer (one core, states of a cut_in rollout)\n');
  process.stdout.write('size      supersample  outputs              fps   ms/frame  vs 1,000 fps\n');
  for (const f of frames) {
    const vs = f.size === '64x64' ? `${(f.fps / TARGET_FPS_64).toFixed(2)}x` : '';
    process.stdout.write(`${f.size.padEnd(9)} ${String(f.supersample).padStart(11)}  ${f.outputs.padEnd(18)} ${f.fps.toFixed(0).padStart(6)}  ${f.msPerFrame.toFixed(3).padStart(9)}  ${vs.padStart(11)}\n`);
  }
  process.stdout.write(`\n${formatDatasetSpeed(dataset)}\n`);
  process.stdout.write(`\n${formatHttpSpeed(http)}`);
  process.stdout.write(`\n${formatEvalSpeed(evaluation)}\n`);
  process.stdout.write(`\n${formatModelSpeed(model)}`);
  process.stdout.write(`\n${formatViewerBench(viewer)}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).message}\n`);
  process.exit(1);
});
