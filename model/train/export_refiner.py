"""Add a trained layout refiner (refiner.py, train_refiner.py) to an exported model folder.

    /usr/bin/python3 model/train/export_refiner.py --run RUN --model DIR

Writes DIR/refiner.onnx (frames (B,64,64,3) f32 in [0,1], with ego_warp warped (B,64,64,3), layout
(B,M,7) -> refined (B,64,64,3) f32 in [0,1]; opset 17, batch axis dynamic), its parity fixture
(DIR/fixture/refiner.*.npy, an entry in fixture.json) and the card's architecture.refiner,
graphs.refiner and training.refiner; the rest of the card (decoding gains, evaluation) is kept.
Every file is staged beside its target and moved over it only once the graph has passed onnx's
checker and all are written. export.py writes a new card without a refiner: run this again after it.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export import FIXTURE_SEED, export_graph, subsample  # noqa: E402
from model import count_params  # noqa: E402
from refiner import RASTER_CHANNELS, LayoutRefiner, RefinerConfig  # noqa: E402

CARD = 'model_card.json'


def write_json_atomic(path, obj):
    tmp = path + '.tmp'
    with open(tmp, 'w') as f:
        json.dump(obj, f, indent=1)
        f.write('\n')
    os.replace(tmp, path)


class Refine(nn.Module):
    """The graph's input order: frames, warped (ego_warp refiners only), layout."""

    def __init__(self, refiner):
        super().__init__()
        self.refiner = refiner

    def forward(self, frames, *rest):
        return self.refiner(frames, rest[-1], rest[0] if self.refiner.cfg.ego_warp else None)


def fixture_inputs(M):
    """Smooth random frames (and warped frames) and a layout of a car 12 m ahead, a truck to the
    left, a pedestrian on the right and empty slots: every raster channel is exercised."""
    g = torch.Generator().manual_seed(FIXTURE_SEED + 1)
    coarse = torch.rand(4, 3, 8, 8, generator=g)
    both = torch.nn.functional.interpolate(coarse, size=(64, 64), mode='bilinear', align_corners=False).permute(0, 2, 3, 1)
    layout = torch.zeros(2, M, 7)
    layout[..., 0] = -1
    layout[:, 0] = torch.tensor([0, 12.0, 0.3, 0.1, 4.6, 1.9, 1])
    layout[:, 1] = torch.tensor([1, 20.0, 4.0, 0.0, 12.0, 2.5, 1])
    layout[:, 2] = torch.tensor([3, 7.0, -3.0, 1.57, 0.5, 0.5, 1])
    layout[1, 3] = torch.tensor([0, 5.0, -3.0, 0.0, 5.5, 2.1, 1])        # alongside, past the camera
    return both[:2].contiguous(), both[2:].contiguous(), layout


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--run', required=True, help='run folder written by train_refiner.py (refiner.pt)')
    p.add_argument('--model', required=True, help='model folder written by export.py')
    args = p.parse_args(argv)
    card_path = os.path.join(args.model, CARD)
    fixture_path = os.path.join(args.model, 'fixture', 'fixture.json')
    for path in (card_path, fixture_path):
        if not os.path.exists(path):
            raise SystemExit(f'{path} is missing: export the model with export.py first')
    ck_path = os.path.join(args.run, 'refiner.pt')
    if not os.path.exists(ck_path):
        raise SystemExit(f'{ck_path} is missing: train one with train_refiner.py --out {args.run}')
    with open(card_path) as f:
        card = json.load(f)
    with open(fixture_path) as f:
        fixture = json.load(f)
    ck = torch.load(ck_path)
    refiner = LayoutRefiner(RefinerConfig(**ck['config']))
    refiner.load_state_dict(ck['model'])
    refiner.eval()
    M = card['architecture']['dynamics']['layout_slots']
    frames, warped, layout = fixture_inputs(M)
    ins = [('frames', frames), *([('warped', warped)] if refiner.cfg.ego_warp else []), ('layout', layout)]
    graph = Refine(refiner).eval()
    # every file is written beside its target first and moved over it at the end, so a failure on
    # the way leaves the model folder as it was
    staged = {'refiner.onnx': os.path.join(args.model, 'refiner.onnx.tmp')}
    try:
        export_graph(graph, tuple(t for _, t in ins), [n for n, _ in ins], ['refined'], staged['refiner.onnx'])
        with torch.no_grad():
            refined = graph(*(t for _, t in ins))
        entry = {'inputs': {}, 'outputs': {}}
        for kind, name, t in [*(('inputs', n, t) for n, t in ins), ('outputs', 'refined', refined)]:
            file = f'fixture/refiner.{kind}.{name}.npy'
            staged[file] = os.path.join(args.model, file + '.tmp')
            with open(staged[file], 'wb') as f:
                np.save(f, t.numpy().astype(np.float32))
            entry[kind][name] = {'file': file, 'shape': list(t.shape)}
        fixture['graphs']['refiner'] = entry
        curve = ck['curve']
        card['architecture']['refiner'] = {
            'type': 'U-Net on the frame the runtime shows and a pixel raster of the layout (a fixed ray-box layer), '
                    + ('and the reprojected last real frame, ' if refiner.cfg.ego_warp else '')
                    + ('two residuals on the frame, joined at the raster\'s box silhouettes; ' if refiner.cfg.composite
                       else 'nine residuals on the frame (each semantic class), the likeliest kind\'s per pixel; ' if refiner.cfg.segment_scene
                       else 'five residuals on the frame (scene and each class), the likeliest kind\'s per pixel; ' if refiner.cfg.segment
                       else 'residual on the frame; ')
                    + ('both cameras' if refiner.cfg.ego_warp else 'grounded camera only'),
            **ck['config'], 'raster_channels': RASTER_CHANNELS, 'params': count_params(refiner)}
        card['graphs']['refiner'] = {'inputs': entry['inputs'], 'outputs': entry['outputs']}
        card.setdefault('training', {})['refiner'] = {
            'steps': ck['step'], 'seconds': curve['seconds'], 'actor_weight': ck.get('actor_weight'), 'weigh_output': ck.get('weigh_output', False),
            'kind_weight': ck.get('kind_weight'),
            'rollouts': {k: v for k, v in ck['rollouts'].items() if k != 'episodes'},
            'rollout_episodes': len(ck['rollouts'].get('episodes', [])),
            'train_loss': subsample(curve['train']), 'val': subsample(curve['val'])}
    except BaseException:
        for tmp in staged.values():
            if os.path.exists(tmp):
                os.remove(tmp)
        raise
    for file, tmp in staged.items():
        os.replace(tmp, os.path.join(args.model, file))
    write_json_atomic(fixture_path, fixture)
    write_json_atomic(card_path, card)
    print(f'{args.model}/refiner.onnx: {os.path.getsize(os.path.join(args.model, "refiner.onnx")) / 1e6:.2f} MB, '
          f'checker ok; fixture and {CARD} updated')


if __name__ == '__main__':
    main()
