"""A non-learned baseline: the last context frame reprojected by the ego's true motion, with the road
taken as a flat ground plane and everything above the horizon at infinity (exact camera geometry from
the dataset manifest). Judged like eval-model's PSNR: 64 test episodes, context frames 0..3.

    /usr/bin/python3 model/train/ablation/reprojection_baseline.py /tmp/wm/full

Prints PSNR (dB) at horizons 1..50 of copy-last-frame, of the step-by-step reprojection (each
prediction warped again by the next step's motion) and of a single warp from the last real frame.
"""
import os
import sys

import numpy as np
import torch
import torch.nn.functional as Fn

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from data import DreamDataset  # noqa: E402


def ground_plane_grid(cam, W, H):
    """Returns grid(dx, dy, dyaw): grid_sample coordinates into the frame at t for each pixel at t+1."""
    f = W / 2 / np.tan(cam['fovRad'] / 2)
    cp, sp = np.cos(cam['pitchRad']), np.sin(cam['pitchRad'])
    h, mount = cam['mountHeightM'], np.array([cam['mountXM'], cam['mountYM'], cam['mountHeightM']])
    # camera axes in the ego frame (x forward, y left, z up)
    fwd, right, down = np.array([cp, 0, sp]), np.array([0, -1.0, 0]), np.array([sp, 0, -cp])
    u, v = np.meshgrid(np.arange(W) + 0.5, np.arange(H) + 0.5)
    ray = ((u - W / 2) / f)[..., None] * right + ((v - H / 2) / f)[..., None] * down + fwd
    ground = ray[..., 2] < -1e-6
    hit = mount + np.where(ground, h / np.maximum(-ray[..., 2], 1e-6), 0)[..., None] * ray

    def grid(dx, dy, dyaw):
        c, s = np.cos(dyaw), np.sin(dyaw)
        R = np.array([[c, -s, 0], [s, c, 0], [0, 0, 1.0]])
        rel = np.where(ground[..., None], hit @ R.T + np.array([dx, dy, 0]) - mount, ray @ R.T)
        z = np.maximum(rel @ fwd, 1e-6)
        uu, vv = W / 2 + f * (rel @ right) / z, H / 2 + f * (rel @ down) / z
        return torch.from_numpy(np.stack([uu / W * 2 - 1, vv / H * 2 - 1], -1).astype(np.float32))[None]
    return grid


def warp(img, grid):
    t = torch.from_numpy(img).permute(2, 0, 1)[None]
    return Fn.grid_sample(t, grid, mode='bilinear', padding_mode='border', align_corners=False)[0].permute(1, 2, 0).numpy()


def psnr(a, b):
    return 10 * np.log10(1 / max(float(np.mean((a - b) ** 2)), 1e-10))


def main(root, episodes=64, K=4, horizon=50):
    ds = DreamDataset(root)
    grid = ground_plane_grid(ds.manifest['camera'], ds.W, ds.H)
    ego = np.concatenate([np.load(os.path.join(root, n, 'ego.npy')) for n in ds.shard_names])
    rows = ds.rows('test')[:episodes]
    out = {k: np.zeros(horizon) for k in ('copy_last', 'step_by_step', 'single_warp')}
    for r in rows:
        fr = ds.frame_block(r, 0, K + horizon).astype(np.float32) / 255
        last = cur = fr[K - 1]
        x0, y0, yaw0 = ego[r, K - 1, :3]
        for k in range(horizon):
            t = K - 1 + k
            cur = warp(cur, grid(*ds.future[r, t, 0]))
            x1, y1, yaw1 = ego[r, t + 1, :3]
            c, s = np.cos(yaw0), np.sin(yaw0)
            once = warp(last, grid(c * (x1 - x0) + s * (y1 - y0), -s * (x1 - x0) + c * (y1 - y0), yaw1 - yaw0))
            for name, img in (('copy_last', last), ('step_by_step', cur), ('single_warp', once)):
                out[name][k] += psnr(img, fr[t + 1]) / len(rows)
    for h in (1, 2, 5, 10, 20, 30, 50):
        print(f'h{h:<3d}' + ''.join(f'  {name} {v[h - 1]:.2f}' for name, v in out.items()))


if __name__ == '__main__':
    main(sys.argv[1])
