"""Export a trained camera policy to ONNX, with its card and a parity fixture.

    /usr/bin/python3 model/policy_train/export.py --run /tmp/bc/run --data /tmp/bc/demos --out model/policies/camera

Writes into --out:
  policy.onnx        frame (B,64,64,3) f32 in [0,1], state (B,S) [the fields of the demos,
                     speed_mps, set_speed_mps]
                     -> action (B,2) [accel_mps2, steer_rad]; opset 17, batch axis dynamic
  policy.card.json   what model/policies/policy-card.ts checks at load: inputs and outputs with
                     their shapes and fields, the camera the frames were rendered with, the step,
                     plus the training summary (data, steps, curve)
  fixture/           FIXTURE_SAMPLES validation samples (real frames) and PyTorch's actions, as .npy,
                     listed in fixture.json with a max-abs-diff tolerance, so a runtime can check itself
"""
import argparse
import json
import os
import sys
import warnings

import numpy as np
import torch

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from net import ACTION_SCALE, STATE_SCALES, CameraPolicyNet, count_params  # noqa: E402
from train import Demos  # noqa: E402

OPSET = 17
FIXTURE_SAMPLES = 3
CARD_NAME = 'dreamdrive-policy'


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--run', required=True, help='run folder written by train.py')
    p.add_argument('--data', required=True, help='the demo folder it was trained on (fixture frames, card)')
    p.add_argument('--out', required=True)
    args = p.parse_args(argv)
    ck = torch.load(os.path.join(args.run, 'policy.pt'))
    run = json.load(open(os.path.join(args.run, 'run.json')))
    net = CameraPolicyNet(**ck['config'])
    net.load_state_dict(ck['model'])
    net.eval()
    ds = Demos(args.data)
    os.makedirs(os.path.join(args.out, 'fixture'), exist_ok=True)
    rows = ds.rows['val'][np.linspace(0, len(ds.rows['val']) - 1, FIXTURE_SAMPLES).astype(int)]
    frame, state, _ = ds.batch(rows)
    path = os.path.join(args.out, 'policy.onnx')
    warnings.filterwarnings('ignore', category=torch.jit.TracerWarning)
    torch.onnx.export(net, (frame, state), path, input_names=['frame', 'state'], output_names=['action'],
                      dynamic_axes={n: {0: 'batch'} for n in ('frame', 'state', 'action')},
                      opset_version=OPSET, do_constant_folding=True)
    import onnx
    onnx.checker.check_model(onnx.load(path))
    with torch.no_grad():
        action = net(frame, state)
    fixture = {'inputs': {}, 'outputs': {}}
    for kind, name, t in (('inputs', 'frame', frame), ('inputs', 'state', state), ('outputs', 'action', action)):
        file = f'fixture/{name}.npy'
        np.save(os.path.join(args.out, file), t.numpy().astype(np.float32))
        fixture[kind][name] = {'file': file, 'shape': list(t.shape)}
    # float32 ONNX vs PyTorch differ by reassociation only; 1e-4 rad / m/s^2 is far below what matters
    fixture['max_abs_diff_tolerance'] = 1e-4
    with open(os.path.join(args.out, 'fixture', 'fixture.json'), 'w') as f:
        json.dump(fixture, f, indent=1)
    m = ds.manifest
    curve = json.load(open(os.path.join(args.run, 'curve.json')))
    card = {
        'name': CARD_NAME, 'format': 'onnx', 'opset': OPSET, 'torch': torch.__version__,
        'description': 'lane keeping and cruise control from one camera frame, behaviour-cloned from '
                       'a privileged pure-pursuit expert with DART noise (model/policy_train/)',
        'inputs': {
            'frame': {'shape': ['batch', 64, 64, 3], 'range': [0, 1],
                      'meaning': 'the ego camera frame, RGB, top row first'},
            'state': {'shape': ['batch', len(m['stateFields'])], 'fields': m['stateFields']},
        },
        'outputs': {'action': {'shape': ['batch', 2], 'fields': ['accel_mps2', 'steer_rad']}},
        'camera': {k: m['camera'][k] for k in ('widthPx', 'heightPx', 'fovRad', 'mountHeightM', 'pitchRad', 'mountXM', 'mountYM')},
        'dt_s': m['dtS'],
        'architecture': {'type': 'PilotNet-style CNN, 4 stride-2 convs + MLP', **ck['config'],
                         'params': count_params(net), 'action_scale': list(ACTION_SCALE), 'state_scales': STATE_SCALES},
        'training': {'data': {'arguments': m['arguments'], 'samples': run['samples'], 'expert': m['expert'], 'noise': m['noise']},
                     'steps': run['steps_done'], 'seconds': round(run['seconds'], 1), 'args': run['args'],
                     'val': curve['val'], 'train_loss': curve['train'][::max(1, len(curve['train']) // 60)]},
    }
    with open(os.path.join(args.out, 'policy.card.json'), 'w') as f:
        json.dump(card, f, indent=1)
    print(f'{path}: {os.path.getsize(path) / 1e3:.0f} kB, checker ok; card and fixture written to {args.out}')


if __name__ == '__main__':
    main()
