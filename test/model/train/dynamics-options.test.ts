/**
 * Training options of the dynamics (model/train/model.py) that the session-5 sweeps judged
 * (model/train/ablation/README.md): history dropout hides earlier frames from a window's predictions,
 * adaLN starts as the plain block, and a shorter context (K = 2) trains and predicts. Needs Debian's
 * python3-torch (skipped with a message otherwise, as the smoke training).
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from '../../helpers/cli';

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
});
