/**
 * Training options of the dynamics (model/train/model.py) that the session-5 sweeps judged
 * (model/train/ablation/README.md): history dropout hides earlier frames from a window's predictions,
 * trajectory dropout zeroes a window's trajectory (for classifier-free guidance), pixel warp
 * predicts on top of each frame reprojected by the ego's motion,
 * adaLN starts as the plain block, a shorter context (K = 2) trains and predicts, and the ego warp
 * resamples the last latents where the renderer's camera saw each cell's content; actor erasing
 * (session 9) hides the context's actors from grounded windows; pushforward (session 11) takes the
 * loss on contexts the model rolled out itself. Needs Debian's
 * python3-torch (skipped with a message otherwise, as the smoke training).
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from '../../helpers/cli';
import { cameraFrame, DEFAULT_CAMERA_MODEL, projectPoint } from '../../../sim/render/camera-model';

const PYTHON = '/usr/bin/python3';
const available = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
if (!available) console.warn(`skipping the dynamics option checks: ${PYTHON} cannot import torch (apt-get install python3-torch)`);

/** Runs `body` after a prelude that builds small models and inputs; returns its JSON output. */
function python(body: string): Record<string, number> {
  const code = [
    'import json, sys, torch',
    `sys.path.insert(0, ${JSON.stringify(path.join(REPO_ROOT, 'model', 'train'))})`,
    'from model import Dynamics, DynamicsConfig, unrolled_loss',
    'torch.manual_seed(0)',
    'def small(context=4, **kw): return Dynamics(DynamicsConfig(latent_channels=4, dim=32, layers=2, heads=2, context=context, **kw))',
    'def inputs(K, B=2): return torch.randn(B, K, 4, 8, 8), torch.randn(B, K, 4, 4), torch.zeros(B)',
    'def nudge(dyn):',
    '    with torch.no_grad():',
    '        for p in dyn.parameters(): p.add_(0.05 * torch.randn_like(p))',
    body,
  ].join('\n');
  const run = spawnSync(PYTHON, ['-c', code], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1' } });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as Record<string, number>;
}

(available ? describe : describe.skip)('dynamics training options (python3-torch)', () => {
  it('history dropout hides the earlier frames from a dropped window only', () => {
    const r = python([
      'dyn = small(); nudge(dyn)',
      'lat, traj, sigma = inputs(4)',
      'other = lat.clone(); other[:, :3] = torch.randn_like(other[:, :3])',
      'drop = torch.tensor([True, False])',
      'a, b = dyn(lat, traj, None, sigma, drop), dyn(other, traj, None, sigma, drop)',
      'print(json.dumps({"dropped": float((a[0, 3] - b[0, 3]).abs().max()), "kept": float((a[1, 3] - b[1, 3]).abs().max())}))',
    ].join('\n'));
    expect(r.dropped).toBeLessThan(1e-5);
    expect(r.kept).toBeGreaterThan(1e-3);
  });

  it('trajectory dropout trains a dropped window exactly as one whose trajectory rows are all zero', () => {
    const r = python([
      'dyn = small(context=2, unroll=2); nudge(dyn)',
      'lat, traj = torch.randn(2, 2 + 2, 4, 8, 8), torch.randn(2, 2 + 1, 4, 4)',
      'loss = lambda d, t: float(unrolled_loss(d, lat, t, None, torch.Generator().manual_seed(3)))',
      'plain = loss(dyn, traj)',
      'dropped = Dynamics(DynamicsConfig(**{**dyn.cfg.__dict__, "trajectory_dropout": 0.999999})); dropped.load_state_dict(dyn.state_dict())',
      'zero = loss(dyn, torch.zeros_like(traj))',
      'print(json.dumps({"dropped": loss(dropped, traj), "zero": zero, "plain": plain}))',
    ].join('\n'));
    expect(Math.abs(r.dropped - r.zero)).toBeLessThan(1e-6);
    expect(Math.abs(r.plain - r.zero)).toBeGreaterThan(1e-4);
  });

  it('pixel warp: no motion gives a zero delta, and an untrained model predicts the last latents plus the delta (or the last latents, input only)', () => {
    const r = python([
      'from model import Encoder, TokenizerConfig, pixel_warp_delta',
      'enc = Encoder(TokenizerConfig(latent_channels=4, width=8)).eval()',
      'cfg = DynamicsConfig(latent_channels=4, dim=32, layers=2, heads=2, context=2, unroll=2, pixel_warp=True)',
      'frames = torch.rand(3, 64, 64, 3)',
      'with torch.no_grad():',
      '    still = pixel_warp_delta(enc, frames, torch.zeros(3, 3), cfg)',
      '    moving = pixel_warp_delta(enc, frames, torch.tensor([[2.0, 0.3, 0.05]] * 3), cfg)',
      'dyn = Dynamics(cfg)',
      'lat, traj = torch.randn(2, 2, 4, 8, 8), torch.randn(2, 2, 4, 4)',
      'warp = torch.randn(2, 2, 4, 8, 8)',
      'out = dyn(lat, traj, None, torch.zeros(2), None, warp)',
      'loss = unrolled_loss(dyn, torch.randn(2, 4, 4, 8, 8), torch.randn(2, 3, 4, 4), None, torch.Generator().manual_seed(1), torch.randn(2, 3, 4, 8, 8))',
      // warp_of stands in for the runtime's warp of the decoded prediction: zero here, so the unrolled steps
      // must see exactly a warp input whose rows past the K true context frames are zero
      'lat4, traj3, w3 = torch.randn(2, 4, 4, 8, 8), torch.randn(2, 3, 4, 4), torch.randn(2, 3, 4, 8, 8)',
      'w0 = w3.clone(); w0[:, 2:] = 0',
      'lw = lambda w, f: float(unrolled_loss(dyn, lat4, traj3, None, torch.Generator().manual_seed(2), w, f))',
      'faithful = abs(lw(w3, lambda z, m: torch.zeros_like(z)) - lw(w0, None))',
      'inp = Dynamics(DynamicsConfig(**{**cfg.__dict__, "pixel_warp_base": False}))',
      'only = inp(lat, traj, None, torch.zeros(2), None, warp)',
      'print(json.dumps({"still": float(still.abs().max()), "moving": float(moving.abs().max()), "base": float((out - lat - warp).abs().max()), "input_only": float((only - lat).abs().max()), "loss": float(loss), "faithful": faithful}))',
    ].join('\n'));
    expect(r.still).toBeLessThan(1e-4); // the identity warp up to rounding in its geometry
    expect(r.moving).toBeGreaterThan(1e-3);
    expect(r.base).toBeLessThan(1e-5);
    expect(r.input_only).toBeLessThan(1e-5); // pixel_warp_base false: the warp is an input, the base the last latents
    expect(r.faithful).toBeLessThan(1e-7);
    expect(Number.isFinite(r.loss)).toBe(true);
  });

  it('adaLN starts as the plain block and then follows the trajectory in every block', () => {
    const r = python([
      'plain, ada = small(), small(adaln=True)',
      'nudge(plain); ada.load_state_dict(plain.state_dict(), strict=False)',
      'lat, traj, sigma = inputs(4)',
      'same = float((plain(lat, traj, None, sigma) - ada(lat, traj, None, sigma)).abs().max())',
      'nudge(ada)',
      'moved = float((ada(lat, traj, None, sigma) - ada(lat, traj + 1, None, sigma)).abs().max())',
      'print(json.dumps({"same": same, "moved": moved}))',
    ].join('\n'));
    expect(r.same).toBeLessThan(1e-6);
    expect(r.moved).toBeGreaterThan(1e-3);
  });

  it('pushforward takes the unrolled loss on a context the model rolled out itself, without gradients through it', () => {
    const r = python([
      'dyn = small(context=2, unroll=2, max_noise=0.0); nudge(dyn)',
      'lat, traj = torch.randn(2, 2 + 2 + 3, 4, 8, 8), torch.randn(2, 2 + 1 + 3, 4, 4)',
      'pushed = unrolled_loss(dyn, lat, traj, None, torch.Generator().manual_seed(4), push=3)',
      // the same three steps by hand: each prediction of the newest slot shifted into the context
      'ctx = lat[:, :2]',
      'with torch.no_grad():',
      '    for p in range(3): ctx = torch.cat([ctx[:, 1:], dyn(ctx, traj[:, p:p + 2], None, torch.zeros(2))[:, -1:]], dim=1)',
      'by_hand = unrolled_loss(dyn, torch.cat([ctx, lat[:, 5:]], dim=1), traj[:, 3:], None, torch.Generator().manual_seed(4))',
      'pushed.backward()',
      'print(json.dumps({"diff": abs(float(pushed) - float(by_hand)), "plain": abs(float(pushed) - float(unrolled_loss(dyn, lat[:, :4], traj[:, :3], None))), "grad": float(dyn.head.weight.grad.abs().sum())}))',
    ].join('\n'));
    expect(r.diff).toBeLessThan(1e-6);
    expect(r.plain).toBeGreaterThan(1e-4);
    expect(r.grad).toBeGreaterThan(0);
  });

  it('a two-frame context trains with a three-step unroll and predicts one frame per slot', () => {
    const r = python([
      'dyn = small(context=2, unroll=3, history_dropout=0.5); nudge(dyn)',
      'lat, traj = torch.randn(3, 2 + 3, 4, 8, 8), torch.randn(3, 2 + 2, 4, 4)',
      'loss = unrolled_loss(dyn, lat, traj, None, torch.Generator().manual_seed(1)); loss.backward()',
      'out = dyn(lat[:, :2], traj[:, :2], None, torch.zeros(3))',
      'print(json.dumps({"loss": float(loss), "slots": out.shape[1], "grad": float(dyn.head.weight.grad.abs().sum())}))',
    ].join('\n'));
    expect(Number.isFinite(r.loss)).toBe(true);
    expect(r.slots).toBe(2);
    expect(r.grad).toBeGreaterThan(0);
  });

  it('actor erasing masks the cells around each context actor in the chosen share of windows, and an empty mask trains as none', () => {
    const r = python([
      'from model import actor_erase_mask',
      'cells = torch.zeros(3, 2, 8, 8); cells[:, 0, 1, 1] = 0.25; cells[:, 1, 7, 7] = 1.0',
      'g = lambda: torch.Generator().manual_seed(5)',
      'every, none = actor_erase_mask(cells, 1.0, g()), actor_erase_mask(cells, 0.0, g())',
      'half = actor_erase_mask(cells.repeat(100, 1, 1, 1), 0.5, g()).flatten(1).any(1)',
      'dyn = small(context=2, unroll=2); nudge(dyn)',
      'lat, traj = torch.randn(3, 2 + 2, 4, 8, 8), torch.randn(3, 2 + 1, 4, 4)',
      'loss = lambda e: float(unrolled_loss(dyn, lat, traj, None, g(), erase=e))',
      'print(json.dumps({"shape": list(every.shape), "frame0": every[0, 0, 0].nonzero().tolist(), "frame1": every[0, 1, 0].nonzero().tolist(),',
      '  "none": int(none.sum()), "half": int(half.sum()), "plain": loss(None), "empty": loss(none), "erased": loss(every)}))',
    ].join('\n'));
    expect(r.shape).toEqual([3, 2, 1, 8, 8]);
    // the actor's cell and its 8 neighbours; at the grid's corner only the 4 that exist
    expect(r.frame0).toEqual([0, 1, 2].flatMap((y) => [0, 1, 2].map((x) => [y, x])));
    expect(r.frame1).toEqual([[6, 6], [6, 7], [7, 6], [7, 7]]);
    expect(r.none).toBe(0);
    // of 300 windows, each with actors, about half are chosen
    expect(r.half).toBeGreaterThan(110);
    expect(r.half).toBeLessThan(190);
    expect(r.empty).toBe(r.plain);
    expect(r.erased).not.toBeCloseTo(r.plain, 4);
  });

  it("ego warp samples each cell where the renderer's camera saw its ground point (or sky direction) one step earlier", () => {
    const motion = [1.5, 0.2, 0.05];
    // latents holding their own cell centre's pixel coordinates: bilinear sampling inside the grid
    // returns the sampling position itself, so the output is where each cell was looked up
    const r = python([
      'from model import ego_warp',
      'u = (torch.arange(8.) + 0.5) * 8',
      'z = torch.stack([u.view(1, 8).expand(8, 8), u.view(8, 1).expand(8, 8)])[None, None]',
      `out = ego_warp(z, torch.tensor([[${JSON.stringify(motion)}]]), DynamicsConfig(ego_warp=True))`,
      'print(json.dumps({"uv": out[0, 0].tolist()}))',
    ].join('\n')) as unknown as { uv: number[][][] };
    const now = cameraFrame({ x: motion[0], y: motion[1], yaw: motion[2] }, DEFAULT_CAMERA_MODEL);
    const before = cameraFrame({ x: 0, y: 0, yaw: 0 }, DEFAULT_CAMERA_MODEL);
    let checked = 0;
    for (let row = 0; row < 8; row++) for (let col = 0; col < 8; col++) {
      const a = ((col + 0.5) * 8 - now.cxPx) / now.focalPx;
      const b = ((row + 0.5) * 8 - now.cyPx) / now.focalPx;
      const dir = [now.forwardX + a * now.rightX + b * now.downX, now.forwardY + a * now.rightY + b * now.downY, now.forwardZ + b * now.downZ];
      // the ground point on the ray, or a point far enough along it to stand for its direction
      const t = dir[2] < -1e-3 ? Math.min(-now.z / dir[2], 200) : 1e7;
      const seen = projectPoint(before, now.x + t * dir[0], now.y + t * dir[1], now.z + t * dir[2]);
      if (seen === null || seen.u < 4 || seen.u > 60 || seen.v < 4 || seen.v > 60) continue;
      if (dir[2] < -1e-3 && -now.z / dir[2] > 200) continue;
      expect(Math.abs(r.uv[0][row][col] - seen.u)).toBeLessThan(0.05);
      expect(Math.abs(r.uv[1][row][col] - seen.v)).toBeLessThan(0.05);
      checked++;
    }
    expect(checked).toBeGreaterThan(30);
  });
});
