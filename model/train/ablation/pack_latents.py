"""Pack a subset of a dataset's cached latents (int8 per channel, ~40 MB) with the ego trajectories and
the tokenizer's decoder, small enough to travel to a lent GPU machine for sweep.py.

usage: pack_latents.py DATASET RUN OUT [CONTROL] [TRAIN_EPISODES]   (RUN holds tokenizer.pt; its latents must be
       cached in DATASET; CONTROL '-' for none; TRAIN_EPISODES 290 unless given: a 16x16x8 pack of
       290 with control pairs is 32 MB)

CONTROL: a folder written by model/eval/diagnostics/control-pairs-export.js; its pairs go into
OUT/control.npz with the context frames encoded by the tokenizer, so that sweep.py scores
controllability the way eval-model does."""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from data import DreamDataset  # noqa: E402
from train import load_tokenizer, tokenizer_tag  # noqa: E402

data, run, out = sys.argv[1:4]
control = sys.argv[4] if len(sys.argv) > 4 and sys.argv[4] != '-' else None
n_train = int(sys.argv[5]) if len(sys.argv) > 5 else 290
ds = DreamDataset(data)
tok = load_tokenizer(run)
ds.attach_latents(tokenizer_tag(tok))
rng = np.random.default_rng(0)
tr = rng.choice(ds.rows('train'), n_train, replace=False); te = ds.rows('test')[:64]; va = ds.rows('val')[:24]
rows = np.concatenate([tr, va, te]); split = np.array([0]*len(tr) + [1]*len(va) + [2]*len(te), np.uint8)
lat = np.stack([np.asarray(ds.latents[ds.where[r][0]][ds.where[r][1]], np.float32) for r in rows])  # (E,T,C,h,w)
lo = lat.min(axis=(0,1,3,4)); hi = lat.max(axis=(0,1,3,4))
scale = (hi - lo) / 255
q = np.round((lat - lo[None,None,:,None,None]) / scale[None,None,:,None,None]).astype(np.uint8)
err = (q * scale[None,None,:,None,None] + lo[None,None,:,None,None]) - lat
print('lat', lat.shape, 'quant err std', err.std(), 'lat std', lat.std(axis=(0,1,3,4)).mean())
os.makedirs(out, exist_ok=True)
np.savez_compressed(out + '/pack.npz', q=q, lo=lo, scale=scale, future=ds.future[rows][:, :, :4], valid=ds.future_valid[rows][:, :, :4],
         split=split)
torch.save({'config': tok.cfg.__dict__, 'decoder': tok.decoder.state_dict()}, out + '/decoder.pt')
if control is not None:
    arr = {n: np.load(os.path.join(control, f'control_{n}.npy')) for n in ('context', 'trajectory', 'reference', 'kind')}
    ctx = arr['context']                                              # (P,2,K,H,W,3) uint8
    with torch.no_grad():
        frames = torch.from_numpy(ctx.reshape(-1, *ctx.shape[3:])).float() / 255
        lat_ctx = tok.encoder(frames).numpy().reshape(*ctx.shape[:3], -1, lat.shape[-2], lat.shape[-1])
        last = frames.view(*ctx.shape)[:, :, -1]
        last_dec = tok.decoder(tok.encoder(last.reshape(-1, *ctx.shape[3:]))).numpy().reshape(last.shape)
    np.savez_compressed(out + '/control.npz', context_latents=lat_ctx.astype(np.float32), last=ctx[:, :, -1],
                        last_decoded=np.round(last_dec * 255).astype(np.uint8), trajectory=arr['trajectory'],
                        reference=arr['reference'], kind=arr['kind'])
    print('control pairs', ctx.shape[0], 'lateral', int(arr['kind'].sum()))
