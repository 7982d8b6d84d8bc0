"""The layout refiner: the grounded camera's last stage, which draws the actors of the layout into the
frame the world model would show.

Why a stage of its own: the dynamics predicts the mean future latents, and an actor's latents are
where that mean blurs most (where it will be is uncertain to the context), so its grounded rollouts
lose and smear actors as much as its ungrounded ones do; reweighting its loss, box rasters and
erasing actors from its context did not make it read the layout (model/train/ablation/README.md,
sessions 6-9). The layout itself is exact. So the refiner takes the frame the runtime shows (after
calibrated anchored decoding, 8-bit, as `dreamdrive model-rollouts` writes them) and a pixel raster
of the layout's boxes, and is trained to give the reference frame: it learns to paint each box in
its class's colours with the scene's light and haze, to erase the stale and smeared actors of the
frame, and to leave the rest. The raster is a fixed layer (no weights) in the same ONNX graph, so
the runtime passes the layout as it has it. Box-conditioned generation is how layout-grounded
driving models place objects (DriveDreamer, Wang et al. 2023; MagicDrive, Gao et al. 2023).

    raster   layout (B,M,7) in the ego frame of the frame -> (B,6,64,64): per pixel, the class (one-hot,
             4) of the nearest visible box that its ray meets, 10 m / that box's depth and its length
             / 10 m (the layout has no heights: a long car, the library's van, is also a tall one)
    refiner  frame (B,64,64,3) in [0,1], layout (B,M,7) -> frame (B,64,64,3) in [0,1]: a small U-Net
             on (frame, raster) whose output is added to the frame (with `composite`, one of two
             outputs per pixel, chosen by whether a box covers it; with `segment`, one of five,
             chosen by what the pixel shows: scene or one of the four classes)
"""
import math
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as Fn

from model import CLASS_HEIGHT_M, IMAGE_PX, RASTER_NEAR_M, DynamicsConfig, ResBlock, tokenizer_loss

RASTER_CHANNELS = 6
# Depth of pixels no box covers (m): beyond the layout's 60 m radius.
FAR_M = 1.0e4
# Ray components smaller than this are taken as this in the slab test (a ray parallel to a face).
MIN_RAY = 1.0e-6
# What a pixel shows, for `segment`, by the renderer's semantic id (sim/render/semantic-classes.ts:
# sky 0, ground 1, road 2, marking 3, car 4, truck 5, cyclist 6, pedestrian 7, kerb 8): scene (0) or
# an actor class (1 + the layout's class id); with `segment_scene` the semantic id itself.
ACTOR_KINDS = torch.tensor([0, 0, 0, 0, 1, 2, 3, 4, 0])
SEMANTIC_KINDS = torch.arange(9)
ACTOR_SEMANTIC_IDS = (4, 5, 6, 7)
# `segment` shows the colour of the likeliest kind through a softmax of the logits times this: a
# choice for any pixel the network is sure of, continuous (so the ONNX graph matches PyTorch to
# rounding) where two kinds tie.
SHARPNESS = 10.0


@dataclass(frozen=True)
class RefinerConfig:
    width: int = 16            # channels at 64x64; 2x at 32x32, 4x at 16x16
    # Also take the last real frame reprojected by the ego motion commanded since (warped; the
    # runtime's anchor-warp.ts), and refine the ungrounded camera too (trained on both, with an empty
    # layout for the ungrounded one): the road near the ego, exact in the warp, shows how far and
    # which way the ego went.
    ego_warp: bool = False
    # The camera of the model's frames (train_refiner.py takes it from the rollouts; by default the
    # dataset's, as DynamicsConfig has it).
    camera_fov_rad: float = DynamicsConfig.camera_fov_rad
    camera_height_m: float = DynamicsConfig.camera_height_m
    camera_pitch_rad: float = DynamicsConfig.camera_pitch_rad
    camera_x_m: float = DynamicsConfig.camera_x_m
    camera_y_m: float = DynamicsConfig.camera_y_m
    # Two output heads joined by the raster's hard silhouette: pixels a box covers take the frame plus
    # the inner head's change, the others the frame plus the outer head's. A single convolutional
    # head changes smoothly across a box's edge, so a painted red car bleeds over grass into an
    # orange rim the detector reads as a pedestrian; the silhouette, exact to a pixel, cuts it off.
    # Session 11: val persistence errors 8.1 -> 6.4 % (5.7 with --weigh-output), but no better on the
    # held-out test families (model/train/ablation/README.md); not shipped.
    composite: bool = False
    # Decide per pixel what it shows before what colour: five logits (scene, car, truck, cyclist,
    # pedestrian), trained on the reference class maps, and a change of the frame per kind, each
    # trained only where the reference shows that kind; the frame takes the likeliest kind's
    # (SHARPNESS). One head's least-squares colour of a far car whose outline it is unsure of is the
    # mean of red and grass, the pedestrians' yellow; a choice per pixel is red or grass.
    segment: bool = False
    # With segment: the scene's own classes are kinds too (sky, grass, road, marking, kerb: nine in
    # all). Where the frame shows a stale actor, or grass the dynamics tinted, the least-squares
    # scene colour is the mean of grass and road, an olive that the detector reads as a pedestrian
    # (session 13, test split); a choice between them is grass or road. Tried in session 13: val
    # errors 3.6 -> 2.5 % but test 5.5 -> 6.8 %, grounded PSNR -1.6 dB at h = 1; not shipped.
    segment_scene: bool = False


def kind_table(cfg):
    """(9,) long: the kind of each semantic id for a `segment` refiner."""
    return SEMANTIC_KINDS if cfg.segment_scene else ACTOR_KINDS


def kind_count(cfg):
    return int(kind_table(cfg).max()) + 1


def pixel_rays(cfg):
    """(3,H,W) direction of each pixel centre's ray in the ego's axes (x forward, y left, z up), scaled
    so that its component along the optical axis is 1: a point t along it has depth t (model.pinhole
    inverted)."""
    cp, sp = math.cos(cfg.camera_pitch_rad), math.sin(cfg.camera_pitch_rad)
    f = IMAGE_PX / 2 / math.tan(cfg.camera_fov_rad / 2)
    centres = (torch.arange(IMAGE_PX, dtype=torch.float32) + 0.5 - IMAGE_PX / 2) / f
    # repeat, not expand: the tracer exported a stack of expanded (stride-0) constants wrongly
    across, down = centres[None, :].repeat(IMAGE_PX, 1), centres[:, None].repeat(1, IMAGE_PX)
    # forward (cp, 0, sp), image right (0, -1, 0), image down (sp, 0, -cp)
    return torch.stack([cp + sp * down, -across, sp - cp * down])


def actor_raster(layout, cfg):
    """(B,M,7) layout [class, x, y, yaw, length, width, visible] -> (B,6,64,64): per pixel, the one-hot
    class of the nearest box its ray meets, 10 m / that box's depth there and its length / 10 m
    (zero where none). Heights are the class's default (model.CLASS_HEIGHT_M). Each
    ray is cast against each box (slab test in the box's axes), so boxes reaching past the camera
    are exact too. Empty slots (class -1) and boxes not visible in the frame (the layout's flag, as
    the dataset and the grounded camera set it) are left out."""
    cls, x, y, yaw = layout[..., 0], layout[..., 1], layout[..., 2], layout[..., 3]
    length, width, visible = layout[..., 4], layout[..., 5], layout[..., 6]
    onehot = torch.stack([(cls == k).float() for k in range(4)], dim=-1)           # (B,M,4)
    height = (onehot * torch.tensor(CLASS_HEIGHT_M)).sum(-1)                       # (B,M)
    c, s = torch.cos(yaw), torch.sin(yaw)
    # camera origin and rays in each box's axes (centre at half height, x along its heading)
    ox, oy, oz = cfg.camera_x_m - x, cfg.camera_y_m - y, cfg.camera_height_m - height / 2
    origin = torch.stack([c * ox + s * oy, -s * ox + c * oy, oz], dim=-1)          # (B,M,3)
    rays = pixel_rays(cfg)                                                         # (3,H,W)
    cs, ss = c[..., None, None], s[..., None, None]
    dirs = torch.stack([cs * rays[0] + ss * rays[1], -ss * rays[0] + cs * rays[1],
                        torch.zeros_like(cs) + rays[2]], dim=2)                   # (B,M,3,H,W)
    dirs = torch.where(dirs.abs() < MIN_RAY, torch.full_like(dirs, MIN_RAY), dirs)
    half = torch.stack([length / 2, width / 2, height / 2], dim=-1)[..., None, None]   # (B,M,3,1,1)
    o = origin[..., None, None]
    t1, t2 = (-half - o) / dirs, (half - o) / dirs
    enter = torch.minimum(t1, t2).amax(2)                                          # (B,M,H,W)
    leave = torch.maximum(t1, t2).amin(2)
    drawn = ((cls >= 0) & (visible > 0.5))[..., None, None]
    hit = drawn & (enter <= leave) & (leave > 0)
    d = torch.where(hit, torch.clamp(enter, min=RASTER_NEAR_M), torch.full_like(enter, FAR_M))
    front = d.amin(1, keepdim=True)                                                # (B,1,H,W)
    first = hit & (d <= front)
    by_class = (first[:, :, None].float() * onehot[..., None, None]).amax(1)       # (B,4,H,W)
    inv = torch.where(front < FAR_M, 10.0 / torch.clamp(front, min=1.0), torch.zeros_like(front))
    long = (first.float() * length[..., None, None]).amax(1, keepdim=True) / 10.0
    return torch.cat([by_class, inv, long], dim=1)


class LayoutRefiner(nn.Module):
    """frame (B,64,64,3) in [0,1], layout (B,M,7) and, with ego_warp, warped (B,64,64,3) in [0,1] ->
    refined frame (B,64,64,3) in [0,1]."""

    def __init__(self, cfg: RefinerConfig):
        super().__init__()
        self.cfg = cfg
        w = cfg.width
        n_in = 3 + RASTER_CHANNELS + (3 if cfg.ego_warp else 0)
        self.down1 = nn.Sequential(nn.Conv2d(n_in, 2 * w, 4, 2, 1), nn.SiLU())            # 32x32
        self.down2 = nn.Sequential(nn.Conv2d(2 * w, 4 * w, 4, 2, 1), nn.SiLU())           # 16x16
        self.deep = nn.Sequential(ResBlock(4 * w), ResBlock(4 * w))
        self.up2 = nn.Sequential(nn.ConvTranspose2d(4 * w, 2 * w, 4, 2, 1), nn.SiLU())    # 32x32
        self.mid = nn.Sequential(nn.Conv2d(4 * w, 2 * w, 3, padding=1), nn.SiLU())
        self.up1 = nn.Sequential(nn.ConvTranspose2d(2 * w, w, 4, 2, 1), nn.SiLU())        # 64x64
        if cfg.composite and cfg.segment:
            raise ValueError('RefinerConfig: composite and segment are two ways to choose a pixel\'s change; take one')
        if cfg.segment_scene and not cfg.segment:
            raise ValueError('RefinerConfig: segment_scene divides the kinds of segment; set segment too')
        n_out = 6 if cfg.composite else kind_count(cfg) * 4 if cfg.segment else 3
        self.head = nn.Sequential(nn.Conv2d(w + n_in, w, 3, padding=1), nn.SiLU(), nn.Conv2d(w, n_out, 1))
        # starts as the identity: the frame as the runtime shows it, which training then improves on
        nn.init.zeros_(self.head[-1].weight)
        nn.init.zeros_(self.head[-1].bias)

    def heads(self, frame, layout, warped=None):
        """The head's raw output (B,n_out,64,64) and the raster (B,6,64,64)."""
        raster = actor_raster(layout, self.cfg)
        parts = [frame.permute(0, 3, 1, 2), raster]
        if self.cfg.ego_warp:
            parts.append(warped.permute(0, 3, 1, 2))
        x = torch.cat(parts, dim=1)                                                # (B,9 or 12,64,64)
        a = self.down1(x)
        b = self.deep(self.down2(a))
        m = self.mid(torch.cat([self.up2(b), a], dim=1))
        return self.head(torch.cat([self.up1(m), x], dim=1)), raster

    def kinds(self, frame, layout, warped=None):
        """With segment: logits (B,N,64,64) of what each pixel shows (N = kind_count), and the frame
        as each kind would colour it, (B,N,64,64,3) in [0,1]."""
        out, _ = self.heads(frame, layout, warped)
        n = kind_count(self.cfg)
        change = out[:, n:].reshape(out.shape[0], n, 3, *out.shape[2:]).permute(0, 1, 3, 4, 2)
        return out[:, :n], torch.clamp(frame[:, None] + change, 0.0, 1.0)

    def forward(self, frame, layout, warped=None):
        if self.cfg.segment:
            logits, colours = self.kinds(frame, layout, warped)
            pick = torch.softmax(SHARPNESS * logits, dim=1)
            return (pick[..., None] * colours).sum(1)
        delta, raster = self.heads(frame, layout, warped)
        if self.cfg.composite:
            covered = raster[:, :4].sum(1, keepdim=True)                           # (B,1,64,64), 0 or 1
            delta = covered * delta[:, 3:] + (1 - covered) * delta[:, :3]
        delta = delta.permute(0, 2, 3, 1)
        return torch.clamp(frame + delta, 0.0, 1.0)


def refiner_loss(out, target, shown, actor_weight, weigh_output=False):
    """The tokenizer's L1 + L2 per pixel, weighted (1 + actor_weight) where the reference *or the
    frame shown* has an actor's colour: the first draws the layout's actors, the second erases the
    stale and smeared actors of the shown frame (a red car's smear over grass turns orange, which the
    detector reads as a pedestrian); each is ~1 % of a frame. With weigh_output, also where the
    refined frame itself has one (a mask without gradient): the actor colours it makes up, such as
    the teal tint of a red smear erased too far, cost as much as those it misses."""
    return tokenizer_loss(out, target, actor_weight=actor_weight, also_weight=(shown, out.detach() if weigh_output else None))


def segment_loss(refiner, frame, layout, warped, target, classes, actor_weight, kind_weight=0.1):
    """For a `segment` refiner: refiner_loss of the colour of each pixel's true kind (each kind's
    change learns only where the reference shows that kind), plus kind_weight x the cross-entropy of
    the kind logits against the reference class map (semantic ids, (B,64,64) uint8), actor pixels
    weighted (1 + actor_weight) as in refiner_loss."""
    logits, colours = refiner.kinds(frame, layout, warped)
    semantic = classes.long()
    kind = kind_table(refiner.cfg)[semantic]                                     # (B,64,64)
    chosen = colours.gather(1, kind[:, None, :, :, None].expand(-1, 1, -1, -1, 3))[:, 0]
    actor = sum(semantic == i for i in ACTOR_SEMANTIC_IDS)
    weight = 1.0 + actor_weight * actor.float()
    ce = (Fn.cross_entropy(logits, kind, reduction='none') * weight).mean()
    return refiner_loss(chosen, target, frame, actor_weight) + kind_weight * ce
