/**
 * The tokenizer's actor-weighted loss (model/train/model.py, train.py --actor-weight): its colour
 * mask picks the renderer's actor palettes and none of the scene's surfaces, and the weight raises
 * the loss of errors on actor pixels only. Needs Debian's python3-torch (skipped otherwise).
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from '../../helpers/cli';
import { AGENT_PALETTES, DEFAULT_APPEARANCE } from '../../../sim/render/appearance';

const PYTHON = '/usr/bin/python3';
const available = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
if (!available) console.warn(`skipping the tokenizer loss checks: ${PYTHON} cannot import torch (apt-get install python3-torch)`);

function python(body: string): unknown {
  const code = ['import json, sys, torch', `sys.path.insert(0, ${JSON.stringify(path.join(REPO_ROOT, 'model', 'train'))})`, 'from model import actor_colour_mask, tokenizer_loss', body].join('\n');
  const run = spawnSync(PYTHON, ['-c', code], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1' } });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

const GOLDEN_HOUR = [1.12, 0.92, 0.72];

(available ? describe : describe.skip)('tokenizer loss (python3-torch)', () => {
  it('marks every actor palette colour, also under golden-hour light, and no scene surface', () => {
    const actors = Object.values(AGENT_PALETTES).flat();
    const tinted = actors.map((c) => c.map((v, i) => Math.min(255, v * GOLDEN_HOUR[i])));
    const a = DEFAULT_APPEARANCE;
    const scene = [a.skyZenith, a.skyHorizon, a.haze, a.grass, a.shoulder, a.road, a.marking, a.kerb, a.grass.map((v, i) => v * GOLDEN_HOUR[i]), [0, 0, 0]];
    const colours = [...actors, ...tinted, ...scene];
    const mask = python(`x = torch.tensor(${JSON.stringify(colours)}, dtype=torch.float32).view(1, 1, -1, 3) / 255\nprint(json.dumps(actor_colour_mask(x).view(-1).tolist()))`) as number[];
    expect(mask.slice(0, 2 * actors.length)).toEqual(new Array(2 * actors.length).fill(1));
    expect(mask.slice(2 * actors.length)).toEqual(new Array(scene.length).fill(0));
  });

  it('weighs an error on an actor pixel (1 + w) times and leaves one on the road as it was', () => {
    const r = python(
      [
        'target = torch.tensor([[196, 32, 32], [86, 86, 90]], dtype=torch.float32).view(1, 1, 2, 3) / 255',
        'on_actor, on_road = target.clone(), target.clone()',
        'on_actor[0, 0, 0] += 0.1; on_road[0, 0, 1] += 0.1',
        'f = lambda p, w: tokenizer_loss(p, target, actor_weight=w).item()',
        'print(json.dumps({"actor": f(on_actor, 9) / f(on_actor, 0), "road": f(on_road, 9) / f(on_road, 0)}))',
      ].join('\n'),
    ) as { actor: number; road: number };
    expect(r.actor).toBeCloseTo(10, 5);
    expect(r.road).toBeCloseTo(1, 9);
  });
});
