"""A sampled dynamics tried against the mean-square one (session 12; ablation/README.md): rectified flow
(flow matching) on the next frame's latent change, ungrounded, teacher-forced, judged on eval-model's own
control pairs (diagnostics/control-pairs-export.ts) and the same pairs' PSNR.

  flow_dynamics.py train DATA TOKENIZER_RUN RUN [--steps 6000] [--history-dropout 0.5] [--threads 2]
  flow_dynamics.py judge TOKENIZER_RUN PAIRS RUN [--euler 4] [--seed 0]
  flow_dynamics.py judge TOKENIZER_RUN PAIRS DYNAMICS_PT --mean          # a train.py dynamics, for comparison

TOKENIZER_RUN is a train.py run folder with tokenizer.pt (its latents cached in DATA by train.py).

The network is model.Dynamics with two more inputs added to each latent patch token: the noisy
normalised change x_t (the change divided by the latents' std and by the changes' own std per channel)
and the flow time t. Sampling: N Euler steps from N(0, I); one step gives E[change | context, trajectory],
the mean predictor's answer."""
import argparse, json, os, sys, time
os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')
import numpy as np, torch, torch.nn as nn, torch.nn.functional as Fn  # noqa: E402
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from data import DreamDataset  # noqa: E402
from model import Dynamics, DynamicsConfig, add_context_noise  # noqa: E402
from train import load_tokenizer, tokenizer_tag, trajectory_std  # noqa: E402


class WithExtra(nn.Module):
    """A linear layer whose output gets `extra` added while it is set (the flow inputs per patch token)."""

    def __init__(self, lin):
        super().__init__()
        self.lin, self.extra = lin, None

    def forward(self, x):
        y = self.lin(x)
        return y if self.extra is None else y + self.extra


class FlowDynamics(Dynamics):
    def __init__(self, cfg):
        super().__init__(cfg)
        D, patch_dim = cfg.dim, cfg.latent_channels * cfg.patch ** 2
        self.patch_in = WithExtra(self.patch_in)
        self.noisy_in = nn.Linear(patch_dim, D)
        self.t_in = nn.Sequential(nn.Linear(1, D), nn.GELU(), nn.Linear(D, D))
        self.register_buffer('delta_std', torch.ones(1, 1, cfg.latent_channels, 1, 1))

    def velocity(self, ctx, traj, sigma, xt, t, drop=None):
        """ctx (B,K,C,h,w) raw latents, xt (B,K,C,h,w) noisy normalised change, t (B,K) -> v (B,K,C,h,w)."""
        B, K = ctx.shape[:2]
        self.patch_in.extra = self.noisy_in(self.to_patches(xt)) + self.t_in(t.view(B, K, 1, 1))
        out = Dynamics.forward(self, ctx, traj, None, sigma, drop)
        self.patch_in.extra = None
        return (out - ctx) / self.lat_std

    @torch.no_grad()
    def sample(self, ctx, traj, steps, gen):
        """The newest context frame's next latents (B,C,h,w): `steps` Euler steps of the flow."""
        B, K = ctx.shape[:2]
        x = torch.randn(ctx.shape, generator=gen)
        for i in range(steps):
            x = x + self.velocity(ctx, traj, torch.zeros(B), x, torch.full((B, K), i / steps)) / steps
        return ctx[:, -1] + (x * self.delta_std * self.lat_std)[:, -1]


def train(a):
    torch.set_num_threads(a.threads)
    os.makedirs(a.run, exist_ok=True)
    tok = load_tokenizer(a.tokenizer)
    ds = DreamDataset(a.data)
    ds.attach_latents(tokenizer_tag(tok))
    torch.manual_seed(1)
    cfg = DynamicsConfig(latent_channels=tok.cfg.latent_channels, latent_size=tok.cfg.latent_size, patch=4, history_dropout=a.history_dropout)
    dyn = FlowDynamics(cfg)
    rows = ds.rows('train')[:256]
    lat = torch.from_numpy(np.stack([np.asarray(ds.latents[ds.where[r][0]][ds.where[r][1]], np.float32) for r in rows]))
    dyn.lat_mean.copy_(lat.mean(dim=(0, 1, 3, 4)).view(1, 1, -1, 1, 1))
    dyn.lat_std.copy_((lat.std(dim=(0, 1, 3, 4)) + 1e-3).view(1, 1, -1, 1, 1))
    dyn.traj_std.copy_(torch.from_numpy(trajectory_std(ds, rows)).view(1, 1, 1, 4))
    dyn.delta_std.copy_(((lat[:, 1:] - lat[:, :-1]) / dyn.lat_std).std(dim=(0, 1, 3, 4)).view(1, 1, -1, 1, 1))
    opt = torch.optim.AdamW(dyn.parameters(), lr=1e-3, weight_decay=0.01)
    rng, gen = np.random.default_rng(1), torch.Generator().manual_seed(2)
    K, B, t0 = cfg.context, 64, time.time()
    for step in range(1, a.steps + 1):
        for g in opt.param_groups:
            g['lr'] = 1e-3 * min(1, step / 200) * 0.5 * (1 + np.cos(np.pi * step / a.steps))
        lat, traj, _, _, _ = (torch.from_numpy(x) for x in ds.sample_windows(rng, 'train', B, K, cfg.future_steps))
        ctx, sigma = add_context_noise(lat[:, :K], dyn.lat_std, cfg.max_noise, gen)
        y = (lat[:, 1:] - ctx) / dyn.lat_std / dyn.delta_std
        x0, t = torch.randn(y.shape, generator=gen), torch.rand(B, K, generator=gen)
        tt = t.view(B, K, 1, 1, 1)
        drop = torch.rand(B, generator=gen) < cfg.history_dropout if cfg.history_dropout > 0 else None
        loss = Fn.mse_loss(dyn.velocity(ctx, traj, sigma, (1 - tt) * x0 + tt * y, t, drop), y - x0)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(dyn.parameters(), 1.0)
        opt.step()
        if step % 200 == 0 or step == a.steps:
            print(f'step {step} loss {loss.item():.4f} {time.time() - t0:.0f} s', flush=True)
    torch.save({'model': dyn.state_dict(), 'config': cfg.__dict__}, os.path.join(a.run, 'flow.pt'))


def judge(a):
    torch.set_num_threads(a.threads)
    tok = load_tokenizer(a.tokenizer)
    known = DynamicsConfig.__dataclass_fields__
    if a.mean:
        ck = torch.load(a.run)
        dyn = Dynamics(DynamicsConfig(**{k: v for k, v in ck['config'].items() if k in known}))
        step_fn = lambda ctx, traj, gen: dyn(ctx, traj, None, torch.zeros(ctx.shape[0]))[:, -1]  # noqa: E731
    else:
        ck = torch.load(os.path.join(a.run, 'flow.pt'))
        dyn = FlowDynamics(DynamicsConfig(**{k: v for k, v in ck['config'].items() if k in known}))
        step_fn = lambda ctx, traj, gen: dyn.sample(ctx, traj, a.euler, gen)  # noqa: E731
    dyn.load_state_dict(ck['model'])
    dyn.eval()
    K, gen = dyn.cfg.context, torch.Generator().manual_seed(a.seed)
    ctx_px = np.load(os.path.join(a.pairs, 'control_context.npy'))                        # (P,2,K,H,W,3)
    trj = torch.from_numpy(np.load(os.path.join(a.pairs, 'control_trajectory.npy')))      # (P,2,K+h-1,F,4)
    ref = torch.from_numpy(np.load(os.path.join(a.pairs, 'control_reference.npy'))).float()  # (P,2,h,H,W,3)
    kind = torch.from_numpy(np.load(os.path.join(a.pairs, 'control_kind.npy')))
    P, _, Hc = ref.shape[:3]
    shape = ref.shape[3:]
    with torch.no_grad():
        z = tok.encoder(torch.from_numpy(ctx_px).float().flatten(0, 2) / 255)
        z = z.view(P * 2, K, *z.shape[1:])
        ctx, zs, t2 = z, [], trj.flatten(0, 1)
        for h in range(1, Hc + 1):
            nxt = step_fn(ctx, t2[:, h - 1:h - 1 + K], gen)
            ctx = torch.cat([ctx[:, 1:], nxt[:, None]], 1)
            zs.append(nxt)
        pred = (tok.decoder(torch.stack(zs, 1).flatten(0, 1)).clamp(0, 1) * 255).round().view(P, 2, Hc, *shape)
    # eval-model's rule (model/eval/controllability.ts): closer to its own plan's reference frames
    d = lambda x, y: ((x - y) ** 2).mean(dim=(2, 3, 4)).mean(1)  # noqa: E731
    sep = (10 * torch.log10(255 ** 2 / ((ref[:, 0] - ref[:, 1]) ** 2).mean(dim=(2, 3, 4)).clamp_min(1e-10))).clamp(max=100).mean(1)
    informative = sep <= 45
    ok = (d(pred[:, 0], ref[:, 1]) > d(pred[:, 0], ref[:, 0])).float() + (d(pred[:, 1], ref[:, 0]) > d(pred[:, 1], ref[:, 1])).float()
    diff = (ref[:, 1] - ref[:, 0]).flatten(1)
    position = lambda p: ((p - ref[:, 0]).flatten(1) * diff).sum(1) / (diff * diff).sum(1).clamp_min(1e-9)  # noqa: E731
    pa, pb = position(pred[:, 0]), position(pred[:, 1])
    out = {'run': a.run, 'euler': None if a.mean else a.euler}
    for name, sel in (('all', informative), ('brake/accelerate', informative & (kind == 0)), ('lanes', informative & (kind == 1))):
        out[name] = {'correct %': round(100 * float(ok[sel].sum() / (2 * sel.sum().clamp_min(1))), 1),
                     'median positions': [round(float(pa[sel].median()), 2), round(float(pb[sel].median()), 2)]}
    mse = ((pred[:, 0] - ref[:, 0]) ** 2).mean(dim=(2, 3, 4)).clamp_min(1e-3)                  # plan A, (P,h)
    out['psnr plan A h1/5/10/20'] = [round(float((10 * torch.log10(255 ** 2 / mse[:, h - 1])).mean()), 2) for h in (1, 5, 10, 20) if h <= Hc]
    print(json.dumps(out))


if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest='cmd', required=True)
    t = sub.add_parser('train')
    t.add_argument('data')
    t.add_argument('tokenizer', help='a train.py run folder with tokenizer.pt')
    t.add_argument('run')
    t.add_argument('--steps', type=int, default=6000)
    t.add_argument('--history-dropout', type=float, default=0.0)
    t.add_argument('--threads', type=int, default=2)
    j = sub.add_parser('judge')
    j.add_argument('tokenizer')
    j.add_argument('pairs', help='control-pairs-export.js output')
    j.add_argument('run', help='a flow run folder, or with --mean a train.py dynamics.pt')
    j.add_argument('--mean', action='store_true')
    j.add_argument('--euler', type=int, default=4)
    j.add_argument('--seed', type=int, default=0)
    j.add_argument('--threads', type=int, default=2)
    a = p.parse_args()
    train(a) if a.cmd == 'train' else judge(a)
