/**
 * Rollout throughput of a predictor on this machine: predicted frames per second of wall time for
 * a batch of B identical rollouts of H frames (context encoding, every dynamics and decoder step,
 * conversion to 8-bit RGB: what a caller of rollout() waits for), after one untimed warm-up call
 * (onnxruntime sizes its buffers on the first run of a shape).
 */
import type { FramePredictor, RolloutRequest } from './frame-predictor';

export interface Throughput {
  readonly batch: number;
  readonly horizon: number;
  readonly repeats: number;
  /** Frames predicted in the timed calls: repeats x batch x horizon. */
  readonly frames: number;
  readonly seconds: number;
  readonly framesPerS: number;
  readonly msPerFrame: number;
}

export async function measureThroughput(p: FramePredictor, request: RolloutRequest, batch: number, horizon: number, repeats: number): Promise<Throughput> {
  for (const [name, v] of [['batch', batch], ['horizon', horizon], ['repeats', repeats]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`measureThroughput: ${name} must be an integer >= 1, got ${v}`);
  }
  const requests = Array.from({ length: batch }, () => request);
  await p.rollout(requests, horizon);
  const started = process.hrtime.bigint();
  for (let r = 0; r < repeats; r++) await p.rollout(requests, horizon);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const frames = repeats * batch * horizon;
  return { batch, horizon, repeats, frames, seconds, framesPerS: frames / seconds, msPerFrame: (1000 * seconds) / frames };
}
