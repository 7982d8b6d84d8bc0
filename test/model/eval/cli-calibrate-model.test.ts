import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertBuilt, runCli, STACK_LINE } from '../../helpers/cli';

/** Two 3-frame calibration rollouts and a 1-episode evaluation (~10 s each on 2 busy cores). */
const RUN_TIMEOUT_MS = 180_000;
const SHIPPED = path.join(__dirname, '..', '..', '..', 'model', 'weights');

type Card = Record<string, any>;
const readCard = (dir: string): Card => JSON.parse(fs.readFileSync(path.join(dir, 'model_card.json'), 'utf8'));

describe('dreamdrive calibrate-model (compiled CLI)', () => {
  let dir: string;
  let model: string;
  beforeAll(() => {
    assertBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dreamdrive-calibrate-'));
    model = path.join(dir, 'model');
    fs.cpSync(SHIPPED, model, { recursive: true });
    const card = readCard(model);
    delete card.decoding;
    fs.writeFileSync(path.join(model, 'model_card.json'), JSON.stringify(card));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses calibrated decoding for a card without gains, naming the command that makes them', async () => {
    const r = await runCli(['eval-model', '--model', model, '--episodes', '1', '--horizon', '2', '--decode', 'calibrated', '--out', path.join(dir, 'refused')], { timeoutMs: RUN_TIMEOUT_MS });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--decode calibrated needs anchor gains in .*model_card.json; run 'dreamdrive calibrate-model --model /);
    expect(r.stderr).not.toMatch(STACK_LINE);
  }, RUN_TIMEOUT_MS);

  it('prints the gains with --dry-run and leaves the card as it is', async () => {
    const before = fs.readFileSync(path.join(model, 'model_card.json'), 'utf8');
    const r = await runCli(['calibrate-model', '--model', model, '--episodes', '2', '--horizon', '3', '--dry-run'], { timeoutMs: RUN_TIMEOUT_MS });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/anchor gains \(change\/residual\) of .* from 2 val episodes \(seed \d+\), horizon 3/);
    expect(r.stdout).toMatch(/ungrounded: h1 \d\.\d\d\/\d\.\d\d, h2 \d\.\d\d\/\d\.\d\d/);
    expect(fs.readFileSync(path.join(model, 'model_card.json'), 'utf8')).toBe(before);
  }, RUN_TIMEOUT_MS);

  it('writes one gain per horizon step for each camera into the card, keeps the rest, and eval-model then decodes with them', async () => {
    const before = readCard(model);
    const r = await runCli(['calibrate-model', '--model', model, '--episodes', '2', '--horizon', '3'], { timeoutMs: RUN_TIMEOUT_MS });
    expect(r.code).toBe(0);
    const card = readCard(model);
    expect({ ...card, decoding: null }).toEqual({ ...before, decoding: null });
    for (const cam of ['ungrounded', 'grounded']) {
      for (const series of ['change', 'residual']) {
        expect(card.decoding.anchor_gains[cam][series]).toHaveLength(3);
        for (const g of card.decoding.anchor_gains[cam][series]) expect(g).toBeGreaterThanOrEqual(0);
      }
    }
    expect(card.decoding.fitted).toMatchObject({ split: 'val', episodes: 2, horizon: 3, command: 'dreamdrive calibrate-model --model ' + model + ' --episodes 2 --horizon 3' });

    const out = path.join(dir, 'eval');
    const e = await runCli(['eval-model', '--model', model, '--episodes', '1', '--horizon', '2', '--out', out], { timeoutMs: RUN_TIMEOUT_MS });
    expect(e.code).toBe(0);
    expect(e.stdout).toMatch(/calibrated decoding/);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8')).model.decoding).toBe('calibrated');
  }, RUN_TIMEOUT_MS);

  it('with --pan also fits pan gains for both cameras, and says so in the card', async () => {
    const r = await runCli(['calibrate-model', '--model', model, '--episodes', '2', '--horizon', '3', '--pan'], { timeoutMs: RUN_TIMEOUT_MS });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/anchor gains \(change\/residual\/pan\/pan residual\)/);
    expect(r.stdout).toMatch(/ungrounded: h1 \d\.\d\d\/\d\.\d\d\/\d\.\d\d\/\d\.\d\d/);
    expect(r.stdout).toMatch(/grounded: {3}h1 \d\.\d\d\/\d\.\d\d\/\d\.\d\d\/\d\.\d\d,/);
    const gains = readCard(model).decoding.anchor_gains;
    for (const cam of ['ungrounded', 'grounded']) for (const series of ['pan', 'pan_residual']) expect(gains[cam][series]).toHaveLength(3);
    expect(readCard(model).decoding.fitted).toMatchObject({ pan: true });
    // the model loads with them
    const e = await runCli(['eval-model', '--model', model, '--episodes', '1', '--horizon', '2', '--out', path.join(dir, 'eval-pan')], { timeoutMs: RUN_TIMEOUT_MS });
    expect(e.code).toBe(0);
  }, RUN_TIMEOUT_MS);

  it('names a model folder that does not exist, and a bad option', async () => {
    const missing = await runCli(['calibrate-model', '--model', path.join(dir, 'nope')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/dreamdrive calibrate-model: --model .*nope does not exist/);
    const bad = await runCli(['calibrate-model', '--episodes', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--episodes/);
  });
});
