"""The training loop shared by both stages: fixed seed, progress, evaluation, resumable checkpoints.

A checkpoint holds the model, the optimiser, the step, the loss curve and every random state (numpy
sampler, torch generator), and it is written atomically; a resumed run therefore draws the same
batches and noise as an uninterrupted one and continues the same loss curve.
"""
import json
import math
import os
import time

import numpy as np
import torch


def lr_at(step, steps, lr, warmup):
    """Linear warm-up then cosine decay to 10 % of lr (nanoGPT's schedule)."""
    if step < warmup:
        return lr * (step + 1) / warmup
    progress = min(1.0, (step - warmup) / max(1, steps - warmup))
    return lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress)))


def fmt_s(s):
    s = int(s)
    return f'{s // 3600}h{s // 60 % 60:02d}m' if s >= 3600 else f'{s // 60}m{s % 60:02d}s'


def save_atomic(obj, path):
    tmp = path + '.tmp'
    torch.save(obj, tmp)
    os.replace(tmp, path)


def run_stage(name, model, ckpt_path, curve_path, steps, lr, train_step, evaluate, seed,
              eval_every, log_every=10, time_budget_s=None, extra_state=None, warmup=50, log=print,
              stop_at=None):
    """Train `model` for `steps` optimiser steps, resuming from ckpt_path when it exists.

    train_step(rng, gen) -> scalar loss tensor (draws its batch from rng, its noise from gen);
    evaluate() -> dict of floats, 'loss' first. stop_at: leave at this step as if interrupted (tests
    resuming). Returns the curve dict saved to curve_path."""
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01, betas=(0.9, 0.95))
    rng, gen = np.random.default_rng(seed), torch.Generator().manual_seed(seed)
    curve = {'stage': name, 'train': [], 'val': [], 'seconds': 0.0}
    step = 0
    if os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path)
        model.load_state_dict(ck['model'])
        opt.load_state_dict(ck['opt'])
        rng.bit_generator.state = ck['rng']
        gen.set_state(ck['gen'])
        curve, step = ck['curve'], ck['step']
        log(f'{name}: resumed at step {step} from {ckpt_path}')

    def checkpoint():
        save_atomic({'model': model.state_dict(), 'opt': opt.state_dict(), 'rng': rng.bit_generator.state,
                     'gen': gen.get_state(), 'curve': curve, 'step': step, **(extra_state or {})}, ckpt_path)
        with open(curve_path, 'w') as f:
            json.dump(curve, f, indent=1)

    if step == 0:  # the untrained model's val loss: the curve's first point
        model.eval()
        with torch.no_grad():
            curve['val'].append([0, evaluate()])
    t0, start_step, window = time.time(), step, []
    base_seconds = curve['seconds']
    while step < steps:
        if time_budget_s is not None and time.time() - t0 > time_budget_s:
            log(f'{name}: time budget reached at step {step}/{steps}')
            break
        if stop_at is not None and step >= stop_at:
            log(f'{name}: stopping at step {step} (--stop-at)')
            break
        for g in opt.param_groups:
            g['lr'] = lr_at(step, steps, lr, warmup)
        model.train()
        loss = train_step(rng, gen)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        window.append(loss.item())
        curve['seconds'] = base_seconds + time.time() - t0
        if step % log_every == 0 or step == steps:
            curve['train'].append([step, float(np.mean(window))])
            window = []
        if step % eval_every == 0 or step == steps:
            model.eval()
            with torch.no_grad():
                metrics = evaluate()
            curve['val'].append([step, metrics])
            checkpoint()
        if step % log_every == 0 or step == steps:
            rate = (step - start_step) / max(1e-9, time.time() - t0)
            val = curve['val'][-1][1] if curve['val'] else {}
            val_txt = ' '.join(f'{k} {v:.4g}' for k, v in val.items())
            log(f'{name} step {step}/{steps} loss {curve["train"][-1][1]:.4g} | val {val_txt} | '
                f'{rate:.2f} it/s eta {fmt_s((steps - step) / max(rate, 1e-9))}', flush=True)
    curve['steps_per_s'] = (step - start_step) / max(1e-9, time.time() - t0)
    curve['steps_done'] = step
    checkpoint()
    return curve
