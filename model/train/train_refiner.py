"""Train the layout refiner (refiner.py) on a model's own rollouts.

The shipped refiner (model/weights; session 10's recipe, with --segment since session 13) was made
by these commands on the calibrated model (after train.py, export.py and calibrate-model --pan);
wall times on the 2-core development machine, session 13 (the refiner's 8,000 steps: session 14):

    node bin/dreamdrive.js model-rollouts --out RO/train --episodes 1200 --threads 2    # 4.1 min idle (5.1 beside a run)
    node bin/dreamdrive.js model-rollouts --out RO/val --split val --episodes 64 --threads 2   # 17 s
    /usr/bin/python3 model/train/train_refiner.py --rollouts RO/train --val RO/val --out RUN --segment   # 8,000 steps, 44 min
    /usr/bin/python3 model/train/export_refiner.py --run RUN --model model/weights
    node bin/dreamdrive.js eval-model --card

Each step draws random (rollout, horizon step) pairs: the frame the runtime showed, the layout of
that frame and the reference frame (with --ego-warp also the reprojected last real frame, and half
the pairs from the ungrounded camera with an empty layout); the loss is refiner.refiner_loss (L1 +
L2 per pixel, pixels with an actor's colour in the reference or in the frame shown weighted (1 +
--actor-weight) times; with --segment, that loss on the colour of each pixel's true kind plus the
class-map cross-entropy, refiner.segment_loss). Rerunning resumes from RUN/refiner.pt (loop.py). The val metrics put the
refined frames next to the frames as the runtime shows them without the refiner.
"""
import argparse
import json
import os
import sys
import time

os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')   # as train.py: sleep, don't spin, on a shared machine
import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import RolloutPairs  # noqa: E402
from loop import run_stage  # noqa: E402
from model import camera_fields, count_params  # noqa: E402
from refiner import LayoutRefiner, RefinerConfig, refiner_loss, segment_loss  # noqa: E402

PRESETS = {'base': dict(width=16, batch=32, eval_n=512), 'tiny': dict(width=4, batch=4, eval_n=8)}


def psnr(a, b):
    mse = torch.mean((a - b) ** 2).item()
    return float(10 * np.log10(1.0 / max(mse, 1e-10)))


def as_tensors(shown, warped, truth, layout):
    unit = lambda x: None if x is None else torch.from_numpy(x).float() / 255  # noqa: E731
    return unit(shown), unit(warped), unit(truth), torch.from_numpy(layout)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--rollouts', required=True, help='training pairs: a folder written by `dreamdrive model-rollouts`')
    p.add_argument('--val', default=None, help='evaluation pairs (another such folder; default: --rollouts)')
    p.add_argument('--out', required=True, help='run folder: refiner.pt, refiner_curve.json, run_refiner.json')
    p.add_argument('--preset', choices=sorted(PRESETS), default='base')
    p.add_argument('--steps', type=int, default=8000)
    p.add_argument('--lr', type=float, default=2e-3)
    p.add_argument('--actor-weight', type=float, default=10.0)
    p.add_argument('--ego-warp', action='store_true',
                   help='also take the reprojected last real frame and train on both cameras (half the pairs '
                        'ungrounded, with an empty layout), to refine the ungrounded camera too')
    p.add_argument('--composite', action='store_true',
                   help="two output heads joined by the raster's hard box silhouettes (refiner.RefinerConfig.composite)")
    p.add_argument('--segment', action='store_true',
                   help="choose each pixel's change by what it shows, learnt from the reference class maps "
                        '(refiner.RefinerConfig.segment; the rollouts need classes.npy)')
    p.add_argument('--segment-scene', action='store_true',
                   help="with --segment: the scene's classes (sky, grass, road, marking, kerb) are kinds of their own too")
    p.add_argument('--kind-weight', type=float, default=0.1, help="with --segment: the class-map cross-entropy's weight")
    p.add_argument('--weigh-output', action='store_true',
                   help="also weigh pixels where the refined frame has an actor's colour (refiner.refiner_loss)")
    p.add_argument('--eval-every', type=int, default=250)
    p.add_argument('--log-every', type=int, default=25)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--stop-at', type=int, default=None, help='stop at this step, as if interrupted')
    args = p.parse_args(argv)
    if args.steps < 1:
        p.error(f'--steps must be at least 1, got {args.steps}')
    if args.segment_scene and not args.segment:
        p.error('--segment-scene divides the kinds of --segment: give both')
    if args.segment and (args.composite or args.weigh_output):
        p.error('--segment chooses the change per pixel itself: not with --composite or --weigh-output')
    preset = PRESETS[args.preset]
    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)
    try:
        train, val = RolloutPairs(args.rollouts), RolloutPairs(args.val or args.rollouts)
    except ValueError as err:
        raise SystemExit(str(err))
    print(f'torch {torch.__version__}, {torch.get_num_threads()} threads; {train.n} training pairs, {val.n} val pairs')
    torch.manual_seed(args.seed)
    cam = train.meta.get('camera')   # the model's camera, as model-rollouts records it
    if cam is not None and (cam['widthPx'], cam['heightPx']) != (64, 64):
        raise SystemExit(f"{args.rollouts}: the refiner's raster is written for 64x64 frames, these are {cam['widthPx']}x{cam['heightPx']}")
    camera = {} if cam is None else camera_fields(cam)
    cfg = RefinerConfig(width=preset['width'], ego_warp=args.ego_warp, composite=args.composite, segment=args.segment, segment_scene=args.segment_scene, **camera)
    if args.segment and train.classes is None:
        raise SystemExit(f'{args.rollouts} has no classes.npy (written by `dreamdrive model-rollouts` since session 13): --segment learns from it')
    share = 0.5 if args.ego_warp else 1.0   # grounded share of the pairs
    refiner = LayoutRefiner(cfg)
    print(f'refiner: {count_params(refiner):,} params')
    v_shown, v_warped, v_truth, v_lay = as_tensors(*val.fixed(preset['eval_n'], share, args.ego_warp))
    shown = {'loss_shown': refiner_loss(v_shown, v_truth, v_shown, args.actor_weight).item(), 'psnr_shown_db': psnr(v_shown, v_truth)}

    def step(rng, gen):
        if args.segment:
            *pair, classes = train.sample(rng, preset['batch'], share, args.ego_warp, classes=True)
            frame, warped, truth, layout = as_tensors(*pair)
            return segment_loss(refiner, frame, layout, warped, truth, torch.from_numpy(classes), args.actor_weight, args.kind_weight)
        frame, warped, truth, layout = as_tensors(*train.sample(rng, preset['batch'], share, args.ego_warp))
        return refiner_loss(refiner(frame, layout, warped), truth, frame, args.actor_weight, args.weigh_output)

    def evaluate():
        out = torch.cat([refiner(v_shown[i:i + 64], v_lay[i:i + 64], None if v_warped is None else v_warped[i:i + 64]) for i in range(0, len(v_shown), 64)])
        # the val loss leaves the output's own colours unweighted, to compare with runs without --weigh-output
        return {'loss': refiner_loss(out, v_truth, v_shown, args.actor_weight).item(), 'psnr_db': psnr(out, v_truth), **shown}

    t0 = time.time()
    curve = run_stage('refiner', refiner, os.path.join(args.out, 'refiner.pt'), os.path.join(args.out, 'refiner_curve.json'),
                      args.steps, args.lr, step, evaluate, args.seed, args.eval_every, args.log_every,
                      extra_state={'config': cfg.__dict__, 'rollouts': train.meta, 'actor_weight': args.actor_weight, 'weigh_output': args.weigh_output,
                                   'kind_weight': args.kind_weight if args.segment else None},
                      stop_at=args.stop_at)
    run = {'argv': list(argv if argv is not None else sys.argv[1:]), 'rollouts': os.path.abspath(args.rollouts),
           'val': os.path.abspath(args.val or args.rollouts), 'preset': args.preset, 'seed': args.seed, 'lr': args.lr,
           'threads': args.threads, 'this_invocation_s': time.time() - t0, 'steps_done': curve['steps_done']}
    with open(os.path.join(args.out, 'run_refiner.json'), 'w') as f:
        json.dump(run, f, indent=1)
    print(f'done in {time.time() - t0:.1f} s -> {args.out}')


if __name__ == '__main__':
    main()
