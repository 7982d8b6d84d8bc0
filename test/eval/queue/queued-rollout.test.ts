/** Job data as a worker reads it: the checks on its shape and where the spec file is looked up. */
import * as path from 'node:path';
import { QUEUED_ROLLOUT_FORMAT, QueuedRolloutFormatError, readQueuedRollout, workerSpecPath, type QueuedRollout } from '../../../eval/queue/queued-rollout';

const job = { id: 'cut_in|-|seed=0|idm|none', scenario: 'cut_in', specPath: '/opt/a/dreamdrive/scenarios/library/cut_in.yaml', specSha1: 'f'.repeat(40), parameters: { gap: 20 }, seed: 0, policy: 'idm', camera: 'none', expected: 'pass' };
const rollout: QueuedRollout = { format: QUEUED_ROLLOUT_FORMAT, run: 'lib@r1', job: job as QueuedRollout['job'], packageRoot: '/opt/a/dreamdrive', dreamdriveVersion: '0.1.0', log: null };

describe('readQueuedRollout', () => {
  test('returns well-formed data as it is (a round trip through JSON)', () => {
    expect(readQueuedRollout(JSON.parse(JSON.stringify(rollout)))).toEqual(rollout);
    const logged = { ...rollout, log: { outDir: '/shared/out', ref: 'logs/x.mcap' } };
    expect(readQueuedRollout(logged)).toEqual(logged);
  });

  test.each([
    [null, 'its data is not an object'],
    [{ ...rollout, format: 'dreamdrive-eval-rollout/2' }, 'format "dreamdrive-eval-rollout/2", this worker reads dreamdrive-eval-rollout/1'],
    [{ ...rollout, run: 7 }, "'run' is not a string"],
    [{ ...rollout, run: 'lib@r1:meta' }, `'run' "lib@r1:meta" is not <suite>@<run id>`],
    [{ ...rollout, job: [] }, "'job' is not an object"],
    [{ ...rollout, job: { ...job, specSha1: undefined } }, "'job.specSha1' is not a string"],
    [{ ...rollout, job: { ...job, seed: 1.5 } }, "'job.seed' is not an integer"],
    [{ ...rollout, job: { ...job, expected: 'maybe' } }, "'job.expected' is not 'pass' or 'fail'"],
    [{ ...rollout, job: { ...job, parameters: { gap: '20' } } }, "'job.parameters' is not a map of numbers"],
    [{ ...rollout, log: { outDir: '/x' } }, "'log' is not null or { outDir, ref }"],
  ])('refuses %j: %s', (data, why) => {
    expect(() => readQueuedRollout(data)).toThrow(QueuedRolloutFormatError);
    expect(() => readQueuedRollout(data)).toThrow(`not a dreamdrive rollout job (${why}); was it enqueued by another version of dreamdrive?`);
  });
});

describe('workerSpecPath', () => {
  test("a spec inside the enqueuing machine's package is looked up in the worker's own package", () => {
    expect(workerSpecPath(rollout, '/home/ci/dreamdrive')).toBe(path.join('/home/ci/dreamdrive', 'scenarios', 'library', 'cut_in.yaml'));
  });

  test('a spec outside it keeps its path (a shared filesystem)', () => {
    const shared = { ...rollout, job: { ...rollout.job, specPath: '/mnt/specs/merge.yaml' } };
    expect(workerSpecPath(shared, '/home/ci/dreamdrive')).toBe('/mnt/specs/merge.yaml');
    const sibling = { ...rollout, job: { ...rollout.job, specPath: '/opt/a/dreamdrive-specs/x.yaml' } };
    expect(workerSpecPath(sibling, '/home/ci/dreamdrive')).toBe('/opt/a/dreamdrive-specs/x.yaml');
  });
});
