import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertBuilt, runCli, STACK_LINE } from '../../helpers/cli';

describe('dreamdrive dataset (compiled CLI)', () => {
  let dir: string;
  beforeAll(() => {
    assertBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dreamdrive-cli-dataset-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a dataset, reports frames/s and resumes on a rerun', async () => {
    const args = ['dataset', '--out', dir, '--episodes', '3', '--steps', '5', '--size', '16x16', '--workers', '2', '--shard-episodes', '2'];
    const first = await runCli(args);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/3 episodes x 5 frames \(16x16\).*2 shards written, 0 already complete.*frames\/s with 2 workers/);
    expect(fs.existsSync(path.join(dir, 'shard_00001', 'COMPLETE'))).toBe(true);
    const again = await runCli(args);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 shards written, 2 already complete/);
  });

  it.each([
    [['dataset', '--episodes', '2'], 2, /--out DIR is required/],
    [['dataset', '--out', '/tmp/x'], 2, /--episodes N is required/],
    [['dataset', '--out', '/tmp/x', '--episodes', '2', '--size', '64'], 2, /--size must look like 64x64/],
    [['dataset', '--out', '/tmp/x', '--episodes', '0'], 2, /--episodes must be an integer >= 1/],
  ])('refuses %j with exit %d and a clear message', async (args, code, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('refuses to resume a folder written with other arguments, naming them', async () => {
    const r = await runCli(['dataset', '--out', dir, '--episodes', '3', '--steps', '6', '--size', '16x16', '--workers', '1', '--shard-episodes', '2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/other arguments \(steps: 5 -> 6\)/);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });
});
