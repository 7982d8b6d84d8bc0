/**
 * What each ONNX graph of a model folder must look like, derived from the card (model-card.ts), and
 * the check of a loaded graph against it. Shapes are given without the batch axis, which must be
 * dynamic in the graph (export.py marks it 'batch') so that several rollouts run as one batch.
 *
 *   encoder            frames (B,H,W,3)                                     -> latents (B,C,h,w)
 *   dynamics           context_latents (B,K,C,h,w), trajectory (B,K,F,4),
 *                      noise_level (B,)                                     -> next_latents (B,C,h,w)
 *   dynamics_grounded  the same + layout (B,K,M,7)                          -> next_latents (B,C,h,w)
 *   decoder            latents (B,C,h,w)                                    -> frames (B,H,W,3)
 *
 * A pixel_warp model (ModelInfo.pixelWarp) has a fifth graph, and both dynamics graphs take
 * warp_delta (B,K,C,h,w) before noise_level:
 *
 *   warp               frames (B,H,W,3), motion (B,3)                       -> warp_delta (B,C,h,w)
 *
 * A model with a layout refiner (ModelInfo.refiner) has the graph that draws the grounded camera's
 * actors where its layout puts them:
 *
 *   refiner            frames (B,H,W,3), [warped (B,H,W,3),] layout (B,M,7) -> refined (B,H,W,3)
 *
 * (warped: the last real frame reprojected by the commanded ego motion, for a refiner with ego_warp.)
 */
import { LAYOUT_WIDTH } from '../dataset/actor-layout';
import { TRAJECTORY_WIDTH } from './ego-trajectory-input';
import { cardValue, MODEL_CARD_FILE, type ModelInfo } from './model-card';
import { ModelError } from './model-error';

export const GRAPH_NAMES = ['encoder', 'dynamics', 'dynamics_grounded', 'decoder', 'warp', 'refiner'] as const;
export type GraphName = (typeof GRAPH_NAMES)[number];

/** The graphs a model with this card has. */
export function graphNames(info: ModelInfo): readonly GraphName[] {
  return GRAPH_NAMES.filter((g) => (g !== 'warp' || info.pixelWarp) && (g !== 'refiner' || info.refiner !== null));
}

export interface TensorContract {
  readonly name: string;
  /** Sizes after the batch axis. */
  readonly dims: readonly number[];
}

/** G: the graph's name in messages (the world model's graphs; a policy file is 'policy'). */
export interface GraphContract<G extends string = GraphName> {
  readonly graph: G;
  readonly inputs: readonly TensorContract[];
  readonly outputs: readonly TensorContract[];
}

export function graphFile(graph: GraphName): string {
  return `${graph}.onnx`;
}

/** The contract of each of the model's graphs (graphNames(info)). */
export function graphContracts(info: ModelInfo): Readonly<Partial<Record<GraphName, GraphContract>>> {
  const { channels: C, heightCells: h, widthCells: w } = info.latent;
  const { heightPx: H, widthPx: W } = info.frame;
  const K = info.contextFrames;
  const latents = [C, h, w];
  const context = { name: 'context_latents', dims: [K, C, h, w] };
  const trajectory = { name: 'trajectory', dims: [K, info.futureSteps, TRAJECTORY_WIDTH] };
  const noise = { name: 'noise_level', dims: [] };
  const warp = info.pixelWarp ? [{ name: 'warp_delta', dims: [K, C, h, w] }] : [];
  const next = [{ name: 'next_latents', dims: latents }];
  const frames = { name: 'frames', dims: [H, W, 3] };
  const contracts: Partial<Record<GraphName, GraphContract>> = {
    encoder: { graph: 'encoder', inputs: [frames], outputs: [{ name: 'latents', dims: latents }] },
    dynamics: { graph: 'dynamics', inputs: [context, trajectory, ...warp, noise], outputs: next },
    dynamics_grounded: {
      graph: 'dynamics_grounded',
      inputs: [context, trajectory, { name: 'layout', dims: [K, info.layoutSlots, LAYOUT_WIDTH] }, ...warp, noise],
      outputs: next,
    },
    decoder: { graph: 'decoder', inputs: [{ name: 'latents', dims: latents }], outputs: [frames] },
  };
  if (info.pixelWarp) contracts.warp = { graph: 'warp', inputs: [frames, { name: 'motion', dims: [3] }], outputs: [{ name: 'warp_delta', dims: latents }] };
  if (info.refiner !== null) {
    const warped = info.refiner.egoWarp ? [{ name: 'warped', dims: [H, W, 3] }] : [];
    contracts.refiner = { graph: 'refiner', inputs: [frames, ...warped, { name: 'layout', dims: [info.layoutSlots, LAYOUT_WIDTH] }], outputs: [{ name: 'refined', dims: [H, W, 3] }] };
  }
  return contracts;
}

const fmtDims = (dims: readonly (number | string)[]): string => `[${dims.join(', ')}]`;
const fmtNames = (names: readonly string[]): string => `(${names.join(', ')})`;

/** The card's own `graphs` entry must name the same tensors with the same non-batch sizes. */
export function checkCardGraphs(info: ModelInfo, contracts: Readonly<Partial<Record<GraphName, GraphContract>>>, cardFile = MODEL_CARD_FILE): void {
  const card = info.card as Record<string, unknown>;
  for (const c of Object.values(contracts)) {
    for (const kind of ['inputs', 'outputs'] as const) {
      const listed = cardValue(card, `graphs.${c.graph}.${kind}`);
      const want = c[kind].map((t) => t.name);
      const got = typeof listed === 'object' && listed !== null ? Object.keys(listed) : [];
      if (got.join() !== want.join()) {
        throw new ModelError(`${cardFile}: graphs.${c.graph}.${kind} lists ${fmtNames(got)}, a dreamdrive model has ${fmtNames(want)}`);
      }
      for (const t of c[kind]) {
        const path = `graphs.${c.graph}.${kind}.${t.name}.shape`;
        const shape = cardValue(card, path);
        const ok = Array.isArray(shape) && shape.length === t.dims.length + 1 && t.dims.every((d, i) => shape[i + 1] === d);
        if (!ok) {
          throw new ModelError(`${cardFile}: ${path} is ${JSON.stringify(shape) ?? 'missing'}, but its architecture section implies [batch, ${t.dims.join(', ')}]`);
        }
      }
    }
  }
}

/** What onnxruntime reports about one input or output of a loaded graph. */
export interface TensorMetadata {
  readonly name: string;
  readonly isTensor: boolean;
  readonly type?: string;
  readonly shape?: readonly (number | string)[];
}

/**
 * Throws, naming the file and the tensor, unless the loaded graph's interface is `contract`;
 * `cardFile` names the card the contract comes from (an ONNX policy's sidecar card, say).
 */
export function checkGraph(file: string, contract: GraphContract<string>, inputs: readonly TensorMetadata[], outputs: readonly TensorMetadata[], cardFile: string = MODEL_CARD_FILE): void {
  for (const [kind, want, got] of [['inputs', contract.inputs, inputs], ['outputs', contract.outputs, outputs]] as const) {
    const wantNames = want.map((t) => t.name);
    const gotNames = got.map((t) => t.name);
    // Feeds go by name, so the order may differ; the set may not.
    if ([...wantNames].sort().join() !== [...gotNames].sort().join()) {
      throw new ModelError(`${file}: ${kind} are ${fmtNames(gotNames)}, ${cardFile} expects ${fmtNames(wantNames)} for the ${contract.graph} graph`);
    }
    for (const t of want) {
      const meta = got.find((g) => g.name === t.name)!;
      const label = `${file}: ${kind.slice(0, -1)} '${t.name}'`;
      if (!meta.isTensor || meta.type !== 'float32') throw new ModelError(`${label} must be a float32 tensor, got ${meta.isTensor ? meta.type : 'a non-tensor value'}`);
      const shape = meta.shape ?? [];
      const expected = ['batch', ...t.dims];
      if (shape.length !== expected.length) throw new ModelError(`${label} has shape ${fmtDims(shape)}, ${cardFile} implies ${fmtDims(expected)}`);
      if (typeof shape[0] === 'number' && shape[0] > 0) {
        throw new ModelError(`${label} has a fixed batch size ${shape[0]}: the first axis must be dynamic (export with dynamic_axes)`);
      }
      t.dims.forEach((d, i) => {
        if (shape[i + 1] !== d) throw new ModelError(`${label} has shape ${fmtDims(shape)}, ${cardFile} implies ${fmtDims(expected)} (axis ${i + 1} differs)`);
      });
    }
  }
}
