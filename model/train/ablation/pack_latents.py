"""Pack a subset of a dataset's cached latents (int8 per channel, ~40 MB) with the ego trajectories and
the tokenizer's decoder, small enough to travel to a lent GPU machine for sweep.py.

usage: pack_latents.py DATASET RUN OUT   (RUN holds tokenizer.pt; its latents must be cached in DATASET)"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from data import DreamDataset  # noqa: E402
from train import load_tokenizer, tokenizer_tag  # noqa: E402

data, run, out = sys.argv[1:4]
ds = DreamDataset(data)
ds.attach_latents(tokenizer_tag(load_tokenizer(run)))
rng = np.random.default_rng(0)
tr = rng.choice(ds.rows('train'), 290, replace=False); te = ds.rows('test')[:64]; va = ds.rows('val')[:24]
rows = np.concatenate([tr, va, te]); split = np.array([0]*len(tr) + [1]*len(va) + [2]*len(te), np.uint8)
lat = np.stack([np.asarray(ds.latents[ds.where[r][0]][ds.where[r][1]], np.float32) for r in rows])  # (E,T,C,8,8)
lo = lat.min(axis=(0,1,3,4)); hi = lat.max(axis=(0,1,3,4))
scale = (hi - lo) / 255
q = np.round((lat - lo[None,None,:,None,None]) / scale[None,None,:,None,None]).astype(np.uint8)
err = (q * scale[None,None,:,None,None] + lo[None,None,:,None,None]) - lat
print('lat', lat.shape, 'quant err std', err.std(), 'lat std', lat.std(axis=(0,1,3,4)).mean())
ck = torch.load(os.path.join(run, 'tokenizer.pt'))
dec = {k[len('decoder.'):]: v for k, v in ck['model'].items() if k.startswith('decoder.')}
os.makedirs(out, exist_ok=True)
np.savez(out + '/pack.npz', q=q, lo=lo, scale=scale, future=ds.future[rows][:, :, :4], valid=ds.future_valid[rows][:, :, :4],
         split=split)
torch.save({'config': ck['config'], 'decoder': dec}, out + '/decoder.pt')
