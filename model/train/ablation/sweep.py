"""One dynamics variant trained and judged on a packed latent subset (pack_latents.py), on CUDA when
there is one, else CPU. Appends its result to OUTDIR/results.jsonl.

usage: sweep.py PACKDIR OUTDIR NAME STEPS [norm=0|1] [patch=0|1] [noise=S] [unroll=U] [layers=L] [lr=X]
                [hist=P] [adaln=0|1] [ctx=K] [man=P] [dim=D] [seed=S] [pix=W] [pixft=N] [ftlr=X] [budget=S]
                [patch_cells=P]

The latent grid and channels are the pack's (8x8x16 or 16x16x8); a token covers patch_cells^2
latent cells (a quarter of the grid's side unless given: 16 tokens per frame).

pix=W adds W x the decoded prediction's mean square pixel error (model.decoded_loss) to every step's
loss; with pixft=N it is added only in N fine-tuning steps after the STEPS (their own warm-up and
cosine from ftlr, 5e-4 unless given). budget=S (seconds) shortens the planned steps of each phase,
from its measured rate after 50 steps, so that training ends in time; the steps done are recorded.

Judged on the pack's test episodes, ungrounded, 50-step rollouts from frames 0..K-1: PSNR per horizon of
the decoded prediction against the decoded true latents (the tokenizer ceiling is not counted against
the model) next to copy-last-frame, and a controllability proxy: how often the rollout given the
episode's own ego trajectory is closer to the truth than the rollout given another episode's.
When the pack holds control.npz (pack_latents.py CONTROL), also eval-model's controllability on
those pairs: each plan's rollout decoded directly and anchored (a = b = 1), scored by
model/eval/controllability.ts's rule, per pair kind.

man=P draws a share P of the training windows from the manoeuvre-rich fifth (largest |lateral
offset| + |yaw| + |acceleration| over the predicted steps, each over its spread), the rest uniformly."""
import json, os, sys, time
import numpy as np, torch, torch.nn.functional as Fn
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from data import manoeuvre_windows
from model import Dynamics, DynamicsConfig, Decoder, TokenizerConfig, decoded_loss, dynamics_loss, unrolled_loss

here, out, name, steps = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
kv = dict(a.split('=') for a in sys.argv[5:])
opt = {'traj_norm': kv.get('norm', '0') == '1', 'traj_to_patches': kv.get('patch', '0') == '1',
       'max_noise': float(kv.get('noise', '0.7')), 'layers': int(kv.get('layers', '3')),
       'unroll': int(kv.get('unroll', '1')), 'history_dropout': float(kv.get('hist', '0')),
       'adaln': kv.get('adaln', '0') == '1', 'context': int(kv.get('ctx', '4')),
       'dim': int(kv.get('dim', '128'))}
unroll = opt['unroll']; man = float(kv.get('man', '0')); lr = float(kv.get('lr', '2e-3')); batch = int(kv.get('batch', '32'))
dev = 'cuda' if torch.cuda.is_available() else 'cpu'
torch.set_num_threads(1)
seed = int(kv.get('seed', '1'))
torch.manual_seed(seed)
P = np.load(os.path.join(here, 'pack.npz'))
lat = torch.from_numpy(P['q']).to(dev).float() * torch.from_numpy(P['scale']).to(dev).view(1, 1, -1, 1, 1) \
    + torch.from_numpy(P['lo']).to(dev).view(1, 1, -1, 1, 1)          # (E,T,C,h,w)
fut = torch.from_numpy(P['future']).to(dev); val = torch.from_numpy(P['valid']).to(dev).float()[..., None]
traj_all = torch.cat([fut * val, val], -1)                            # (E,T,F,4)
split = torch.from_numpy(P['split']).to(dev)
tr, te = torch.nonzero(split == 0)[:, 0], torch.nonzero(split == 2)[:, 0]
E, T = lat.shape[:2]
C_lat, S_lat = lat.shape[2], lat.shape[-1]                           # the pack's tokenizer: 8x8x16 or 16x16x8
cfg = DynamicsConfig(latent_channels=C_lat, latent_size=S_lat, patch=int(kv.get('patch_cells', S_lat // 4)), **opt)
K = cfg.context
dyn = Dynamics(cfg).to(dev)
dyn.lat_mean.copy_(lat[tr].mean(dim=(0, 1, 3, 4)).view(1, 1, -1, 1, 1))
dyn.lat_std.copy_((lat[tr].std(dim=(0, 1, 3, 4)) + 1e-3).view(1, 1, -1, 1, 1))
m = val[tr][..., 0] > 0
f = fut[tr]
dyn.traj_std.copy_(torch.tensor([f[..., 0][m].std(), f[..., 1][m].std(), f[..., 2][m].std(), 1.0], device=dev).view(1, 1, 1, 4))
optim = torch.optim.AdamW(dyn.parameters(), lr=lr, weight_decay=0.01)
gen = torch.Generator(device='cpu').manual_seed(seed + 1)
W = K + unroll


def manoeuvre_rows(rows):
    """(episode, start) of the manoeuvre-rich fifth of the windows (data.manoeuvre_windows), judged
    from the window's first predicted step on."""
    e, s0 = manoeuvre_windows(fut[rows].cpu().numpy(), val[rows][..., 0].cpu().numpy(), K - 1, W - 1, T - W)
    return rows[torch.from_numpy(e).to(dev)], torch.from_numpy(s0).to(dev)


man_rows, man_s0 = manoeuvre_rows(tr) if man > 0 else (None, None)


def sample(n, rows):
    r = rows[torch.randint(len(rows), (n,), generator=gen).to(dev)]
    s0 = torch.randint(T - W, (n,), generator=gen).to(dev)
    if man > 0:
        pick = torch.randint(len(man_rows), (n,), generator=gen).to(dev)
        use = (torch.rand(n, generator=gen) < man).to(dev)
        r = torch.where(use, man_rows[pick], r); s0 = torch.where(use, man_s0[pick], s0)
    idx = s0[:, None] + torch.arange(W, device=dev)[None]
    return lat[r[:, None], idx], traj_all[r[:, None], idx[:, :W - 1]]


tc = TokenizerConfig(**torch.load(os.path.join(here, 'decoder.pt'))['config'])
dec = Decoder(tc).to(dev); dec.load_state_dict(torch.load(os.path.join(here, 'decoder.pt'))['decoder']); dec.eval()
dec.requires_grad_(False)
pix, pixft, ftlr = float(kv.get('pix', '0')), int(kv.get('pixft', '0')), float(kv.get('ftlr', '5e-4'))
budget = float(kv.get('budget', '0'))
t_start = time.time()


def train_phase(steps, lr, extra, curve, share):
    """steps of warm-up and cosine from lr; returns the steps done (fewer when budget says so)."""
    deadline = t_start + share * budget
    warm = min(200, steps // 10)
    it, t0 = 0, time.time()
    while it < steps:
        it += 1
        lr_now = lr * min(1, it / warm) * 0.5 * (1 + np.cos(np.pi * min(1, it / steps)))
        for g in optim.param_groups:
            g['lr'] = lr_now
        L, Tr = sample(batch, tr)
        loss = unrolled_loss(dyn, L, Tr, None, gen, extra=extra)
        optim.zero_grad(); loss.backward(); torch.nn.utils.clip_grad_norm_(dyn.parameters(), 1.0); optim.step()
        if it % max(1, steps // 20) == 0:
            curve.append((it, float(loss.detach())))
        if budget > 0 and it == 50:
            fit = int(50 + (deadline - time.time()) / ((time.time() - t0) / 50))
            steps = max(min(100, steps), min(steps, fit))
    return it


curve, ft_curve = [], []
pixel = decoded_loss(dec, pix) if pix > 0 else None
steps_done = train_phase(steps, lr, None if pixft > 0 else pixel, curve, 0.55 if pixft > 0 else 1.0)
ft_done = 0
if pixft > 0:
    optim = torch.optim.AdamW(dyn.parameters(), lr=ftlr, weight_decay=0.01)
    ft_done = train_phase(pixft, ftlr, pixel, ft_curve, 1.0)
train_s = time.time() - t_start

# ---- evaluation on the test episodes: 50-step rollouts from frames 0..3, ungrounded ----
dyn.eval()
H = 50


@torch.no_grad()
def rollout(rows, traj_rows):
    ctx = lat[rows, :K]
    preds = []
    for h in range(1, H + 1):
        s = torch.arange(h - 1, h - 1 + K, device=dev)
        nxt = dyn(ctx, traj_all[traj_rows][:, s], None, torch.zeros(len(rows), device=dev))[:, -1]
        ctx = torch.cat([ctx[:, 1:], nxt[:, None]], 1)
        preds.append(nxt)
    return torch.stack(preds, 1)                                      # (B,H,C,8,8)


@torch.no_grad()
def decode(z):
    return torch.cat([dec(z[i:i + 256]) for i in range(0, len(z), 256)])


def psnr_h(a, b):                                                     # (B,H,64,64,3) -> (H,)
    mse = ((a - b) ** 2).mean(dim=(2, 3, 4)).clamp_min(1e-10)
    return (10 * torch.log10(1 / mse)).mean(0)


with torch.no_grad():
    B = len(te)
    own = rollout(te, te)
    perm = te.roll(1)
    swap = rollout(te, perm)
    truth = decode(lat[te, K:K + H].flatten(0, 1)).view(B, H, 64, 64, 3)
    p_own = decode(own.flatten(0, 1)).view(B, H, 64, 64, 3)
    p_swap = decode(swap.flatten(0, 1)).view(B, H, 64, 64, 3)
    last = decode(lat[te, K - 1]).view(B, 1, 64, 64, 3).expand(B, H, 64, 64, 3)
    ps_model, ps_copy = psnr_h(p_own, truth), psnr_h(last, truth)
    e_own = ((p_own - truth) ** 2).mean(dim=(2, 3, 4)); e_swap = ((p_swap - truth) ** 2).mean(dim=(2, 3, 4))
    ctrl = {f'h{h}': float((e_own[:, :h].mean(1) < e_swap[:, :h].mean(1)).float().mean()) for h in (5, 10, 20, 50)}
    sens = float(((p_own - p_swap) ** 2).mean() / ((truth - last) ** 2).mean())
    # 1-step teacher-forced loss on test windows
    L = torch.stack([lat[te, s:s + K + 1] for s in range(0, T - K - 1, 8)], 1).flatten(0, 1)
    Tr = torch.stack([traj_all[te, s:s + K] for s in range(0, T - K - 1, 8)], 1).flatten(0, 1)
    one = float(dynamics_loss(dyn(L[:, :K], Tr, None, torch.zeros(len(L), device=dev)), L[:, 1:], dyn.lat_std))
    copy1 = float(dynamics_loss(L[:, :K], L[:, 1:], dyn.lat_std))

control = {}
cpath = os.path.join(here, 'control.npz')
if os.path.exists(cpath):
    C = np.load(cpath)
    P2 = C['kind'].shape[0] * 2
    Hc = C['reference'].shape[2]
    cl = torch.from_numpy(C['context_latents']).to(dev).flatten(0, 1)[:, -K:]      # (2P,K,C,8,8)
    ct = torch.from_numpy(C['trajectory']).to(dev).flatten(0, 1)                   # (2P,rows,F,4)
    ct = ct[:, ct.shape[1] - (K + Hc - 1):]
    ref = torch.from_numpy(C['reference']).to(dev).float().flatten(0, 1)          # (2P,Hc,64,64,3)
    last = torch.from_numpy(C['last']).to(dev).float().flatten(0, 1)[:, None]
    last_dec = torch.from_numpy(C['last_decoded']).to(dev).float().flatten(0, 1)[:, None]
    with torch.no_grad():
        ctx, zs = cl, []
        for h in range(1, Hc + 1):
            nxt = dyn(ctx, ct[:, h - 1:h - 1 + K], None, torch.zeros(P2, device=dev))[:, -1]
            ctx = torch.cat([ctx[:, 1:], nxt[:, None]], 1); zs.append(nxt)
        dec_px = (decode(torch.stack(zs, 1).flatten(0, 1)).view(P2, Hc, 64, 64, 3) * 255).round()
    kinds = torch.from_numpy(C['kind']).to(dev)

    def score(pred):
        pred = pred.clamp(0, 255).round().view(-1, 2, Hc, 64, 64, 3); r = ref.view(-1, 2, Hc, 64, 64, 3)
        d = lambda a, b: ((a - b) ** 2).mean(dim=(2, 3, 4)).mean(1)  # noqa: E731  mean over frames of per-frame MSE
        sep = (10 * torch.log10(255 ** 2 / ((r[:, 0] - r[:, 1]) ** 2).mean(dim=(2, 3, 4)).clamp_min(1e-10))).clamp(max=100).mean(1)
        inf = sep <= 45
        mA = d(pred[:, 0], r[:, 1]) - d(pred[:, 0], r[:, 0]); mB = d(pred[:, 1], r[:, 0]) - d(pred[:, 1], r[:, 1])
        ok = ((mA > 0).float() + (mB > 0).float())
        out = {}
        for kname, sel in (('all', inf), ('lon', inf & (kinds == 0)), ('lat', inf & (kinds == 1))):
            out[kname] = float(ok[sel].sum() / (2 * sel.sum().clamp_min(1)))
        out['lat_margin'] = float((mA + mB)[inf & (kinds == 1)].sum())
        return out
    control = {'direct': score(dec_px), 'anchored': score(last + dec_px - last_dec), 'pairs': int(P2 // 2)}

res = {'name': name, 'control': control, 'man': man, 'seed': seed, 'steps': steps_done, 'steps_planned': steps, 'pix': pix,
       'pixft': ft_done, 'pixft_planned': pixft, 'ftlr': ftlr, 'ft_curve': ft_curve, 'opt': opt, 'unroll': unroll, 'lr': lr, 'batch': batch, 'train_s': train_s,
       'one_step': one, 'one_step_copy': copy1, 'ctrl_swap': ctrl, 'sensitivity': sens,
       'psnr_model': {f'h{h}': float(ps_model[h - 1]) for h in (1, 2, 5, 10, 20, 30, 50)},
       'psnr_copy': {f'h{h}': float(ps_copy[h - 1]) for h in (1, 2, 5, 10, 20, 30, 50)},
       'beats_copy_upto': int(next((h for h in range(H) if ps_model[h] < ps_copy[h]), H)),
       'curve': curve}
print(json.dumps({k: v for k, v in res.items() if k not in ('curve', 'ft_curve')}))
with open(os.path.join(out, 'results.jsonl'), 'a') as fh:
    fh.write(json.dumps(res) + '\n')
torch.save({'config': cfg.__dict__, 'model': dyn.state_dict()}, os.path.join(out, name + '.pt'))
