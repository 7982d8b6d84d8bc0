"""Export a trained run to ONNX (encoder, dynamics, decoder graphs), a parity fixture and a model card.

    /usr/bin/python3 model/train/export.py --run /tmp/wm/run --out model/weights

Writes into --out:
  encoder.onnx   frames (B,64,64,3) f32 in [0,1]            -> latents (B,C,h,w) (16x16 or 8x8)
  dynamics.onnx  context_latents (B,K,C,h,w), trajectory (B,K,F,4) [dx,dy,dyaw (ego frame, m, rad),
                 valid], noise_level (B,) (0 at rollout)  -> next_latents (B,C,h,w) (frame after the last)
                 the ungrounded camera: no layout tokens in the sequence (half the cost)
  dynamics_grounded.onnx  the same + layout (B,K,M,7) [class (-1 empty), x, y, yaw, length, width,
                 visible], input order context_latents, trajectory, layout, noise_level
  decoder.onnx   latents (B,C,h,w)                          -> frames (B,64,64,3) f32 in [0,1]
  warp.onnx      (pixel_warp models) frames (B,64,64,3), motion (B,3) -> warp_delta (B,C,h,w), and the
                 dynamics graphs take warp_delta (B,K,C,h,w) before noise_level
  fixture/       inputs and PyTorch outputs of each graph on a fixed input (.npy) + fixture.json, so a
                 runtime can report its max abs difference to PyTorch
  model_card.json architecture, parameter counts, data, steps, loss curves, timings
Opset 17 (onnxruntime-node 1.14+ runs it); static shapes except the batch axis.
"""
import argparse
import json
import os
import sys
import warnings

import numpy as np
import torch
import torch.nn as nn

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import Dynamics, DynamicsConfig, Tokenizer, TokenizerConfig, count_params, pixel_warp_delta  # noqa: E402

OPSET = 17
FIXTURE_BATCH = 2
FIXTURE_SEED = 1234


class LastStep(nn.Module):
    """The rollout step: only the prediction after the last context frame is needed at runtime.
    Inputs in order: context_latents, trajectory, layout (grounded only), warp_delta (pixel_warp
    models only), noise_level; the ungrounded step has no layout input and no layout tokens."""

    def __init__(self, dyn, grounded):
        super().__init__()
        self.dyn, self.grounded = dyn, grounded

    def forward(self, *inputs):
        it = iter(inputs)
        context, trajectory = next(it), next(it)
        layout = next(it) if self.grounded else None
        warp = next(it) if self.dyn.cfg.pixel_warp else None
        return self.dyn(context, trajectory, layout, next(it), None, warp)[:, -1]


class WarpDelta(nn.Module):
    """frames (B,H,W,3) in [0,1], motion (B,3) -> warp_delta (B,C,h,w) (model.pixel_warp_delta)."""

    def __init__(self, encoder, cfg):
        super().__init__()
        self.encoder, self.cfg = encoder, cfg

    def forward(self, frames, motion):
        c, n = self.cfg.latent_channels, self.cfg.latent_size   # static sizes for the graph's output shape
        return pixel_warp_delta(self.encoder, frames, motion, self.cfg).reshape(-1, c, n, n)


def load_run(run):
    tk = torch.load(os.path.join(run, 'tokenizer.pt'))
    tok = Tokenizer(TokenizerConfig(**tk['config']))
    tok.load_state_dict(tk['model'])
    dk = torch.load(os.path.join(run, 'dynamics.pt'))
    dyn = Dynamics(DynamicsConfig(**dk['config']))
    dyn.load_state_dict(dk['model'])
    return tok.eval(), dyn.eval(), tk, dk


def fixture_inputs(tok, dcfg):
    """A fixed, realistic-range input: smooth random frames, their latents, a gentle left curve at
    8 m/s, two actors and 14 empty layout slots."""
    g = torch.Generator().manual_seed(FIXTURE_SEED)
    B, K, F, M = FIXTURE_BATCH, dcfg.context, dcfg.future_steps, dcfg.layout_slots
    coarse = torch.rand(B * K, 3, 8, 8, generator=g)
    frames = nn.functional.interpolate(coarse, size=(64, 64), mode='bilinear', align_corners=False)
    frames = frames.permute(0, 2, 3, 1).contiguous()                       # (B*K,64,64,3)
    with torch.no_grad():
        lat = tok.encoder(frames).view(B, K, dcfg.latent_channels, dcfg.latent_size, dcfg.latent_size)
    k = torch.arange(1, F + 1, dtype=torch.float32)
    step = torch.stack([0.8 * k, 0.02 * k ** 2, 0.01 * k, torch.ones(F)], dim=-1)  # (F,4)
    traj = step.expand(B, K, F, 4).contiguous()
    layout = torch.zeros(B, K, M, 7)
    layout[..., 0] = -1
    layout[:, :, 0] = torch.tensor([0, 15.0, 0.5, 0.0, 4.5, 1.9, 1])      # car 15 m ahead
    layout[:, :, 1] = torch.tensor([3, 8.0, -4.0, 1.57, 0.5, 0.5, 1])      # pedestrian on the right
    return frames, lat, traj, layout, torch.zeros(B)


def export_graph(module, inputs, names, outputs, path):
    # the shape asserts are constant under tracing, which is what we want: silence the tracer's notes
    warnings.filterwarnings('ignore', category=torch.jit.TracerWarning)
    axes = {n: {0: 'batch'} for n in names + outputs}
    torch.onnx.export(module, inputs, path, input_names=names, output_names=outputs,
                      dynamic_axes=axes, opset_version=OPSET, do_constant_folding=True)
    import onnx
    onnx.checker.check_model(onnx.load(path))


def subsample(points, n=200):
    """At most n points of a curve, evenly spaced, last one kept (the card stays small)."""
    if len(points) <= n:
        return points
    idx = np.unique(np.linspace(0, len(points) - 1, n).astype(int))
    return [points[i] for i in idx]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--run', required=True, help='run folder written by train.py')
    p.add_argument('--out', required=True, help='folder for the .onnx files, fixture and card')
    args = p.parse_args(argv)
    tok, dyn, tk, dk = load_run(args.run)
    dcfg = dyn.cfg
    os.makedirs(os.path.join(args.out, 'fixture'), exist_ok=True)
    all_frames, lat, traj, layout, noise = fixture_inputs(tok, dcfg)
    B, K = lat.shape[:2]
    frames = all_frames[:B].contiguous()
    warp = ((), [])
    if dcfg.pixel_warp:
        with torch.no_grad():
            delta = pixel_warp_delta(tok.encoder, all_frames, traj[:, :, 0, :3].reshape(B * K, 3), dcfg)
        warp = ((delta.view(lat.shape).contiguous(),), ['warp_delta'])
    graphs = [
        ('encoder', tok.encoder, (frames,), ['frames'], ['latents']),
        ('dynamics', LastStep(dyn, False).eval(), (lat, traj, *warp[0], noise),
         ['context_latents', 'trajectory', *warp[1], 'noise_level'], ['next_latents']),
        ('dynamics_grounded', LastStep(dyn, True).eval(), (lat, traj, layout, *warp[0], noise),
         ['context_latents', 'trajectory', 'layout', *warp[1], 'noise_level'], ['next_latents']),
        ('decoder', tok.decoder, (lat[:, -1].contiguous(),), ['latents'], ['frames']),
    ]
    if dcfg.pixel_warp:
        graphs.append(('warp', WarpDelta(tok.encoder, dcfg).eval(), (frames, traj[:, -1, 0, :3].contiguous()),
                       ['frames', 'motion'], ['warp_delta']))
    fixture = {'seed': FIXTURE_SEED, 'graphs': {}}
    for name, module, inputs, in_names, out_names in graphs:
        path = os.path.join(args.out, f'{name}.onnx')
        export_graph(module, inputs, in_names, out_names, path)
        with torch.no_grad():
            out = module(*inputs)
        entry = {'inputs': {}, 'outputs': {}}
        tensors = [('inputs', n, t) for n, t in zip(in_names, inputs)] + [('outputs', out_names[0], out)]
        for kind, n, t in tensors:
            file = f'fixture/{name}.{kind}.{n}.npy'
            np.save(os.path.join(args.out, file), t.numpy().astype(np.float32))
            entry[kind][n] = {'file': file, 'shape': list(t.shape)}
        fixture['graphs'][name] = entry
        print(f'{path}: {os.path.getsize(path) / 1e6:.2f} MB, checker ok')
    # float32 ONNX vs PyTorch differ by reassociation only; 1e-4 is ~100 ulp at the latents' scale
    fixture['max_abs_diff_tolerance'] = 1e-4
    with open(os.path.join(args.out, 'fixture', 'fixture.json'), 'w') as f:
        json.dump(fixture, f, indent=1)
    run_json = {}
    for stage in ('all', 'tokenizer', 'dynamics'):
        path = os.path.join(args.run, f'run_{stage}.json')
        if os.path.exists(path):
            run_json[stage] = json.load(open(path))
    card = {
        'name': 'dreamdrive-world-model', 'format': 'onnx', 'opset': OPSET, 'torch': torch.__version__,
        'architecture': {
            'tokenizer': {'type': f'conv autoencoder 64x64x3 -> {tok.cfg.latent_size}x{tok.cfg.latent_size}xC', **tk['config'],
                          'params_encoder': count_params(tok.encoder), 'params_decoder': count_params(tok.decoder)},
            'dynamics': {'type': 'block-causal spacetime transformer, residual on the last latent, '
                                 'context-noise augmentation, unrolled training', **dk['config'], 'params': count_params(dyn),
                         'tokens_per_frame': dyn.tokens_per_frame},
        },
        'graphs': {n: {'inputs': e['inputs'], 'outputs': e['outputs']} for n, e in fixture['graphs'].items()},
        'training': {
            'run': run_json,
            'tokenizer': {'steps': tk['step'], 'seconds': tk['curve']['seconds'],
                          'train_loss': subsample(tk['curve']['train']), 'val': subsample(tk['curve']['val'])},
            'dynamics': {'steps': dk['step'], 'seconds': dk['curve']['seconds'], 'tokenizer_tag': dk['tokenizer_tag'],
                         'train_loss': subsample(dk['curve']['train']), 'val': subsample(dk['curve']['val'])},
        },
        'evaluation': None,  # filled by rollout_eval.py / `dreamdrive eval-model`
    }
    with open(os.path.join(args.out, 'model_card.json'), 'w') as f:
        json.dump(card, f, indent=1)
    print(f'fixture and model_card.json written to {args.out}')


if __name__ == '__main__':
    main()
