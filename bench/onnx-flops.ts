/**
 * Floating-point operations of one call of an ONNX graph, counted from what onnxruntime actually
 * ran: the graph is run once with profiling on, graph optimisations and weight pre-packing off (so
 * that every node keeps its own name and lists its weight's shape), and the shapes of each node's
 * inputs and outputs in the profile give its multiply-adds (x 2 = FLOPs):
 *
 *   MatMul         out (..., m, n), a (..., m, k)        2 * |out| * k
 *   Gemm           out (m, n), a (m, k) or (k, m)         2 * |out| * |a| / m
 *   Conv           out (N, Co, ...), w (Co, Ci/g, kh, kw) 2 * |out| * |w| / Co
 *   ConvTranspose  x (N, Ci, ...), w (Ci, Co/g, kh, kw)   2 * |x| * |w| / Ci
 *
 * Other nodes (normalisation, softmax, activations, reshapes) are not counted: they are a few
 * percent of the work of these graphs and run at memory speed anyway, so the count is a lower bound.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InferenceSession, type Tensor } from 'onnxruntime-node';

interface ProfileEvent {
  readonly cat?: string;
  readonly name?: string;
  readonly args?: {
    readonly op_name?: string;
    readonly input_type_shape?: readonly Record<string, number[]>[];
    readonly output_type_shape?: readonly Record<string, number[]>[];
  };
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const shapeOf = (entry: Record<string, number[]> | undefined): number[] => (entry ? Object.values(entry)[0] ?? [] : []);

/** FLOPs of one profiled node, 0 for the kinds not counted. */
export function nodeFlops(op: string, inputs: readonly number[][], outputs: readonly number[][]): number {
  const out = outputs[0] ?? [];
  const a = inputs[0] ?? [];
  const w = inputs[1] ?? [];
  switch (op) {
    case 'MatMul':
      return 2 * size(out) * (a[a.length - 1] ?? 0);
    case 'Gemm':
      return out.length === 2 && out[0] > 0 ? (2 * size(out) * size(a)) / out[0] : 0;
    case 'Conv':
      return w.length > 1 && w[0] > 0 ? (2 * size(out) * size(w)) / w[0] : 0;
    case 'ConvTranspose':
      return w.length > 1 && w[0] > 0 ? (2 * size(a) * size(w)) / w[0] : 0;
    default:
      return 0;
  }
}

/** FLOPs of one call of the graph in `file` on `feeds` (their shapes set the batch). */
export async function graphFlops(file: string, feeds: Record<string, Tensor>): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'dreamdrive-flops-'));
  try {
    const session = await InferenceSession.create(file, {
      graphOptimizationLevel: 'disabled',
      intraOpNumThreads: 1,
      enableProfiling: true,
      profileFilePrefix: join(dir, 'profile'),
      extra: { session: { disable_prepacking: '1' } },
    });
    await session.run(feeds);
    session.endProfiling();
    await session.release();
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    if (files.length !== 1) throw new Error(`graphFlops: expected one onnxruntime profile in ${dir}, found ${files.length}`);
    const events = JSON.parse(readFileSync(join(dir, files[0]), 'utf8')) as ProfileEvent[];
    let flops = 0;
    for (const e of events) {
      if (e.cat !== 'Node' || !e.name?.endsWith('_kernel_time') || e.args?.op_name === undefined) continue;
      flops += nodeFlops(e.args.op_name, (e.args.input_type_shape ?? []).map(shapeOf), (e.args.output_type_shape ?? []).map(shapeOf));
    }
    return flops;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
