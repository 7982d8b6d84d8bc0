"""The dreamdrive world model: a conv tokenizer and a causal spacetime transformer, in one file.

Shapes: B batch, K context frames, C latent channels, h x w latent grid (16 x 16 or 8 x 8 for 64 x 64 frames),
F future ego steps, M layout slots (16), D transformer width, N tokens.

    frame (B,64,64,3) --Encoder--> latent (B,C,h,w) --Decoder--> frame (B,64,64,3)
    latents (B,K,C,h,w) + trajectory (B,K,F,4) + layout (B,K,M,7) --Dynamics--> next latents (B,K,C,h,w)

Step k of the dynamics sees frames <= k (block-causal attention over frames, full attention inside a
frame: a "spacetime" transformer as in Genie, Bruce et al. 2024, with joint rather than factorised
attention because 4 frames x 16 tokens are cheap) and predicts frame k+1 as a residual on frame k.
Context noise augmentation (GameNGen, Valevski et al. 2024; DIAMOND, Alonso et al. 2024): training
corrupts the input latents with Gaussian noise of a random level sigma and tells the model sigma, so
at rollout time its own imperfect predictions look like a known corruption and drift stays bounded.
"""
import math
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as Fn


@dataclass(frozen=True)
class TokenizerConfig:
    latent_channels: int = 16  # C; 8*8*16 = 1024 floats per frame (12x fewer than 64*64*3)
    width: int = 32            # channels of the first conv; doubles at each downsampling
    # 3: 64 -> 8x8 latents (the models up to session 7); 2: 64 -> 16x16, each cell 4x4 pixels, so
    # that a distant car has a cell of its own, with the deepest width 2w to keep the cost per frame
    # (train.py's base preset since session 8, with C = 8: 2,048 floats per frame)
    downsamplings: int = 3

    def __post_init__(self):
        if self.downsamplings not in (2, 3):
            raise ValueError(f'TokenizerConfig.downsamplings must be 2 or 3, got {self.downsamplings}')

    @property
    def latent_size(self):
        return 64 >> self.downsamplings

    @property
    def deep_width(self):
        return self.width << (self.downsamplings - 1)


@dataclass(frozen=True)
class DynamicsConfig:
    latent_channels: int = 16
    latent_size: int = 8       # h = w
    patch: int = 2             # 2x2 latent cells per token: 16 tokens per frame instead of 64
    # K. Two, not four: with four past frames the ego's motion can be read off the context and the
    # trajectory was ignored; K = 2 also halves the tokens, which pays for a third unrolled step
    # (2026-11-26 sweeps in ablation/README.md: beats copy-last-frame up to h39 instead of h14).
    context: int = 2
    future_steps: int = 4      # F
    layout_slots: int = 16     # M
    dim: int = 128             # D
    layers: int = 3            # 3 x 128 keeps the ungrounded rollout step near 3 ms on 2 cores
    heads: int = 4
    # Upper bound of the context noise sigma (latent std units). 0.7 (GameNGen's) swamped the ~0.1 std
    # a frame changes in 0.1 s; 0.05-0.2 gave 3 dB more at horizon 1 in a 3,000-step ablation (H200).
    max_noise: float = 0.1
    # Training unrolls this many steps, feeding the model its own prediction back as context, so it
    # learns to recover from its drift (K = 4: 2 steps gave -1.2 dB vs copy-last at h50 instead of
    # -2.3; K = 2: 3 steps -0.3 dB against -0.7 with 2, at the same CPU time as K = 4 with 2).
    unroll: int = 3
    # Before the unrolled steps, roll the window out this many steps at most (a number drawn per batch,
    # 0..pushforward) without gradients, so the loss is taken on contexts of the model's own
    # predictions as deep into a rollout as the runtime goes (the pushforward trick, Brandstetter et
    # al. 2022). With unroll 3 only, the ego's lateral motion reaches the shipped model's rollouts
    # at up to 46 % of its true size at h3-4 and fades to 8 % by h20 (eval-model's control pairs).
    # Tried with 17 (session 11): +0.9 dB at h20-50, but the trajectory is then ignored (control 49 %).
    pushforward: int = 0
    # The trajectory's (dx, dy, dyaw) differ ~200x in scale (metres ahead vs radians): divide each by
    # its std in the training data (buffer traj_std), else the MLP barely sees yaw and lateral motion.
    traj_norm: bool = True
    # Add the trajectory embedding to every latent token of its frame as well as giving it a token of
    # its own: one token among 17 was easy to ignore (controllability at chance, 2026-11-25 model).
    traj_to_patches: bool = True
    # Grounded only: project each layout box into the image with the dataset's camera (a fixed layer,
    # no weights) and add, per patch token, how much of it each class covers (DriveDreamer-style box
    # conditioning), so actors are placed by geometry rather than learned from 7 numbers per slot.
    box_raster: bool = False
    # Training only: the share of windows whose predictions see their own frame but no earlier one
    # (history dropout, as ChauffeurNet's past-motion dropout): with the past frames the ego's motion
    # can be read off the context, and the model learns to ignore the trajectory (causal confusion).
    history_dropout: float = 0.0
    # Training only: the share of windows whose trajectory rows are all zero (valid bits too), as for
    # an ego whose plan is unknown. The same network then also predicts without the trajectory, and a
    # rollout can use classifier-free guidance (Ho & Salimans 2022; GAIA-1 uses it for actions):
    # z(T) + (g - 1) (z(T) - z(none)) amplifies how the commanded motion changes the prediction.
    trajectory_dropout: float = 0.0
    # Condition every block on its frame's trajectory (and the noise level) by modulating the
    # LayerNorms (adaLN, DiT, Peebles & Xie 2023), not only through the input tokens.
    adaln: bool = False
    # Give each latent patch the last frame's latents resampled where the ground-plane geometry says
    # its content was one step earlier, given the ego's next motion (a fixed layer of the camera's
    # pinhole model, like box_raster): the trajectory's effect on the image as an input the model
    # can scale, instead of a mapping from 16 numbers to a spatial change that it must learn.
    ego_warp: bool = False
    # Predict on top of the ego motion's effect in pixels: each context frame k comes with
    # warp_delta_k = E(warp(frame_k, motion k -> k+1)) - E(frame_k), its frame reprojected by the
    # ego's next motion (ego_warp's ground-plane geometry at pixel resolution) and encoded, minus its
    # plain encoding; the model reads it as tokens and predicts latents_k + warp_delta_k + delta.
    # The latent warp above loses the sub-cell motion of one step; in pixels a lane change's pan and
    # a brake's stopping flow are exact to the flat-ground model, and what the warp gets wrong
    # (actors, the smear below the image's bottom edge) is left to the transformer.
    pixel_warp: bool = False
    # With pixel_warp: also add warp_delta to the residual base (True), or give it as input tokens
    # only (False). As the base, every step adds the warp of the model's own (blurred) prediction and
    # its errors accumulate: the 2026-11-26 run beat the plain model on lane changes but fell 4.5 dB
    # behind it at h = 50 (model/train/ablation/README.md, session 7).
    pixel_warp_base: bool = True
    # Training only, with pixel_warp: unrolled steps warp the decoded prediction as the runtime does
    # (model.unrolled_loss warp_of), instead of taking the true frame's warp delta; ~2x the step time.
    pixel_warp_faithful: bool = False
    # Training only, grounded windows: the share whose context frames have their actors erased (the
    # latent cells with actor-coloured pixels, and their neighbours, set to the latent mean), so the
    # prediction must draw each actor from its layout token. Without it the layout is not read at all
    # (actors are in the context already); with 0.5 it is, a little (ablation/README.md, session 9).
    actor_erase: float = 0.0
    camera_fov_rad: float = 1.5707963267948966
    camera_height_m: float = 1.4
    camera_pitch_rad: float = -0.08726646259971647
    camera_x_m: float = 1.0
    camera_y_m: float = 0.0


def count_params(module):
    return sum(p.numel() for p in module.parameters())


# ---- tokenizer ----------------------------------------------------------------------------------
class ResBlock(nn.Module):
    def __init__(self, ch):
        super().__init__()
        self.body = nn.Sequential(nn.GroupNorm(8, ch), nn.SiLU(), nn.Conv2d(ch, ch, 3, padding=1),
                                  nn.GroupNorm(8, ch), nn.SiLU(), nn.Conv2d(ch, ch, 3, padding=1))

    def forward(self, x):
        return x + self.body(x)


class Encoder(nn.Module):
    """uint8-range RGB NHWC in [0, 1] -> latent grid. Three stride-2 convs: 64 -> 32 -> 16 -> 8 (with
    downsamplings = 2 the third keeps 16x16). The layer indices are the same either way."""

    def __init__(self, cfg: TokenizerConfig):
        super().__init__()
        w, d = cfg.width, cfg.deep_width
        third = nn.Conv2d(2 * w, d, 4, 2, 1) if cfg.downsamplings == 3 else nn.Conv2d(2 * w, d, 3, 1, 1)
        self.net = nn.Sequential(
            nn.Conv2d(3, w, 4, 2, 1), nn.SiLU(),            # (B,w,32,32)
            nn.Conv2d(w, 2 * w, 4, 2, 1), nn.SiLU(),        # (B,2w,16,16)
            third,                                          # (B,4w,8,8) or (B,2w,16,16)
            ResBlock(d), ResBlock(d),
            nn.GroupNorm(8, d), nn.SiLU(),
            nn.Conv2d(d, cfg.latent_channels, 1))           # (B,C,n,n)

    def forward(self, rgb):                                 # rgb (B,64,64,3) in [0,1]
        assert rgb.dim() == 4 and rgb.shape[-1] == 3, f'Encoder wants (B,H,W,3), got {tuple(rgb.shape)}'
        return self.net(rgb.permute(0, 3, 1, 2) * 2 - 1)    # (B,C,8,8)


class Decoder(nn.Module):
    """latent grid -> RGB NHWC in [0, 1] (sigmoid: never out of range, no clamp needed in the runtime)."""

    def __init__(self, cfg: TokenizerConfig):
        super().__init__()
        w, d = cfg.width, cfg.deep_width
        first_up = nn.ConvTranspose2d(d, 2 * w, 4, 2, 1) if cfg.downsamplings == 3 else nn.Conv2d(d, 2 * w, 3, 1, 1)
        self.net = nn.Sequential(
            nn.Conv2d(cfg.latent_channels, d, 3, padding=1),
            ResBlock(d), ResBlock(d), nn.SiLU(),            # (B,d,n,n)
            first_up, nn.SiLU(),                            # (B,2w,16,16)
            nn.ConvTranspose2d(2 * w, w, 4, 2, 1), nn.SiLU(),      # (B,w,32,32)
            # straight to RGB: a w-channel conv at 64x64 would cost 4x the rest of the decoder
            nn.ConvTranspose2d(w, 3, 4, 2, 1))              # (B,3,64,64)

    def forward(self, z):                                   # z (B,C,8,8)
        return torch.sigmoid(self.net(z)).permute(0, 2, 3, 1)  # (B,64,64,3)


class Tokenizer(nn.Module):
    def __init__(self, cfg: TokenizerConfig):
        super().__init__()
        self.cfg = cfg
        self.encoder, self.decoder = Encoder(cfg), Decoder(cfg)

    def forward(self, rgb):
        return self.decoder(self.encoder(rgb))


def ssim_loss(a, b, window=4):
    """1 - mean SSIM over non-overlapping 4x4 windows (box filter, not Gaussian: cheap, 'SSIM-ish').
    Wang et al. 2004 constants for a [0, 1] dynamic range."""
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    a, b = a.permute(0, 3, 1, 2), b.permute(0, 3, 1, 2)
    mu_a, mu_b = Fn.avg_pool2d(a, window), Fn.avg_pool2d(b, window)
    var_a = Fn.avg_pool2d(a * a, window) - mu_a ** 2
    var_b = Fn.avg_pool2d(b * b, window) - mu_b ** 2
    cov = Fn.avg_pool2d(a * b, window) - mu_a * mu_b
    s = ((2 * mu_a * mu_b + c1) * (2 * cov + c2)) / ((mu_a ** 2 + mu_b ** 2 + c1) * (var_a + var_b + c2))
    return 1 - s.mean()


# Hue bands (degrees) of the actor palettes (sim/render/appearance.ts AGENT_PALETTES: red cars, yellow
# pedestrians, teal trucks, magenta cyclists), wide enough for the golden-hour tint; grass (~80-100)
# and sky (~210-220) fall between them.
ACTOR_HUE_BANDS = ((330.0, 390.0), (35.0, 65.0), (160.0, 195.0), (265.0, 325.0))


def actor_colour_mask(rgb):
    """(B,H,W,3) in [0, 1] -> (B,H,W,1): 1 where a pixel has an actor's colour (saturation >= 0.4,
    value >= 0.2, hue in an actor band), as model/eval/actor-detection.ts finds actors."""
    mx, mn = rgb.amax(-1), rgb.amin(-1)
    c = mx - mn
    r, g, b = rgb.unbind(-1)
    safe = torch.where(c > 0, c, torch.ones_like(c))
    h = torch.where(mx == r, ((g - b) / safe) % 6, torch.where(mx == g, (b - r) / safe + 2, (r - g) / safe + 4)) * 60
    in_band = torch.zeros_like(h, dtype=torch.bool)
    for lo, hi in ACTOR_HUE_BANDS:
        in_band |= ((h >= lo) & (h <= hi)) | ((h + 360 >= lo) & (h + 360 <= hi))
    sat = c / torch.clamp(mx, min=1e-6)
    return ((sat >= 0.4) & (mx >= 0.2) & (c > 0) & in_band).float().unsqueeze(-1)


def actor_cell_share(rgb, grid):
    """(B,H,W,3) in [0, 1] -> (B,grid,grid): each latent cell's share of actor-coloured pixels."""
    return Fn.adaptive_avg_pool2d(actor_colour_mask(rgb)[..., 0], grid)


def tokenizer_loss(pred, target, ssim_weight=0.0, actor_weight=0.0, also_weight=None):
    """L1 + L2 on pixels in [0, 1] (L1 keeps thin lane markings sharp, L2 punishes outliers).
    actor_weight > 0 weighs pixels of actor colours (1 + actor_weight) times: actors cover ~0.6 % of
    a frame, and the unweighted loss let the 8x8 latents blur most of them into the road (the eval's
    detector found 59 % of in-view actors missing from plain reconstructions). Pixels with an actor's
    colour in `also_weight` (B,H,W,3), or in any frame of a tuple of them, are weighed so too
    (refiner.refiner_loss)."""
    err = (pred - target).abs() + (pred - target) ** 2
    if actor_weight > 0:
        mask = actor_colour_mask(target)
        for frame in (also_weight if isinstance(also_weight, tuple) else (also_weight,)):
            if frame is not None:
                mask = torch.maximum(mask, actor_colour_mask(frame))
        err = err * (1 + actor_weight * mask)
    loss = err.mean()
    return loss + ssim_weight * ssim_loss(pred, target) if ssim_weight > 0 else loss


# ---- dynamics -----------------------------------------------------------------------------------
class Block(nn.Module):
    """Pre-norm transformer block; attention written out (no nn.MultiheadAttention) so the ONNX graph
    is plain MatMul/Softmax and the additive mask is explicit."""

    def __init__(self, dim, heads, adaln=False):
        super().__init__()
        self.heads = heads
        # adaLN: per-token (shift, scale) of both LayerNorms from a condition; zero-init = plain block
        self.mod = nn.Linear(dim, 4 * dim) if adaln else None
        if adaln:
            nn.init.zeros_(self.mod.weight)
            nn.init.zeros_(self.mod.bias)
        # a Python float, not derived from traced shapes: the tracer would make it a double constant
        self.scale = float((dim // heads) ** -0.5)
        self.ln1, self.ln2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.qkv, self.proj = nn.Linear(dim, 3 * dim), nn.Linear(dim, dim)
        self.mlp = nn.Sequential(nn.Linear(dim, 4 * dim), nn.GELU(), nn.Linear(4 * dim, dim))

    def forward(self, x, bias, cond=None):                  # x (B,N,D), bias (B,1,N,N) additive, cond (B,N,D)
        B, N, D = x.shape
        h1, h2 = self.ln1(x), self.ln2
        if self.mod is not None:
            s1, g1, s2, g2 = self.mod(cond).chunk(4, dim=-1)
            h1 = h1 * (1 + g1) + s1
            h2 = lambda y: self.ln2(y) * (1 + g2) + s2      # noqa: E731
        q, k, v = self.qkv(h1).view(B, N, 3, self.heads, D // self.heads).permute(2, 0, 3, 1, 4)
        att = (q @ k.transpose(-1, -2)) * self.scale + bias  # (B,H,N,N)
        y = (att.softmax(-1) @ v).transpose(1, 2).reshape(B, N, D)          # (B,N,D)
        x = x + self.proj(y)
        return x + self.mlp(h2(x))


class Dynamics(nn.Module):
    """Causal spacetime transformer: per frame k, tokens = P latent patches + 1 trajectory token +
    M layout tokens; predicts the latents of frame k+1 as latents[k] + delta."""

    def __init__(self, cfg: DynamicsConfig):
        super().__init__()
        self.cfg = cfg
        g = cfg.latent_size // cfg.patch
        self.patches = g * g                                # P = 16
        patch_dim = cfg.latent_channels * cfg.patch ** 2    # 64
        D = cfg.dim
        self.patch_in = nn.Linear(patch_dim, D)
        if cfg.ego_warp or cfg.pixel_warp:
            self.warp_in = nn.Linear(patch_dim, D)
        self.traj_in = nn.Sequential(nn.Linear(cfg.future_steps * 4, D), nn.GELU(), nn.Linear(D, D))
        self.layout_in = nn.Sequential(nn.Linear(LAYOUT_IN, D), nn.GELU(), nn.Linear(D, D))
        self.noise_in = nn.Sequential(nn.Linear(1, D), nn.GELU(), nn.Linear(D, D))
        if cfg.box_raster:
            cells = RASTER_CELLS // g                       # raster cells per token side (4)
            self.raster_in = nn.Linear(RASTER_CHANNELS * cells * cells, D)
        self.tokens_per_frame = self.patches + 1 + cfg.layout_slots
        self.pos = nn.Parameter(torch.zeros(1, cfg.context, self.tokens_per_frame, D))
        nn.init.normal_(self.pos, std=0.02)
        self.blocks = nn.ModuleList([Block(D, cfg.heads, cfg.adaln) for _ in range(cfg.layers)])
        self.ln_out = nn.LayerNorm(D)
        self.head = nn.Linear(D, patch_dim)
        nn.init.zeros_(self.head.weight)                    # start as copy-last-frame: a sane baseline
        nn.init.zeros_(self.head.bias)
        # Latent normalisation, set from the cached latents before training (unit std per channel)
        self.register_buffer('lat_mean', torch.zeros(1, 1, cfg.latent_channels, 1, 1))
        self.register_buffer('lat_std', torch.ones(1, 1, cfg.latent_channels, 1, 1))
        # per-feature scale of (dx, dy, dyaw, valid), set from the training data when traj_norm
        self.register_buffer('traj_std', torch.ones(1, 1, 1, 4))

    def to_patches(self, z):                                # z (B,K,C,h,w) -> (B,K,P,C*p*p)
        B, K, C, h, w = z.shape
        p = self.cfg.patch
        z = z.view(B, K, C, h // p, p, w // p, p).permute(0, 1, 3, 5, 2, 4, 6)
        return z.reshape(B, K, self.patches, C * p * p)

    def from_patches(self, t):                              # (B,K,P,C*p*p) -> (B,K,C,h,w)
        B, K = t.shape[:2]
        c, p, g = self.cfg.latent_channels, self.cfg.patch, self.cfg.latent_size // self.cfg.patch
        t = t.view(B, K, g, g, c, p, p).permute(0, 1, 4, 2, 5, 3, 6)
        return t.reshape(B, K, c, g * p, g * p)

    def raster_tokens(self, r):                             # (B,K,R,16,16) -> (B,K,P,R*c*c)
        B, K, R = r.shape[:3]
        g = self.cfg.latent_size // self.cfg.patch
        c = RASTER_CELLS // g
        r = r.reshape(B, K, R, g, c, g, c).permute(0, 1, 3, 5, 2, 4, 6)
        return r.reshape(B, K, g * g, R * c * c)

    def forward(self, latents, trajectory, layout, noise_level, history_drop=None, warp_delta=None):
        """latents (B,K,C,h,w) raw encoder output (already noised in training); trajectory (B,K,F,4);
        layout (B,K,M,7) in the dataset's units (empty slots class -1; all -1 for ungrounded), or None
        for the ungrounded camera: the layout tokens are then left out of the sequence, which gives the
        same output as all-empty slots (hidden keys get exactly zero attention weight in fp32) at half
        the cost; noise_level (B,) sigma the context was corrupted with (0 at rollout).
        Returns (B,K,C,h,w)."""
        cfg = self.cfg
        B, K = latents.shape[:2]
        assert K == cfg.context, f'Dynamics wants K={cfg.context} context frames, got {K}'
        z = (latents - self.lat_mean) / self.lat_std        # (B,K,C,h,w), unit scale
        x_lat = self.patch_in(self.to_patches(z))           # (B,K,P,D)
        if cfg.ego_warp:                                    # trajectory rows hold the motion k -> k+1 first
            x_lat = x_lat + self.warp_in(self.to_patches(ego_warp(z, trajectory[:, :, 0, :3], cfg) - z))
        if cfg.pixel_warp:
            assert warp_delta is not None, 'a pixel_warp dynamics needs the warp_delta of its context'
            x_lat = x_lat + self.warp_in(self.to_patches(warp_delta / self.lat_std))
        if cfg.traj_norm:
            trajectory = trajectory / self.traj_std         # (B,K,F,4)
        x_traj = self.traj_in(trajectory.reshape(B, K, 1, -1))  # (B,K,1,D)
        if cfg.traj_to_patches:
            x_lat = x_lat + x_traj
        parts, T = [x_lat, x_traj], self.patches + 1
        if layout is not None and cfg.box_raster:
            x_lat = x_lat + self.raster_in(self.raster_tokens(box_raster(layout, cfg)))
        if layout is not None:
            present = (layout[..., :1] >= 0).float()        # (B,K,M,1) slot holds an actor
            parts.append(self.layout_in(layout_features(layout)) * present)  # (B,K,M,D)
            T = self.tokens_per_frame
        x = torch.cat(parts, dim=2) + self.pos[:, :, :T]    # (B,K,T,D)
        x_noise = self.noise_in(noise_level.view(B, 1, 1, 1))
        x = (x + x_noise).reshape(B, K * T, -1)             # (B,N,D)
        cond = (x_traj + x_noise).expand(B, K, T, -1).reshape(B, K * T, -1) if cfg.adaln else None
        frame_of = torch.arange(K, device=x.device).view(K, 1).expand(K, T).reshape(-1)
        bias = (frame_of[None, :] > frame_of[:, None]).float()[None, None] * NEG_INF  # (1,1,N,N) causal
        if history_drop is not None:
            earlier = (frame_of[None, :] < frame_of[:, None]).float()[None, None]     # (1,1,N,N)
            bias = bias + history_drop.float().view(B, 1, 1, 1) * earlier * NEG_INF
        if layout is not None:
            # empty layout slots are hidden from every query (keys only); their own rows stay finite
            slot_ok = torch.cat([torch.ones_like(x_traj[..., 0]).expand(B, K, self.patches + 1),
                                 present[..., 0]], dim=2).reshape(B, 1, 1, -1)
            bias = bias + (1 - slot_ok) * NEG_INF           # (B,1,N,N)
        for blk in self.blocks:
            x = blk(x, bias, cond)
        x = self.ln_out(x).view(B, K, T, -1)[:, :, :self.patches]
        delta = self.from_patches(self.head(x))             # (B,K,C,h,w), normalised units
        base = latents + warp_delta if cfg.pixel_warp and cfg.pixel_warp_base else latents
        return base + delta * self.lat_std


# Attention bias for hidden keys: large but finite so that softmax stays NaN-free in fp32.
NEG_INF = -1e4
# Layout features: one-hot class (4) + x, y scaled by 60 m (the layout radius) + cos/sin yaw +
# length, width scaled by 10 m + visible.
LAYOUT_IN = 4 + 2 + 2 + 2 + 1
LAYOUT_RADIUS_M = 60.0
LAYOUT_SIZE_M = 10.0


# Box raster: 16 x 16 cells (4 x 4 pixels of a 64 x 64 frame); channels: the share of each cell inside
# the image box of each class's actors, and 10 m / depth of the nearest box there.
RASTER_CELLS = 16
RASTER_CHANNELS = 5
# Box heights by class id (the layout has no height): sim/dynamics/vehicle-params.ts DEFAULT_SIZES.
CLASS_HEIGHT_M = (1.5, 3.5, 1.7, 1.75)
# Corners nearer than this along the optical axis are clamped to it (boxes reaching behind the camera).
RASTER_NEAR_M = 0.5
IMAGE_PX = 64


def camera_fields(cam):
    """The camera_* fields of DynamicsConfig and RefinerConfig from a camera as the dataset manifest
    and `dreamdrive model-rollouts` record it (sim/render/camera-model.ts names)."""
    return dict(camera_fov_rad=cam['fovRad'], camera_height_m=cam['mountHeightM'], camera_pitch_rad=cam['pitchRad'],
                camera_x_m=cam['mountXM'], camera_y_m=cam['mountYM'])


def focal_px(cfg):
    return IMAGE_PX / 2 / math.tan(cfg.camera_fov_rad / 2)


def pinhole(px, py, pz, cfg, near_m):
    """Points from the camera in the ego's axes (x forward, y left, z up; m) -> image (u, v) in pixels
    with the pitched pinhole camera of cfg (sim/render/camera-model.ts), and their depth along the
    optical axis; depths below near_m are taken as near_m for the division."""
    cp, sp = math.cos(cfg.camera_pitch_rad), math.sin(cfg.camera_pitch_rad)
    depth = px * cp + pz * sp
    z = torch.clamp(depth, min=near_m)
    u = IMAGE_PX / 2 + focal_px(cfg) * (-py) / z
    v = IMAGE_PX / 2 + focal_px(cfg) * (px * sp - pz * cp) / z
    return u, v, depth


def box_raster(layout, cfg):
    """(B,K,M,7) layout in the ego frame of the predicted frame -> (B,K,5,16,16), by projecting the 8
    corners of each box with the pinhole camera of cfg and taking their image bounding box."""
    cls, x, y, yaw = layout[..., 0], layout[..., 1], layout[..., 2], layout[..., 3]
    length, width = layout[..., 4], layout[..., 5]
    onehot = torch.stack([(cls == k).float() for k in range(4)], dim=-1)           # (B,K,M,4)
    height = (onehot * torch.tensor(CLASS_HEIGHT_M)).sum(-1)                       # (B,K,M)
    sx = torch.tensor([0.5, 0.5, -0.5, -0.5, 0.5, 0.5, -0.5, -0.5])
    sy = torch.tensor([0.5, -0.5, 0.5, -0.5, 0.5, -0.5, 0.5, -0.5])
    sz = torch.tensor([0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0])
    c, s = torch.cos(yaw)[..., None], torch.sin(yaw)[..., None]
    lx, wy = length[..., None] * sx, width[..., None] * sy
    px = x[..., None] + c * lx - s * wy - cfg.camera_x_m                           # (B,K,M,8) from the camera
    py = y[..., None] + s * lx + c * wy - cfg.camera_y_m
    pz = height[..., None] * sz - cfg.camera_height_m
    u, v, depth = pinhole(px, py, pz, cfg, RASTER_NEAR_M)
    seen = ((cls >= 0) & (depth.amax(-1) > RASTER_NEAR_M)).float()                 # (B,K,M)
    edges = torch.arange(RASTER_CELLS + 1, dtype=torch.float32) * (IMAGE_PX / RASTER_CELLS)
    cell = IMAGE_PX / RASTER_CELLS

    def overlap(lo, hi):                                                           # (B,K,M) -> (B,K,M,16)
        return torch.clamp(torch.minimum(hi[..., None], edges[1:]) - torch.maximum(lo[..., None], edges[:-1]), min=0) / cell

    cover = overlap(v.amin(-1), v.amax(-1))[..., :, None] * overlap(u.amin(-1), u.amax(-1))[..., None, :]
    cover = cover * seen[..., None, None]                                          # (B,K,M,16,16)
    by_class = (cover[:, :, :, None] * onehot[..., None, None]).amax(2)            # (B,K,4,16,16)
    near = 10.0 / torch.clamp(depth.amin(-1), min=1.0)                             # (B,K,M)
    nearest = ((cover > 0).float() * near[..., None, None]).amax(2)                # (B,K,16,16)
    return torch.cat([by_class, nearest[:, :, None]], dim=2)


def ego_warp(z, motion, cfg):
    """(B,K,C,h,w) latents of frames k, (B,K,3) ego motion (dx, dy, dyaw) from k to k+1 in the ego
    frame of k -> the latents of frame k sampled, for each cell of frame k+1, where its content was in
    frame k: the cell's ray from the camera at k+1 meets the ground (height 0), or is a direction at
    infinity above the horizon; moved into the ego frame of k and projected with the same camera."""
    B, K, C, h, w = z.shape
    focal = focal_px(cfg)
    cp, sp = math.cos(cfg.camera_pitch_rad), math.sin(cfg.camera_pitch_rad)
    cu = (torch.arange(w, dtype=torch.float32) + 0.5) * (IMAGE_PX / w)
    cv = (torch.arange(h, dtype=torch.float32) + 0.5) * (IMAGE_PX / h)
    a = ((cu - IMAGE_PX / 2) / focal).view(1, w).expand(h, w)   # image right per unit depth
    b = ((cv - IMAGE_PX / 2) / focal).view(h, 1).expand(h, w)   # image down per unit depth
    # ray p = depth * (o + a r + b d): optical axis o = (cp, 0, sp), right r = (0, -1, 0), down d = (sp, 0, -cp)
    rx, ry, rz = cp + b * sp, -a, sp - b * cp
    ground = rz < -1e-3
    depth = torch.where(ground, cfg.camera_height_m / (-rz).clamp(min=1e-3), torch.ones_like(rz))
    depth = depth.clamp(max=WARP_FAR_M)
    finite = ground.float()                                      # 1: a ground point, 0: a direction at infinity
    px, py, pz = rx * depth, ry * depth, rz * depth              # (h,w) from the camera at k+1
    dx, dy, dyaw = (motion[..., i].reshape(B, K, 1, 1) for i in range(3))
    c, s = torch.cos(dyaw), torch.sin(dyaw)
    # points (directions: rotated only) in the ego frame of k+1 -> of k; the camera sits at the same mount
    ex, ey = px + cfg.camera_x_m * finite, py + cfg.camera_y_m * finite
    kx = c * ex - s * ey + dx * finite - cfg.camera_x_m * finite
    ky = s * ex + c * ey + dy * finite - cfg.camera_y_m * finite
    u, v, _ = pinhole(kx, ky, pz.expand_as(kx), cfg, WARP_NEAR_M)
    grid = torch.stack([u / IMAGE_PX * 2 - 1, v / IMAGE_PX * 2 - 1], dim=-1)    # (B,K,h,w,2)
    out = Fn.grid_sample(z.reshape(B * K, C, h, w), grid.reshape(B * K, h, w, 2), mode='bilinear',
                         padding_mode='border', align_corners=False)
    return out.view(B, K, C, h, w)


def warp_frames(frames, motion, cfg):
    """(N,H,W,3) frames, (N,3) ego motion (dx, dy, dyaw) to the next frame -> (N,H,W,3) the frames
    reprojected by it (ego_warp at pixel resolution)."""
    rgb = frames.permute(0, 3, 1, 2)[:, None]                                      # (N,1,3,H,W)
    return ego_warp(rgb, motion[:, None], cfg)[:, 0].permute(0, 2, 3, 1)


def pixel_warp_delta(encoder, frames, motion, cfg):
    """(N,H,W,3) frames in [0,1], (N,3) ego motion to the next frame -> (N,C,h,w)
    E(frames reprojected by the motion) - E(frames): the motion's effect in latent space, with the
    tokenizer's own round-trip error cancelled (no motion gives zero, up to rounding)."""
    both = encoder(torch.cat([warp_frames(frames, motion, cfg), frames]))
    return both[:frames.shape[0]] - both[frames.shape[0]:]


# Ground farther than this is treated as lying at this distance (rays just below the horizon).
WARP_FAR_M = 200.0
# Points nearer than this along the optical axis of the earlier camera are taken at this depth.
WARP_NEAR_M = 0.1


def layout_features(layout):                                # (B,K,M,7) -> (B,K,M,11)
    cls = layout[..., 0:1]
    onehot = torch.cat([(cls == c).float() for c in range(4)], dim=-1)
    yaw = layout[..., 3:4]
    return torch.cat([onehot, layout[..., 1:3] / LAYOUT_RADIUS_M, torch.cos(yaw), torch.sin(yaw),
                      layout[..., 4:6] / LAYOUT_SIZE_M, layout[..., 6:7]], dim=-1)


def add_context_noise(latents, lat_std, max_noise, generator=None):
    """Corrupt context latents with N(0, (sigma * std)^2), sigma ~ U(0, max_noise) per sample.
    Returns (noisy latents, sigma (B,))."""
    B, dev = latents.shape[0], latents.device
    sigma = (torch.rand(B, generator=generator) * max_noise).to(dev)
    noise = torch.randn(latents.shape, generator=generator).to(dev) * lat_std
    return latents + noise * sigma.view(B, 1, 1, 1, 1), sigma


def dynamics_loss(pred, target, lat_std):
    """MSE in normalised latent units, over all K predictions."""
    return Fn.mse_loss(pred / lat_std, target / lat_std)


def actor_erase_mask(actor_cells, share, generator=None):
    """actor_cells (B,K,h,w) share of actor pixels per latent cell of the context frames -> (B,K,1,h,w)
    True on the cells to erase: those with any actor pixel and their 8 neighbours (the blur around a
    small actor), in a `share` of the windows drawn at random."""
    B = actor_cells.shape[0]
    near = Fn.max_pool2d((actor_cells > 0).float().flatten(0, 1)[:, None], 3, stride=1, padding=1) > 0
    chosen = (torch.rand(B, generator=generator) < share).to(actor_cells.device).view(B, 1, 1, 1, 1)
    return near.view(*actor_cells.shape[:2], 1, *actor_cells.shape[2:]) & chosen


def pushed_context(dyn, lat, traj, layout, steps, generator=None):
    """The context after `steps` rollout steps from the window's first K frames (noised as in
    training), each prediction fed back: (B,K,C,h,w), no gradient. lat (B,K+steps..,C,h,w)."""
    K = dyn.cfg.context
    with torch.no_grad():
        ctx, sigma = add_context_noise(lat[:, :K], dyn.lat_std, dyn.cfg.max_noise, generator)
        for p in range(steps):
            pred = dyn(ctx, traj[:, p:p + K], None if layout is None else layout[:, p:p + K], sigma, None, None)
            ctx = torch.cat([ctx[:, 1:], pred[:, -1:]], dim=1)
    return ctx


def decoded_loss(decoder, weight, share=1.0):
    """An extra term for unrolled_loss: weight x the mean square error of the decoded prediction
    against the decoded target, in [0, 1] pixels, over the first `share` of the batch's windows (the
    decoder's backward pass is most of a step's cost on a CPU). The frozen decoder is the camera the
    evaluation sees, so an error in a latent it renders sharply (an edge, a lane dash) costs what it
    costs there."""
    def term(pred, target):
        n = max(1, math.ceil(share * pred.shape[0]))
        with torch.no_grad():
            want = decoder(target[:n].flatten(0, 1))
        return weight * ((decoder(pred[:n].flatten(0, 1)) - want) ** 2).mean()
    return term


def unrolled_loss(dyn, lat, traj, layout, generator=None, warp=None, warp_of=None, erase=None, push=0, extra=None):
    """Teacher-forced loss on the K predictions of a noised window, then cfg.unroll - 1 more steps
    that each put the model's last prediction into the context (frames shift left by one) and are
    judged on the new frame only. lat (B,K+U,C,h,w), traj (B,K+U-1,F,4), layout (B,K+U-1,M,7) or
    None (ungrounded: no layout tokens, half the cost); warp (B,K+U-1,C,h,w) the pixel_warp_delta of
    each true frame, or None. Unrolled steps take a predicted frame's warp delta as its true frame's
    (the runtime warps what it predicted: the two differ by the warp of the prediction's error),
    unless warp_of(latents (N,C,h,w), motion (N,3)) -> (N,C,h,w) is given: then, as the runtime does,
    the warp delta of the decoded prediction (no gradient through it). erase (B,K,1,h,w) True on the
    context cells to replace by the latent mean before noising (actor_erase_mask), or None. push > 0
    (cfg.pushforward; not with warp or erase): the context is pushed_context after `push` steps and
    the loss is on the frames after them; the window then holds K + U - 1 + push frames.
    extra(pred, target) -> scalar (e.g. decoded_loss) is added to each step's latent loss."""
    K, U = dyn.cfg.context, dyn.cfg.unroll
    if push > 0:
        if warp is not None or erase is not None:
            raise ValueError('unrolled_loss: push is not implemented with warp or erase')
        pushed = pushed_context(dyn, lat, traj, layout, push, generator)
        lat, traj = torch.cat([pushed, lat[:, push + K:]], dim=1), traj[:, push:]
        layout = None if layout is None else layout[:, push:]
    at = lambda u: None if layout is None else layout[:, u:u + K]  # noqa: E731
    ctx = lat[:, :K] if erase is None else torch.where(erase, dyn.lat_mean, lat[:, :K])
    ctx, sigma = add_context_noise(ctx, dyn.lat_std, dyn.cfg.max_noise, generator)
    drop = None
    if dyn.cfg.trajectory_dropout > 0:
        keep = (torch.rand(lat.shape[0], generator=generator) >= dyn.cfg.trajectory_dropout).to(lat.device)
        traj = traj * keep.float().view(-1, 1, 1, 1)
        if warp is not None:                                # the warp is the trajectory's effect: gone with it
            warp = warp * keep.float().view(-1, 1, 1, 1, 1)
    if dyn.cfg.history_dropout > 0:
        drop = (torch.rand(lat.shape[0], generator=generator) < dyn.cfg.history_dropout).to(lat.device)
    wctx = None if warp is None else warp[:, :K]
    pred = dyn(ctx, traj[:, :K], at(0), sigma, drop, wctx)
    def judged(p, t):
        return dynamics_loss(p, t, dyn.lat_std) + (0 if extra is None else extra(p, t))
    loss = judged(pred, lat[:, 1:K + 1])
    for u in range(1, U):
        ctx = torch.cat([ctx[:, 1:], pred[:, -1:]], dim=1)
        if warp is not None:
            if warp_of is None:
                newest = warp[:, K - 1 + u:K + u]
            else:
                with torch.no_grad():
                    newest = warp_of(pred[:, -1].detach(), traj[:, K - 1 + u, 0, :3])[:, None]
                    if dyn.cfg.trajectory_dropout > 0:
                        newest = newest * keep.float().view(-1, 1, 1, 1, 1)
            wctx = torch.cat([wctx[:, 1:], newest], dim=1)
        pred = dyn(ctx, traj[:, u:u + K], at(u), sigma, drop, wctx)
        loss = loss + judged(pred[:, -1:], lat[:, K + u:K + u + 1])
    return loss / U
