"""Behaviour cloning of the camera policy on lane-keeping demonstrations (model/policy-data/).

    # demonstrations: 400 episodes x 80 frames (64x64, DART noise), ~1.5 min on one core
    node dist/model/policy-data/write-demos.js --out /tmp/bc/demos --episodes 400 --steps 80
    # train on one thread (the world model's training may hold the other core), then export
    nice -n 10 /usr/bin/python3 model/policy_train/train.py --data /tmp/bc/demos --out /tmp/bc/run \
        --steps 3000 --threads 1
    /usr/bin/python3 model/policy_train/export.py --run /tmp/bc/run --data /tmp/bc/demos --out model/policies/camera

Rerunning the same train command resumes from RUN/policy.pt (model/train/loop.py: the same seed
gives the same batches and the same loss curve). Validation holds out every tenth episode whole.
Use Debian's /usr/bin/python3 (python3-torch), not a pyenv python without torch.
"""
import argparse
import json
import os
import sys

import numpy as np

os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')  # see model/train/train.py: shared cores
import torch  # noqa: E402

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, '..', 'train'))
from loop import run_stage  # noqa: E402  (the world model's loop: schedule, eval, resumable checkpoints)
from net import ACTION_SCALE, CameraPolicyNet, count_params  # noqa: E402

DEMO_FORMAT = 'dreamdrive-policy-demos'
# Every VAL_EVERY-th episode is validation (whole episodes, so no frame of a val run is trained on).
VAL_EVERY = 10
# Loss weights of (accel, steer) in ACTION_SCALE units: keeping the lane matters most.
LOSS_WEIGHTS = (1.0, 2.0)


class Demos:
    """The demo folder: frames memory-mapped, the rest in memory; rows by split."""

    def __init__(self, path):
        m = json.load(open(os.path.join(path, 'manifest.json')))
        if m.get('format') != DEMO_FORMAT or m.get('formatVersion') != 1:
            raise SystemExit(f'{path}/manifest.json: not a {DEMO_FORMAT} v1 folder (format {m.get("format")!r})')
        self.manifest = m
        self.frames = np.load(os.path.join(path, 'frames.npy'), mmap_mode='r', allow_pickle=False)  # (N,64,64,3) u8
        self.state = np.load(os.path.join(path, 'state.npy'), allow_pickle=False)                   # (N,S) f4
        self.action = np.load(os.path.join(path, 'action.npy'), allow_pickle=False)                 # (N,2) f4
        self.episode = np.load(os.path.join(path, 'episode.npy'), allow_pickle=False)               # (N,) i4
        n = len(self.frames)
        for name, a in (('state', self.state), ('action', self.action), ('episode', self.episode)):
            assert len(a) == n, f'{path}/{name}.npy has {len(a)} rows, frames.npy has {n}'
        val = self.episode % VAL_EVERY == VAL_EVERY - 1
        self.rows = {'train': np.nonzero(~val)[0], 'val': np.nonzero(val)[0]}

    def batch(self, rows):
        rows = np.sort(rows)  # sorted reads from the memory map
        frame = torch.from_numpy(np.ascontiguousarray(self.frames[rows])).float() / 255
        return frame, torch.from_numpy(self.state[rows]), torch.from_numpy(self.action[rows])


def augment(frame, gen):
    """Photometric jitter per sample (brightness, per-channel tint) and a 3x3 blur on a third of
    the batch: the looks vary, and the world model's frames are softer than the renderer's."""
    b = frame.shape[0]
    gain = 0.8 + 0.4 * torch.rand(b, 1, 1, 1, generator=gen)
    tint = 0.05 * (2 * torch.rand(b, 1, 1, 3, generator=gen) - 1)
    out = (frame * gain + tint).clamp(0, 1)
    blur = torch.rand(b, generator=gen) < 1 / 3
    if blur.any():
        x = out[blur].permute(0, 3, 1, 2)
        x = torch.nn.functional.avg_pool2d(x, 3, stride=1, padding=1, count_include_pad=False)
        out[blur] = x.permute(0, 2, 3, 1)
    return out


def loss_of(pred, target):
    scale = torch.tensor(ACTION_SCALE)
    w = torch.tensor(LOSS_WEIGHTS)
    return (((pred - target) / scale) ** 2 * w).mean()


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--data', required=True, help='demo folder written by model/policy-data/write-demos.ts')
    p.add_argument('--out', required=True, help='run folder (checkpoint, curve, run.json)')
    p.add_argument('--steps', type=int, default=3000)
    p.add_argument('--batch', type=int, default=64)
    p.add_argument('--lr', type=float, default=2e-3)
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--eval-every', type=int, default=250)
    p.add_argument('--time-budget-min', type=float, default=None)
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)
    ds = Demos(args.data)
    torch.manual_seed(args.seed)
    net = CameraPolicyNet(state_fields=tuple(ds.manifest['stateFields']))
    print(f'camera policy: {count_params(net):,} params; {len(ds.rows["train"])} train / {len(ds.rows["val"])} val samples', flush=True)
    val_rows = ds.rows['val'][np.random.default_rng(args.seed + 1).permutation(len(ds.rows['val']))[:2048]]
    val = ds.batch(val_rows)

    def train_step(rng, gen):
        frame, state, action = ds.batch(rng.choice(ds.rows['train'], args.batch, replace=False))
        return loss_of(net(augment(frame, gen), state), action)

    def evaluate():
        pred = net(*val[:2])
        err = (pred - val[2]).abs().mean(0)
        return {'loss': float(loss_of(pred, val[2])), 'accel_mae': float(err[0]), 'steer_mae': float(err[1])}

    budget = None if args.time_budget_min is None else 60 * args.time_budget_min
    curve = run_stage('policy', net, os.path.join(args.out, 'policy.pt'), os.path.join(args.out, 'curve.json'),
                      args.steps, args.lr, train_step, evaluate, args.seed, args.eval_every, log_every=50,
                      time_budget_s=budget, extra_state={'config': {'state_fields': list(ds.manifest['stateFields'])}}, warmup=100)
    run = {'args': vars(args), 'params': count_params(net), 'samples': {k: int(len(v)) for k, v in ds.rows.items()},
           'state_fields': ds.manifest['stateFields'], 'data_arguments': ds.manifest['arguments'],
           'steps_done': curve['steps_done'], 'seconds': curve['seconds'], 'final_val': curve['val'][-1][1]}
    with open(os.path.join(args.out, 'run.json'), 'w') as f:
        json.dump(run, f, indent=1)
    print(f'done: {curve["steps_done"]} steps in {curve["seconds"]:.0f} s; val {curve["val"][-1][1]}', flush=True)


if __name__ == '__main__':
    main()
