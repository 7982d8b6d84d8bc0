"""Autoregressive rollout PSNR vs horizon on held-out episodes, against copy-last-frame.

    /usr/bin/python3 model/train/rollout_eval.py --run /tmp/wm/run --data /tmp/wm/ds --split test \
        --horizon 50 [--grounded] [--json /tmp/wm/run/rollout_eval.json]

Each episode: the first K true frames are encoded as context; the dynamics then predicts one latent
frame at a time from its own predictions (rolling context of K), given the true ego future deltas
(and, --grounded, the true layout). Frames are decoded and compared with the rendered ones.
Reported per horizon h = 1..H: mean PSNR of the model, of copy-last-frame (the last true context frame
held) and of the tokenizer alone (decode(encode(truth)): the ceiling the dynamics cannot beat).
"""
import argparse
import json
import os
import sys

import numpy as np
import torch

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import DreamDataset  # noqa: E402
from export import load_run  # noqa: E402
from model import pixel_warp_delta  # noqa: E402


def psnr(a, b):
    """Per-image PSNR (dB) of float images in [0, 1], (B,H,W,3) -> (B,)."""
    mse = ((a - b) ** 2).reshape(a.shape[0], -1).mean(axis=1)
    return 10 * np.log10(1.0 / np.maximum(mse, 1e-10))


@torch.no_grad()
def rollout(tok, dyn, ds, rows, horizon, grounded):
    K, F = dyn.cfg.context, dyn.cfg.future_steps
    H = min(horizon, ds.T - K)
    truth = np.stack([ds.frame_block(r, 0, K + H) for r in rows]).astype(np.float32) / 255  # (B,K+H,64,64,3)
    B = len(rows)
    flat = torch.from_numpy(truth.reshape(-1, *truth.shape[2:]))
    c, n = dyn.cfg.latent_channels, dyn.cfg.latent_size
    lat_true = tok.encoder(flat).view(B, K + H, c, n, n)                  # (B,K+H,C,h,w)
    recon = tok.decoder(lat_true.flatten(0, 1)).view(truth.shape).numpy()
    fut = torch.from_numpy(ds.future[rows, :, :F])                 # (B,T,F,3)
    val = torch.from_numpy(ds.future_valid[rows, :, :F, None])     # (B,T,F,1)
    traj_all = torch.cat([fut * val, val], dim=-1)                 # (B,T,F,4)
    lay_all = torch.from_numpy(ds.layout[rows])                    # (B,T,M,7)
    if not grounded:
        lay_all = torch.full_like(lay_all, -1.0)
    ctx = lat_true[:, :K]
    warp = None
    if dyn.cfg.pixel_warp:                                         # as the runtime: each slot's frame warped once,
        motion = traj_all[:, :K, 0, :3].reshape(B * K, 3)          # real frames first, then decoded predictions
        warp = pixel_warp_delta(tok.encoder, torch.from_numpy(truth[:, :K]).flatten(0, 1), motion, dyn.cfg).view(ctx.shape)
    model, copy, ceiling = [], [], []
    for h in range(1, H + 1):
        s = np.arange(h - 1, h - 1 + K)                            # frame index of each context slot
        nxt = dyn(ctx, traj_all[:, s], lay_all[:, s + 1], torch.zeros(B), None, warp)[:, -1]
        ctx = torch.cat([ctx[:, 1:], nxt[:, None]], dim=1)
        decoded = tok.decoder(nxt)
        if warp is not None and h < H:                             # the new frame K - 1 + h and the motion after it
            newest = pixel_warp_delta(tok.encoder, decoded, traj_all[:, K - 1 + h, 0, :3], dyn.cfg)
            warp = torch.cat([warp[:, 1:], newest[:, None]], dim=1)
        frame = decoded.numpy()
        t = K - 1 + h
        model.append(psnr(frame, truth[:, t]).mean())
        copy.append(psnr(truth[:, K - 1], truth[:, t]).mean())
        ceiling.append(psnr(recon[:, t], truth[:, t]).mean())
    return {'horizon': list(range(1, H + 1)), 'psnr_model_db': [float(x) for x in model],
            'psnr_copy_last_db': [float(x) for x in copy], 'psnr_tokenizer_db': [float(x) for x in ceiling]}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--run', required=True)
    p.add_argument('--data', required=True)
    p.add_argument('--split', default='test', choices=['train', 'val', 'test'])
    p.add_argument('--horizon', type=int, default=50)
    p.add_argument('--episodes', type=int, default=64, help='at most this many episodes of the split')
    p.add_argument('--grounded', action='store_true')
    p.add_argument('--json', default=None)
    p.add_argument('--threads', type=int, default=2)
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    tok, dyn, _, _ = load_run(args.run)
    ds = DreamDataset(args.data)
    rows = ds.rows(args.split)[:args.episodes]
    if len(rows) == 0:
        raise SystemExit(f'split {args.split!r} of {args.data} has no episodes')
    res = {'split': args.split, 'episodes': int(len(rows)), 'grounded': args.grounded,
           **rollout(tok, dyn, ds, rows, args.horizon, args.grounded)}
    for h, m, c, t in zip(res['horizon'], res['psnr_model_db'], res['psnr_copy_last_db'], res['psnr_tokenizer_db']):
        print(f'h={h:3d}  model {m:6.2f} dB  copy-last {c:6.2f} dB  tokenizer {t:6.2f} dB')
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(res, f, indent=1)


if __name__ == '__main__':
    main()
