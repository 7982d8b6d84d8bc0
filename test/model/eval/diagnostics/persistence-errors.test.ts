/**
 * persistence-errors.js breaks a camera's object-persistence errors down by kind, class, size,
 * horizon and cause; its counts add up to the error count it reports, which is eval-model's.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { assertBuilt, REPO_ROOT } from '../../../helpers/cli';
import { MODEL_DIR } from '../../runtime/shipped-model';

const SCRIPT = path.join(REPO_ROOT, 'dist', 'model', 'eval', 'diagnostics', 'persistence-errors.js');

describe('persistence-errors', () => {
  beforeAll(() => assertBuilt());

  it.each([[[]], [['--no-refiner']]])('lists the errors of the grounded rollouts of 2 val episodes, with %p, adding up to the total', (flags) => {
    const r = spawnSync(process.execPath, [SCRIPT, MODEL_DIR, '2', 'val', ...flags], { encoding: 'utf8', timeout: 90_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [head, columns, ...rows] = r.stdout.trim().split('\n');
    const m = /: 2 val episodes, horizon 50, grounded: (\d+) errors in (\d+) actor-frames/.exec(head);
    expect(m).not.toBeNull();
    expect(head.includes('(no refiner)')).toBe(flags.length > 0);
    expect(columns).toBe('count\tkind\tclass\tsize\thorizon\twhere');
    const counts = rows.filter((l) => l.length > 0).map((l) => l.split('\t'));
    for (const c of counts) {
      expect(['vanished', 'hallucinated']).toContain(c[1]);
      expect(c).toHaveLength(6);
    }
    expect(counts.reduce((s, c) => s + Number(c[0]), 0)).toBe(Number(m![1]));
    expect(Number(m![2])).toBeGreaterThan(0);
  }, 120_000);
});
