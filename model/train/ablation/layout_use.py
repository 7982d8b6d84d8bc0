"""Does a dynamics draw actors from its layout? One-step errors on val windows whose context actors
are erased (train.py --actor-erase's mask on every window), with and without the layout.

usage: layout_use.py DATASET RUN [RUN ...]   (each RUN holds dynamics.pt; its latents cached in DATASET)

Prints, per run, the mean squared error in normalised latent units over all cells and over the cells
around the target frames' actors, for the true context and the erased one, ungrounded and grounded.
A dynamics that uses the layout predicts the erased actors better grounded than ungrounded."""
import os
import sys

import torch
import torch.nn.functional as Fn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from data import DreamDataset  # noqa: E402
from model import Dynamics, DynamicsConfig, actor_erase_mask  # noqa: E402
from train import attach_actor_cells  # noqa: E402

WINDOWS = 512

data, runs = sys.argv[1], sys.argv[2:]
torch.set_num_threads(2)
ds = DreamDataset(data)
for run in runs:
    ck = torch.load(os.path.join(run, 'dynamics.pt'))
    dyn = Dynamics(DynamicsConfig(**ck['config']))
    dyn.load_state_dict(ck['model'])
    dyn.eval()
    g, K = dyn.cfg.latent_size, dyn.cfg.context
    ds.attach_latents(ck['tokenizer_tag'])
    attach_actor_cells(ds, g, log=lambda *a: None)
    lat, traj, lay, _, actors = (torch.from_numpy(a) for a in ds.fixed_windows('val', WINDOWS, K))
    B = lat.shape[0]
    erased = torch.where(actor_erase_mask(actors[:, :K], 1.0), dyn.lat_mean, lat[:, :K])
    near = Fn.max_pool2d((actors[:, 1:] > 0).float().flatten(0, 1)[:, None], 3, stride=1, padding=1) > 0
    near = near.view(B, K, 1, g, g).expand(B, K, dyn.cfg.latent_channels, g, g)
    cells = []
    with torch.no_grad():
        for name, ctx in (('true context', lat[:, :K]), ('actors erased', erased)):
            for mode, layout in (('ungrounded', None), ('grounded', lay)):
                err = ((dyn(ctx, traj, layout, torch.zeros(B)) - lat[:, 1:]) / dyn.lat_std) ** 2
                cells.append(f'{name}, {mode}: {float(err.mean()):.4f} all / {float(err[near].mean()):.4f} actor cells')
    print(f'{run}\n  ' + '\n  '.join(cells))
