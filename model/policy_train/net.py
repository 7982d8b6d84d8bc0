"""The camera policy network: one 64x64 RGB frame and the ego's state -> (acceleration, steering).

    frame (B,64,64,3) in [0,1] -> (B,3,64,64), centred
      conv 5x5/2  3 -> 16   (B,16,32,32)
      conv 3x3/2 16 -> 32   (B,32,16,16)
      conv 3x3/2 32 -> 48   (B,48,8,8)
      conv 3x3/2 48 -> 64   (B,64,4,4) -> flatten (B,1024) -> linear 64       the image feature
    state (B,S): the card's state fields (speed_mps, set_speed_mps), each / STATE_SCALES[field]
    [feature, state] (B,64+S) -> linear 64 -> linear 2 -> x ACTION_SCALE -> action (B,2)

A PilotNet-style regressor (Bojarski et al., "End to End Learning for Self-Driving Cars", 2016),
shrunk to our 64x64 frames: the lane markings are a few pixels wide, so four stride-2 convs keep
enough resolution, and ~120k parameters train in minutes on one CPU thread. The output is scaled
so that the network works in units where a typical action is about 1 (ACTION_SCALE): 2 m/s^2 of
acceleration and 0.05 rad of steering.
"""
import torch
import torch.nn as nn

# Typical magnitudes of the outputs: the network predicts action / ACTION_SCALE.
ACTION_SCALE = (2.0, 0.05)
# Each state field is divided by its typical magnitude, so the inputs are about 1.
STATE_SCALES = {'speed_mps': 20.0, 'set_speed_mps': 20.0, 'accel_mps2': 2.0, 'steer_rad': 0.05}


class CameraPolicyNet(nn.Module):
    def __init__(self, state_fields=('speed_mps', 'set_speed_mps'), width=16, feature=64):
        super().__init__()
        state_dim = len(state_fields)
        w = width
        self.convs = nn.Sequential(
            nn.Conv2d(3, w, 5, stride=2, padding=2), nn.ReLU(),
            nn.Conv2d(w, 2 * w, 3, stride=2, padding=1), nn.ReLU(),
            nn.Conv2d(2 * w, 3 * w, 3, stride=2, padding=1), nn.ReLU(),
            nn.Conv2d(3 * w, 4 * w, 3, stride=2, padding=1), nn.ReLU(),
        )
        self.image = nn.Sequential(nn.Flatten(), nn.Linear(4 * w * 4 * 4, feature), nn.ReLU())
        self.head = nn.Sequential(nn.Linear(feature + state_dim, 64), nn.ReLU(), nn.Linear(64, 2))
        self.register_buffer('action_scale', torch.tensor(ACTION_SCALE))
        self.register_buffer('state_scale', torch.tensor([STATE_SCALES[f] for f in state_fields]))
        self.state_dim = state_dim

    def forward(self, frame, state):
        assert frame.dim() == 4 and frame.shape[1:] == (64, 64, 3), f'frame must be (B,64,64,3), got {tuple(frame.shape)}'
        assert state.dim() == 2 and state.shape[1] == self.state_dim, f'state must be (B,{self.state_dim}), got {tuple(state.shape)}'
        x = (frame.permute(0, 3, 1, 2) - 0.5) * 4.0                       # (B,3,64,64), about [-2, 2]
        f = self.image(self.convs(x))                                       # (B,feature)
        return self.head(torch.cat([f, state / self.state_scale], dim=1)) * self.action_scale   # (B,2)


def count_params(m):
    return sum(p.numel() for p in m.parameters())
