"""Dataset access for world-model training, numpy only (no torch import here).

Reads a folder written by `dreamdrive dataset` (see model/dataset/FORMAT.md). Frames stay
memory-mapped (a 2000-episode x 200-frame set is ~5 GB of uint8); the small arrays (future, layout)
are loaded into RAM. Two kinds of samples:

- frames: single RGB frames of one split, for the tokenizer (stage 1);
- windows: K+1 consecutive frames of one episode, for the dynamics (stage 2). For a window ending at
  target frame t+1, input step i (i = 0..K-1) is frame s = t-K+1+i and is paired with
  the ego's future deltas at s (`future[s, :F]`, the planned motion from s to s+1..s+F, ego frame at s)
  and the layout at s+1 (actors at the frame being predicted, ego frame at s+1). The model predicts
  frame s+1 from frames <= s, so one window yields K supervised predictions (teacher forcing).

Latent cache: stage 2 trains on latents of the frozen tokenizer, computed once per dataset and
tokenizer and stored as `DIR/latents/<tag>/shard_NNNNN.npy`, (E, T, C, h, w) float16, next to
the shards (the generator's resume check only looks at the files it lists, so extra folders are safe).
"""
import json
import os

import numpy as np

SPLIT_IDS = {'train': 0, 'val': 1, 'test': 2}
# Future steps given to the dynamics per frame: 0.4 s of plan at 10 Hz. The next frame only depends
# on the first step, the rest tells the model where the ego is heading (intent, for turns/brakes).
DEFAULT_FUTURE_STEPS = 4
LAYOUT_FEATURES = 7


def load_npy(path, mmap=False):
    """np.load that never unpickles (the dataset is plain NPY v1.0)."""
    return np.load(path, allow_pickle=False, mmap_mode='r' if mmap else None)


def manoeuvre_windows(future, valid, first, last, starts):
    """(episode indices, start steps) of the fifth of windows whose ego moves most unusually: future
    (E,T,F,3) and valid (E,T,F) the planned motion per step; a window starting at s0 (starts per
    episode) scores the largest, over its rows s0+first..s0+last-1, |acceleration| + |lateral offset| +
    |yaw| at step F, each divided by its spread. Ties go to earlier windows."""
    f = future * valid[..., None]
    F = f.shape[2]
    parts = (np.abs(f[..., 3, 0] - 2 * f[..., 1, 0]) if F >= 4 else np.zeros(f.shape[:2]),
             np.abs(f[..., -1, 1]), np.abs(f[..., -1, 2]))             # 4 a dt^2, dy and dyaw at step F
    score = sum(x / (x.std() + 1e-6) for x in parts)                   # (E, T)
    win = np.max(np.stack([score[:, j:j + starts] for j in range(first, last)]), axis=0)   # (E, starts)
    top = np.argsort(-win, axis=None, kind='stable')[:max(1, win.size // 5)]
    return np.unravel_index(np.sort(top), win.shape)


class DreamDataset:
    """All shards of one dataset folder; arrays indexed by (episode row, frame)."""

    def __init__(self, root):
        self.root = root
        with open(os.path.join(root, 'manifest.json')) as f:
            m = json.load(f)
        if m.get('format') != 'dreamdrive-dataset' or m.get('formatVersion') != 1:
            raise ValueError(f'{root}/manifest.json is not a dreamdrive dataset v1')
        if not m.get('complete'):
            raise ValueError(f'{root} is incomplete (manifest.complete is false): rerun `dreamdrive dataset`')
        self.manifest = m
        self.shard_names = [s['name'] for s in m['shards']]
        self.frames = [load_npy(os.path.join(root, n, 'frames.npy'), mmap=True) for n in self.shard_names]
        cat = lambda name: np.concatenate([load_npy(os.path.join(root, n, name)) for n in self.shard_names])
        self.future = cat('future.npy')                              # (E, T, 10, 3) f32
        self.future_valid = cat('future_valid.npy').astype(np.float32)  # (E, T, 10)
        self.layout = cat('layout.npy')                              # (E, T, 16, 7) f32
        self.split = cat('split.npy')                                # (E,) u1
        # row -> (shard, row in shard)
        self.where = [(si, r) for si, fr in enumerate(self.frames) for r in range(fr.shape[0])]
        _, self.T, self.H, self.W, _ = self.frames[0].shape
        self.latents = None
        self.warped = None
        self.actor_cells = None
        self._starts = {}

    @property
    def episodes(self):
        return len(self.where)

    def rows(self, split):
        """Episode rows of a split ('train', 'val', 'test')."""
        return np.nonzero(self.split == SPLIT_IDS[split])[0]

    def frame_block(self, row, start, stop):
        """(stop-start, H, W, 3) uint8 frames of one episode."""
        si, r = self.where[row]
        return np.asarray(self.frames[si][r, start:stop])

    # ---- stage 1: frames ------------------------------------------------------------------------
    def sample_frames(self, rng, split, n):
        """(n, H, W, 3) uint8 random frames of a split."""
        rows = self.rows(split)
        if len(rows) == 0:
            raise ValueError(f'split {split!r} of {self.root} has no episodes')
        picks = zip(rng.choice(rows, n), rng.integers(0, self.T, n))
        return np.stack([self.frame_block(r, t, t + 1)[0] for r, t in picks])

    def fixed_frames(self, split, n):
        """Deterministic evaluation frames: evenly spaced over the split's episodes and time."""
        rows = self.rows(split)
        idx = np.linspace(0, len(rows) * self.T - 1, n).astype(int)
        return np.stack([self.frame_block(rows[i // self.T], i % self.T, i % self.T + 1)[0] for i in idx])

    # ---- stage 2: windows of latents ------------------------------------------------------------
    def window_starts(self, split, k):
        """All (row, s0) with frames s0..s0+k in range: the context s0..s0+k-1, last target s0+k.
        Memoised: a 1000-episode split has ~10^5 windows and this is called for every batch."""
        key = (split, k)
        if key not in self._starts:
            self._starts[key] = [(r, s0) for r in self.rows(split) for s0 in range(self.T - k)]
        return self._starts[key]

    def window(self, row, s0, k, future_steps=DEFAULT_FUTURE_STEPS):
        """One training window from cached latents.

        Returns latents (K+1, C, h, w) f32 (inputs are [:K], targets [1:]), trajectory (K, F, 4) f32
        (dx, dy, dyaw, valid per future step), layout (K, M, 7) f32 (at the predicted frames), the
        warp delta of the inputs (K, C, h, w) f32 when warped latents are attached (else zeros), and
        each frame's share of actor-coloured pixels per latent cell (K+1, h, w) f32 when actor cells
        are attached (else zeros)."""
        if self.latents is None:
            raise RuntimeError('latents are not loaded: call attach_latents() first')
        si, r = self.where[row]
        lat = np.asarray(self.latents[si][r, s0:s0 + k + 1], dtype=np.float32)
        fut = self.future[row, s0:s0 + k, :future_steps]
        val = self.future_valid[row, s0:s0 + k, :future_steps, None]
        traj = np.concatenate([fut * val, val], axis=-1)
        lay = self.layout[row, s0 + 1:s0 + k + 1]
        warp = (np.zeros_like(lat[:k]) if self.warped is None
                else np.asarray(self.warped[si][r, s0:s0 + k], dtype=np.float32) - lat[:k])
        actors = (np.zeros_like(lat[:, 0]) if self.actor_cells is None
                  else np.asarray(self.actor_cells[si][r, s0:s0 + k + 1], dtype=np.float32))
        return lat, traj, lay, warp, actors

    def batch_windows(self, items, k, future_steps=DEFAULT_FUTURE_STEPS):
        parts = [self.window(r, s0, k, future_steps) for r, s0 in items]
        return tuple(np.stack(p) for p in zip(*parts))

    def manoeuvre_starts(self, split, k, first, future_steps=DEFAULT_FUTURE_STEPS):
        """manoeuvre_windows over window_starts(split, k), the model judged from input step `first`
        on. Lane changes, swerves, hard braking and curves are a small share of the driving; a sampler
        that over-draws them makes the trajectory matter to the loss (ablation/README.md, session 8).
        Memoised like window_starts."""
        key = ('manoeuvre', split, k, first, future_steps)
        if key not in self._starts:
            rows = self.rows(split)
            e, s0 = manoeuvre_windows(self.future[rows, :, :future_steps], self.future_valid[rows, :, :future_steps],
                                      first, k, self.T - k)
            self._starts[key] = [(int(rows[i]), int(t)) for i, t in zip(e, s0)]
        return self._starts[key]

    def sample_windows(self, rng, split, n, k, future_steps=DEFAULT_FUTURE_STEPS, manoeuvre_share=0.0, first=0):
        """n random windows; with manoeuvre_share > 0 that share is drawn from manoeuvre_starts (judged
        from input step `first` on) instead. With 0, the draws are as they always were."""
        starts = self.window_starts(split, k)
        if not starts:
            raise ValueError(f'split {split!r} has no windows of {k + 1} frames (T = {self.T})')
        picks = [starts[i] for i in rng.integers(0, len(starts), n)]
        if manoeuvre_share > 0:
            rich = self.manoeuvre_starts(split, k, first, future_steps)
            use = rng.random(n) < manoeuvre_share
            picks = [rich[j] if u else p for p, u, j in zip(picks, use, rng.integers(0, len(rich), n))]
        return self.batch_windows(picks, k, future_steps)

    def fixed_windows(self, split, n, k, future_steps=DEFAULT_FUTURE_STEPS):
        starts = self.window_starts(split, k)
        idx = np.linspace(0, len(starts) - 1, min(n, len(starts))).astype(int)
        return self.batch_windows([starts[i] for i in idx], k, future_steps)

    # ---- latent cache ---------------------------------------------------------------------------
    def latent_dir(self, tag):
        return os.path.join(self.root, 'latents', tag)

    def attach_latents(self, tag):
        d = self.latent_dir(tag)
        self.latents = [load_npy(os.path.join(d, n + '.npy'), mmap=True) for n in self.shard_names]

    def cache_latents(self, tag, encode, batch=256, log=print):
        """Encode every frame once with `encode(uint8 (B,H,W,3)) -> (B,C,h,w) float` and save per shard.

        Skips shards already cached (file present with the right episode count); writes to a temp file
        then renames, so an interrupted run never leaves a truncated cache."""
        self._cache(tag, lambda frames, motion: encode(frames), batch, log)
        self.attach_latents(tag)

    def cache_warped(self, tag, encode_warped, batch=256, log=print):
        """As cache_latents, for `encode_warped(uint8 (B,H,W,3), motion (B,3)) -> (B,C,h,w)`: each frame
        encoded after reprojection by the ego's motion to the next frame (future[:, :, 0], zero where
        invalid), stored as latents/<tag>-warp; attached as `warped`."""
        self._cache(tag + '-warp', encode_warped, batch, log)
        d = self.latent_dir(tag + '-warp')
        self.warped = [load_npy(os.path.join(d, n + '.npy'), mmap=True) for n in self.shard_names]

    def cache_actor_cells(self, grid, actor_share, batch=256, log=print):
        """As cache_latents, for `actor_share(uint8 (B,H,W,3)) -> (B,grid,grid)`: each latent cell's share
        of actor-coloured pixels (no tokenizer involved: latents/actors-<grid>); attached as `actor_cells`."""
        tag = f'actors-{grid}'
        self._cache(tag, lambda frames, motion: actor_share(frames), batch, log)
        d = self.latent_dir(tag)
        self.actor_cells = [load_npy(os.path.join(d, n + '.npy'), mmap=True) for n in self.shard_names]

    def _cache(self, tag, encode, batch, log):
        d = self.latent_dir(tag)
        os.makedirs(d, exist_ok=True)
        motion = (self.future[:, :, 0] * self.future_valid[:, :, 0, None]).astype(np.float32)  # (E, T, 3)
        first = 0
        for name, fr in zip(self.shard_names, self.frames):
            rows = slice(first, first + fr.shape[0])
            first += fr.shape[0]
            path = os.path.join(d, name + '.npy')
            if os.path.exists(path) and load_npy(path, mmap=True).shape[0] == fr.shape[0]:
                continue
            flat = fr.reshape(-1, self.H, self.W, 3)
            moves = motion[rows].reshape(-1, 3)
            out = np.concatenate([encode(np.array(flat[i:i + batch]), moves[i:i + batch]) for i in range(0, len(flat), batch)])
            out = out.reshape(fr.shape[0], fr.shape[1], *out.shape[1:]).astype(np.float16)
            tmp = path + '.tmp.npy'
            np.save(tmp, out)
            os.replace(tmp, path)
            log(f'cached {tag} {name}: {out.shape}')


class RolloutPairs:
    """A folder written by `dreamdrive model-rollouts`: the runtime's grounded and ungrounded frames
    (pred.npy, free.npy), the reprojected last real frame (warped.npy) and the reference frames
    (truth.npy), all (N,H,64,64,3) uint8 and memory-mapped, the reference frames' class maps
    (classes.npy, (N,H,64,64) uint8 semantic ids; absent in folders written before session 13) and
    each frame's layout (layout.npy, (N,H,M,7) float32), for the layout refiner (refiner.py)."""

    def __init__(self, root):
        self.root = root
        meta = os.path.join(root, 'rollouts.json')
        if not os.path.exists(meta):
            raise ValueError(f'{root} has no rollouts.json: write it with `dreamdrive model-rollouts --out {root}`')
        with open(meta) as f:
            self.meta = json.load(f)
        self.frames = {name: load_npy(os.path.join(root, f'{name}.npy'), mmap=True) for name in ('pred', 'free', 'warped', 'truth')}
        self.layout = load_npy(os.path.join(root, 'layout.npy'))
        classes = os.path.join(root, 'classes.npy')
        self.classes = load_npy(classes, mmap=True) if os.path.exists(classes) else None
        shape = self.frames['pred'].shape
        if self.classes is not None and self.classes.shape != shape[:4]:
            raise ValueError(f'{root}: classes {self.classes.shape} must be (N,H,64,64) as the frames {shape}')
        N, H = shape[:2]
        if any(a.shape != shape for a in self.frames.values()) or self.layout.shape[:2] != (N, H) or self.layout.shape[-1] != LAYOUT_FEATURES:
            raise ValueError(f'{root}: ' + ', '.join(f'{k} {a.shape}' for k, a in self.frames.items()) +
                             f' and layout {self.layout.shape} must be (N,H,64,64,3) and (N,H,M,{LAYOUT_FEATURES})')
        self.n = N * H

    def pairs(self, flat, grounded, warped=True, classes=False):
        """(shown, warped, truth, layout) of flat indices episode * H + step: uint8 x 3, float32; the
        grounded camera's frames with the layout where `grounded` (bool per index), else the ungrounded
        ones with an empty layout (class -1). Each frame is read from the one array it is needed from;
        with warped=False the reprojected frames are not read at all (None). With classes=True a fifth
        item, the reference frames' class maps (uint8 semantic ids)."""
        order = np.argsort(flat, kind='stable')
        e, h = np.divmod(np.asarray(flat)[order], self.frames['pred'].shape[1])
        g = np.asarray(grounded, bool)[order]
        take = lambda names: np.stack([self.frames[name][a, b] for name, a, b in zip(names, e, h)])  # noqa: E731
        shown = take(np.where(g, 'pred', 'free'))
        layout = self.layout[e, h].copy()
        layout[~g] = 0
        layout[~g, :, 0] = -1
        out = (shown, take(['warped'] * len(e)) if warped else None, take(['truth'] * len(e)), layout)
        if not classes:
            return out
        if self.classes is None:
            raise ValueError(f'{self.root} has no classes.npy: write it again with `dreamdrive model-rollouts`')
        return out + (np.stack([self.classes[a, b] for a, b in zip(e, h)]),)

    def sample(self, rng, n, grounded_share=1.0, warped=True, classes=False):
        return self.pairs(rng.integers(0, self.n, n), rng.random(n) < grounded_share, warped, classes)

    def fixed(self, n, grounded_share=1.0, warped=True, classes=False):
        """Deterministic evaluation pairs, evenly spaced over episodes and horizon steps, a
        `grounded_share` of them grounded, spread evenly among them."""
        flat = np.linspace(0, self.n - 1, min(n, self.n)).astype(int)
        i = np.arange(len(flat))
        return self.pairs(flat, np.floor((i + 1) * grounded_share) > np.floor(i * grounded_share), warped, classes)
