/** Names in Redis: run ids, run names, job ids and keys. */
import { checkRunId, isRunName, metaKey, newRunId, queueJobId, resultsKey, runName } from '../../../eval/queue/run-keys';

describe('run keys', () => {
  test('a run is named <suite>@<run id> and its job ids and keys are built from that name', () => {
    const run = runName('library', 'nightly-42');
    expect(run).toBe('library@nightly-42');
    expect(queueJobId(run, 'cut_in|gap=20|seed=0|idm|none')).toBe('library@nightly-42|cut_in|gap=20|seed=0|idm|none');
    expect(resultsKey(run)).toBe('dreamdrive:eval-run:library@nightly-42:results');
    expect(metaKey(run)).toBe('dreamdrive:eval-run:library@nightly-42:meta');
  });

  test('a fresh run id is the UTC second and 6 hex digits, and two differ', () => {
    const at = new Date(Date.UTC(2026, 10, 25, 18, 35, 7, 123));
    const a = newRunId(at);
    expect(a).toMatch(/^20261125T183507Z-[0-9a-f]{6}$/);
    expect(checkRunId(a)).toBe(a);
    expect(newRunId(at)).not.toBe(a);
  });

  test.each([
    ['library@nightly-42', true],
    ['queue-test@20261125T183507Z-4f2a9c', true],
    ['Library@x', false],
    ['library@x:results', false],
    ['library', false],
    ['@x', false],
  ])('isRunName(%p) is %p', (run, expected) => {
    expect(isRunName(run)).toBe(expected);
  });

  test.each(['', 'has space', 'a:b', '-leading-dash', 'x'.repeat(65), 'über'])('refuses the run id %p', (id) => {
    expect(() => checkRunId(id)).toThrow(/--run-id .*: use 1 to 64 letters, digits/);
  });
});
