"""Train the dreamdrive world model: stage 1 the tokenizer, stage 2 the dynamics on cached latents.

The shipped model (model/weights, 2026-11-26, session 8) was made by exactly these commands; wall
times of the 2-core development machine are in model/train/README.md:

    node bin/dreamdrive.js dataset --out /tmp/wm/full --episodes 800 --workers 2 --steps 100   # 21 s
    # tokenizer: 16x16x8 latents (two downsamplings; the base preset), actor-coloured pixels
    # weighted 11x: 8.8 min (the run gave --latent-grid 16 --latent-channels 8, the preset's values)
    /usr/bin/python3 model/train/train.py --data /tmp/wm/full --out RUN --stage tokenizer \
        --tokenizer-steps 3600 --eval-every 250 --actor-weight 10
    # dynamics (recipe from model/train/ablation): latents cached once (1.1 min), then 3,000 steps
    # with the defaults (K = 2, trajectory normalised and on every patch token, noise 0.1, unroll 3)
    # on tokens of 4x4 latent cells (16 per frame, as the 8x8 grid's 2x2): 11.1 min (the run gave
    # --patch 4, the preset's value)
    /usr/bin/python3 model/train/train.py --data /tmp/wm/full --out RUN --stage dynamics \
        --dynamics-steps 3000 --eval-every 500
    /usr/bin/python3 model/train/export.py --run RUN --out model/weights
    node bin/dreamdrive.js calibrate-model --pan  # anchored-decoding gains on val episodes (15 s; --pan
    # since session 12: both cameras also show part of the last frame moved with the ego)
    # session 10: the grounded camera's layout refiner, trained on this model's rollouts (29 min;
    # the commands are at the top of train_refiner.py)
    node bin/dreamdrive.js eval-model --card      # the evaluation numbers in model_card.json
    # tiny smoke run (what test/model/train/smoke.test.ts does)
    /usr/bin/python3 model/train/train.py --data DS --out RUN --stage all --preset tiny

A fresh recipe within 90 minutes: --stage all --time-budget-min 80 --tokenizer-share 0.4 (the
budget stops each stage with a checkpoint; rerun with a larger budget to continue).
Rerunning the same command resumes from RUN/tokenizer.pt and RUN/dynamics.pt. Use Debian's python3
(`python3-torch` linked to OpenBLAS via libopenblas0-openmp), not a pyenv python without torch.
"""
import argparse
import hashlib
import json
import os
import sys
import time

import numpy as np

# Sleep instead of spinning while waiting for OpenMP peers: on a shared 2-core machine a spinning
# thread whose peer is descheduled slowed training ~10x (measured). Export OMP_WAIT_POLICY=ACTIVE
# on a dedicated machine. Must be set before torch loads libgomp.
os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')
import torch  # noqa: E402

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import DreamDataset  # noqa: E402
from loop import run_stage  # noqa: E402
from model import (Dynamics, DynamicsConfig, Tokenizer, TokenizerConfig, actor_cell_share,  # noqa: E402
                   actor_erase_mask, camera_fields, count_params, decoded_loss, dynamics_loss, pixel_warp_delta,
                   tokenizer_loss, unrolled_loss, warp_frames)

# Presets: 'tiny' runs in seconds (smoke test); 'base' is sized for 90 minutes on 2 cores.
PRESETS = {
    # 16x16x8 latents and tokens of 4x4 cells (session 8: the 8x8x16 grid with 2x2-cell tokens, the
    # model before, is --latent-grid 8 --latent-channels 16 --patch 2)
    'base': dict(tok=TokenizerConfig(latent_channels=8, downsamplings=2), dyn=DynamicsConfig(patch=4),
                 tok_batch=32, dyn_batch=32, eval_n=128),
    'tiny': dict(tok=TokenizerConfig(latent_channels=8, width=8),
                 dyn=DynamicsConfig(latent_channels=8, dim=32, layers=1, heads=2, unroll=2),
                 tok_batch=8, dyn_batch=8, eval_n=16),
}
# Share of each training batch that sees no layout, so one model serves both the ungrounded and the
# grounded camera (no layout tokens: the same output as all-empty slots, at half the cost).
LAYOUT_DROPOUT = 0.5


def eval_split(ds, log):
    """Validation split, or the next non-empty one for tiny datasets that have no val episodes."""
    for split in ('val', 'train', 'test'):
        if len(ds.rows(split)):
            if split != 'val':
                log(f'note: no val episodes, evaluating on {split!r}')
            return split
    raise ValueError('dataset has no episodes')


def psnr(mse):
    return float(10 * np.log10(1.0 / max(mse, 1e-10)))


def tokenizer_tag(tok):
    """Short content hash of the tokenizer weights: the latent cache folder name."""
    h = hashlib.sha256()
    for k, v in sorted(tok.state_dict().items()):
        h.update(k.encode())
        h.update(v.numpy().tobytes())
    return 'tok-' + h.hexdigest()[:12]


def train_tokenizer(args, ds, preset, log):
    cfg = preset['tok']
    if args.latent_grid is not None or args.latent_channels is not None:
        grid = args.latent_grid or cfg.latent_size
        cfg = TokenizerConfig(**{**cfg.__dict__, 'downsamplings': {8: 3, 16: 2}[grid],
                                 'latent_channels': args.latent_channels or cfg.latent_channels})
    torch.manual_seed(args.seed)
    tok = Tokenizer(cfg)
    log(f'tokenizer: encoder {count_params(tok.encoder):,} + decoder {count_params(tok.decoder):,} params')
    split = eval_split(ds, log)
    val = torch.from_numpy(ds.fixed_frames(split, preset['eval_n'])).float() / 255

    def step(rng, gen):
        x = torch.from_numpy(ds.sample_frames(rng, 'train', preset['tok_batch'])).float() / 255
        return tokenizer_loss(tok(x), x, args.ssim_weight, args.actor_weight)

    def evaluate():
        pred = tok(val)
        mse = torch.mean((pred - val) ** 2).item()
        return {'loss': tokenizer_loss(pred, val, args.ssim_weight, args.actor_weight).item(), 'psnr_db': psnr(mse)}

    curve = run_stage('tokenizer', tok, os.path.join(args.out, 'tokenizer.pt'),
                      os.path.join(args.out, 'tokenizer_curve.json'), args.tokenizer_steps, args.lr,
                      step, evaluate, args.seed, args.eval_every, args.log_every, args.budget_tok_s,
                      extra_state={'config': cfg.__dict__}, log=log, stop_at=args.stop_at)
    return tok, curve


def load_tokenizer(out):
    ck = torch.load(os.path.join(out, 'tokenizer.pt'))
    tok = Tokenizer(TokenizerConfig(**ck['config']))
    tok.load_state_dict(ck['model'])
    return tok.eval()


def trajectory_std(ds, rows):
    """Std of dx, dy, dyaw over the valid future steps of `rows` (validity keeps scale 1)."""
    ok = ds.future_valid[rows] > 0
    fut = ds.future[rows]
    return np.array([fut[..., i][ok].std() + 1e-6 for i in range(3)] + [1.0], np.float32)


def attach_actor_cells(ds, grid, log=print):
    """Each frame's share of actor-coloured pixels per latent cell, cached once per dataset."""
    ds.cache_actor_cells(grid, lambda x: actor_cell_share(torch.from_numpy(x).float() / 255, grid).numpy(), log=log)


def train_dynamics(args, ds, preset, log):
    tok = load_tokenizer(args.out)
    tag = tokenizer_tag(tok)
    t0 = time.time()
    with torch.no_grad():
        ds.cache_latents(tag, lambda x: tok.encoder(torch.from_numpy(x).float() / 255).numpy(), log=log)
    log(f'latents {tag} ready in {time.time() - t0:.1f} s')
    budget_s = args.budget_dyn_s - (time.time() - t0) if args.budget_dyn_s is not None else None
    ckpt_path = os.path.join(args.out, 'dynamics.pt')
    if os.path.exists(ckpt_path) and torch.load(ckpt_path)['tokenizer_tag'] != tag:
        raise SystemExit(f'{ckpt_path} was trained on the latents of another tokenizer: delete it to '
                         f'train the dynamics again on {tag}')
    overrides = {'latent_channels': tok.cfg.latent_channels, 'latent_size': tok.cfg.latent_size}
    if args.patch is not None:
        overrides['patch'] = args.patch
    if args.max_noise is not None:
        overrides['max_noise'] = args.max_noise
    if args.unroll is not None:
        overrides['unroll'] = args.unroll
    if args.context is not None:
        overrides['context'] = args.context
    if args.trajectory_dropout:
        overrides['trajectory_dropout'] = args.trajectory_dropout
    if args.actor_erase:
        overrides['actor_erase'] = args.actor_erase
    if args.pushforward:
        if args.actor_erase or args.pixel_warp is not None:
            raise SystemExit('--pushforward is not implemented with --actor-erase or --pixel-warp')
        overrides['pushforward'] = args.pushforward
    geometric = [flag for flag, on in (('--box-raster', args.box_raster), ('--ego-warp', args.ego_warp), ('--pixel-warp', args.pixel_warp is not None)) if on]
    if geometric:
        # each projects with the dataset's camera, written for 64 x 64 frames
        cam = ds.manifest['camera']
        if cam['widthPx'] != 64 or cam['heightPx'] != 64:
            raise SystemExit(f"{' and '.join(geometric)} need 64x64 frames; the dataset's are {cam['widthPx']}x{cam['heightPx']}")
        overrides.update(box_raster=args.box_raster, ego_warp=args.ego_warp, pixel_warp=args.pixel_warp is not None,
                         pixel_warp_base=args.pixel_warp != 'input', pixel_warp_faithful=args.pixel_warp == 'faithful',
                         **camera_fields(cam))
    cfg = DynamicsConfig(**{**preset['dyn'].__dict__, **overrides})
    if cfg.latent_size % cfg.patch:
        raise SystemExit(f'--patch {cfg.patch} does not divide the tokenizer\'s {cfg.latent_size}x{cfg.latent_size} latent grid')
    if cfg.pixel_warp:
        t1 = time.time()
        with torch.no_grad():
            ds.cache_warped(tag, lambda x, m: tok.encoder(warp_frames(torch.from_numpy(x).float() / 255, torch.from_numpy(m), cfg)).numpy(), log=log)
        log(f'warped latents {tag}-warp ready in {time.time() - t1:.1f} s')
    if cfg.actor_erase > 0:
        t1 = time.time()
        attach_actor_cells(ds, cfg.latent_size, log)
        log(f'actor cells actors-{cfg.latent_size} ready in {time.time() - t1:.1f} s')
    torch.manual_seed(args.seed)
    dyn = Dynamics(cfg)
    log(f'dynamics: {count_params(dyn):,} params, {dyn.tokens_per_frame * cfg.context} tokens')
    start = None
    if args.init_from is not None:   # a fine-tune: another run's weights, this run's optimiser and schedule
        start = torch.load(os.path.join(args.init_from, 'dynamics.pt'))
        if start['tokenizer_tag'] != tag or start['config'] != cfg.__dict__:
            raise SystemExit(f'--init-from {args.init_from}: its dynamics has another tokenizer or configuration than this run')
    # per-channel latent statistics from up to 256 training episodes (buffers, saved with the model)
    rows = ds.rows('train')[:256]
    sample = np.concatenate([np.asarray(ds.latents[ds.where[r][0]][ds.where[r][1]], np.float32) for r in rows])
    dyn.lat_mean.copy_(torch.from_numpy(sample.mean(axis=(0, 2, 3))).view(1, 1, -1, 1, 1))
    dyn.lat_std.copy_(torch.from_numpy(sample.std(axis=(0, 2, 3)) + 1e-3).view(1, 1, -1, 1, 1))
    dyn.traj_std.copy_(torch.from_numpy(trajectory_std(ds, rows)).view(1, 1, 1, 4))
    if start is not None:
        dyn.load_state_dict(start['model'])
    extra = None
    if args.pixel_weight > 0:
        tok.decoder.requires_grad_(False)
        extra = decoded_loss(tok.decoder, args.pixel_weight, args.pixel_share)
    K, F = cfg.context, cfg.future_steps
    split = eval_split(ds, log)
    val = [torch.from_numpy(a) for a in ds.fixed_windows(split, preset['eval_n'], K, F)]

    warp_of = None
    if cfg.pixel_warp_faithful:
        warp_of = lambda z, m: pixel_warp_delta(tok.encoder, tok.decoder(z), m, cfg)  # noqa: E731

    def step(rng, gen):
        push = int(rng.integers(0, cfg.pushforward + 1)) if cfg.pushforward > 0 else 0
        window = ds.sample_windows(rng, 'train', preset['dyn_batch'], K + cfg.unroll - 1 + push, F, args.manoeuvre_share, K - 1 + push)
        lat, traj, lay, warp, actors = (torch.from_numpy(a) for a in window)
        if not cfg.pixel_warp:
            warp = None
        part = lambda x, a, b: None if x is None else x[a:b]  # noqa: E731
        # the first part of the batch without layout tokens (the ungrounded camera), the rest with
        B = lat.shape[0]
        n = int(round(B * LAYOUT_DROPOUT))
        erase = actor_erase_mask(actors[n:, :K], cfg.actor_erase, gen) if cfg.actor_erase > 0 else None
        free = unrolled_loss(dyn, lat[:n], traj[:n], None, gen, part(warp, 0, n), warp_of, push=push, extra=extra) if n > 0 else 0.0
        grounded = unrolled_loss(dyn, lat[n:], traj[n:], lay[n:], gen, part(warp, n, B), warp_of, erase, push, extra) if n < B else 0.0
        return (free * n + grounded * (B - n)) / B

    def evaluate():
        lat, traj, lay, warp, _ = val
        pred = dyn(lat[:, :K], traj, lay, torch.zeros(lat.shape[0]), None, warp if cfg.pixel_warp else None)
        copy = dynamics_loss(lat[:, :K], lat[:, 1:], dyn.lat_std).item()
        return {'loss': dynamics_loss(pred, lat[:, 1:], dyn.lat_std).item(), 'copy_last_loss': copy}

    curve = run_stage('dynamics', dyn, ckpt_path,
                      os.path.join(args.out, 'dynamics_curve.json'), args.dynamics_steps, args.lr,
                      step, evaluate, args.seed + 1, args.eval_every, args.log_every, budget_s,
                      extra_state={'config': cfg.__dict__, 'tokenizer_tag': tag, 'init_from': args.init_from,
                                   'pixel_weight': args.pixel_weight, 'pixel_share': args.pixel_share}, log=log,
                      stop_at=args.stop_at)
    return dyn, curve


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--data', required=True, help='folder written by `dreamdrive dataset`')
    p.add_argument('--out', required=True, help='run folder: checkpoints, curves, run.json')
    p.add_argument('--stage', choices=['tokenizer', 'dynamics', 'all'], default='all')
    p.add_argument('--preset', choices=sorted(PRESETS), default='base')
    p.add_argument('--tokenizer-steps', type=int, default=None)
    p.add_argument('--dynamics-steps', type=int, default=None)
    p.add_argument('--lr', type=float, default=2e-3)
    p.add_argument('--ssim-weight', type=float, default=0.0, help='weight of the 4x4-window SSIM loss')
    p.add_argument('--actor-weight', type=float, default=0.0,
                   help='tokenizer: weigh pixels of actor colours (1 + this) times in the loss')
    p.add_argument('--eval-every', type=int, default=100)
    p.add_argument('--log-every', type=int, default=10)
    p.add_argument('--time-budget-min', type=float, default=None,
                   help='stop (with a checkpoint) after this many minutes; with --stage all the '
                        'tokenizer gets --tokenizer-share of it')
    p.add_argument('--tokenizer-share', type=float, default=0.35)
    p.add_argument('--max-noise', type=float, default=None,
                   help='upper bound of the context noise sigma (latent std units); preset default 0.1')
    p.add_argument('--box-raster', action='store_true',
                   help="grounded: add each patch token's share of the layout boxes projected with the dataset's camera")
    p.add_argument('--unroll', type=int, default=None,
                   help='steps each training window is rolled out on its own predictions; preset default 3')
    p.add_argument('--ego-warp', action='store_true',
                   help="give each patch the last latents resampled by the ego's next motion (ground-plane geometry)")
    p.add_argument('--pixel-warp', nargs='?', const='base', choices=['base', 'faithful', 'input'], default=None,
                   help="give the dynamics each frame reprojected by the ego's next motion (encoded; see "
                        "DynamicsConfig): as input and residual base (base, the default; faithful: unrolled "
                        "steps warp the decoded prediction, as at runtime) or as input only")
    p.add_argument('--pushforward', type=int, default=0,
                   help='before the unrolled steps, roll each batch out a random 0..P steps without gradients '
                        '(DynamicsConfig.pushforward)')
    p.add_argument('--trajectory-dropout', type=float, default=0.0,
                   help='share of training windows without their trajectory (for classifier-free guidance)')
    p.add_argument('--latent-grid', type=int, choices=[8, 16], default=None,
                   help='tokenizer stage: latent grid (preset 16: 16x16 cells of 4x4 pixels; 8: 8x8, the model before)')
    p.add_argument('--latent-channels', type=int, default=None, help='tokenizer stage: latent channels C')
    p.add_argument('--patch', type=int, default=None,
                   help='latent cells per dynamics token side (preset 4: 16 tokens per frame on the 16x16 grid)')
    p.add_argument('--manoeuvre-share', type=float, default=0.0,
                   help='share of dynamics windows drawn from the fifth with the most ego manoeuvre '
                        '(acceleration, lateral offset, yaw): trades long-horizon PSNR for control')
    p.add_argument('--actor-erase', type=float, default=0.0,
                   help='dynamics: share of grounded windows whose context actors are erased (latent cells '
                        'with actor-coloured pixels set to the mean), to be drawn from the layout')
    p.add_argument('--context', type=int, default=None,
                   help='context frames K the dynamics sees; preset default 2')
    p.add_argument('--pixel-weight', type=float, default=0.0,
                   help='dynamics: add this times the decoded prediction\'s pixel MSE (through the frozen decoder) to each step\'s loss')
    p.add_argument('--pixel-share', type=float, default=1.0,
                   help='with --pixel-weight: the share of each batch\'s windows decoded for it (the decoder\'s backward pass is costly)')
    p.add_argument('--init-from', default=None,
                   help='dynamics: start from RUN/dynamics.pt (same tokenizer and configuration) with a fresh optimiser and '
                        'schedule: a fine-tune, e.g. with --pixel-weight')
    # One thread on a machine shared with other jobs: with two, every OpenMP barrier waits for a
    # descheduled peer and the dynamics ran at 0.08 steps/s against 0.5 with one (measured here).
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--stop-at', type=int, default=None, help='stop each stage at this step, as if interrupted')
    args = p.parse_args(argv)
    for flag, value in (('--context', args.context), ('--unroll', args.unroll)):
        if value is not None and value < 1:
            p.error(f'{flag} must be at least 1, got {value}')
    if args.latent_channels is not None and args.latent_channels < 1:
        p.error(f'--latent-channels must be at least 1, got {args.latent_channels}')
    if args.patch is not None and args.patch < 1:
        p.error(f'--patch must be at least 1, got {args.patch}')
    if not 0 <= args.manoeuvre_share <= 1:
        p.error(f'--manoeuvre-share must be in [0, 1], got {args.manoeuvre_share}')
    if not 0 <= args.actor_erase <= 1:
        p.error(f'--actor-erase must be in [0, 1], got {args.actor_erase}')
    if args.pushforward < 0:
        p.error(f'--pushforward must be >= 0, got {args.pushforward}')
    if not 0 <= args.trajectory_dropout < 1:
        p.error(f'--trajectory-dropout must be in [0, 1), got {args.trajectory_dropout}')
    if args.pixel_weight < 0:
        p.error(f'--pixel-weight must be >= 0, got {args.pixel_weight}')
    if not 0 < args.pixel_share <= 1:
        p.error(f'--pixel-share must be in (0, 1], got {args.pixel_share}')
    if args.init_from is not None and not os.path.exists(os.path.join(args.init_from, 'dynamics.pt')):
        p.error(f'--init-from {args.init_from} has no dynamics.pt')
    preset = PRESETS[args.preset]
    tiny = args.preset == 'tiny'
    args.tokenizer_steps = args.tokenizer_steps or (30 if tiny else 3600)
    args.dynamics_steps = args.dynamics_steps or (30 if tiny else 3600)
    if tiny:
        args.eval_every, args.log_every = min(args.eval_every, 10), min(args.log_every, 5)
    budget = args.time_budget_min * 60 if args.time_budget_min else None
    args.budget_dyn_s = budget
    args.budget_tok_s = budget * (args.tokenizer_share if args.stage == 'all' else 1) if budget else None
    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)
    log = print
    log(f'torch {torch.__version__}, {torch.get_num_threads()} threads; data {args.data}')
    ds = DreamDataset(args.data)
    log(f'{ds.episodes} episodes x {ds.T} frames; train {len(ds.rows("train"))} val {len(ds.rows("val"))} '
        f'test {len(ds.rows("test"))}')
    t0 = time.time()
    curves = {}
    if args.stage in ('tokenizer', 'all'):
        curves['tokenizer'] = train_tokenizer(args, ds, preset, log)[1]
    if args.stage in ('dynamics', 'all'):
        args.budget_dyn_s = budget - (time.time() - t0) if budget else None
        curves['dynamics'] = train_dynamics(args, ds, preset, log)[1]
    run = {'argv': list(argv if argv is not None else sys.argv[1:]),
           'data': os.path.abspath(args.data), 'preset': args.preset, 'seed': args.seed, 'lr': args.lr,
           'threads': args.threads, 'episodes': ds.episodes, 'frames_per_episode': ds.T,
           'dataset_arguments': ds.manifest.get('arguments'), 'this_invocation_s': time.time() - t0,
           **{f'{k}_steps_done': c['steps_done'] for k, c in curves.items()}}
    with open(os.path.join(args.out, f'run_{args.stage}.json'), 'w') as f:
        json.dump(run, f, indent=1)
    log(f'done in {time.time() - t0:.1f} s -> {args.out}')


if __name__ == '__main__':
    main()
