/** The --queue and --run-id options of `dreamdrive eval`, read before anything runs. */
import { queueTarget } from '../../../api/cli/eval-queue';
import { CliError } from '../../../api/cli/cli-error';

function usageError(run: () => unknown): CliError {
  try {
    run();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('expected a CliError');
}

describe('queueTarget', () => {
  test('no --queue: the embedded pool (null)', () => {
    expect(queueTarget(undefined, undefined)).toBeNull();
  });

  test('--queue with --run-id names that run; without, a fresh run id', () => {
    const named = queueTarget('redis://127.0.0.1:6390', 'nightly-7')!;
    expect([named.address.display, named.runId]).toEqual(['redis://127.0.0.1:6390', 'nightly-7']);
    expect(queueTarget('redis://127.0.0.1:6390', undefined)!.runId).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{6}$/);
  });

  test.each([
    [undefined, 'x', 'dreamdrive eval: --run-id names a run on a queue; give --queue redis://HOST:PORT as well'],
    ['redis://h', 'a b', "dreamdrive eval: --run-id 'a b': use 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit"],
    ['redis//h', undefined, "dreamdrive eval: --queue 'redis//h': not a URL (expected redis://HOST[:PORT][/DB] or rediss://..., e.g. redis://127.0.0.1:6379)"],
    ['http://127.0.0.1:6379', undefined, "dreamdrive eval: --queue 'http://127.0.0.1:6379': only redis:// and rediss:// are supported, not http:// (expected redis://HOST[:PORT][/DB] or rediss://..., e.g. redis://127.0.0.1:6379)"],
  ])('--queue %p --run-id %p is a usage error (exit 2)', (queue, runId, message) => {
    const error = usageError(() => queueTarget(queue, runId));
    expect([error.exitCode, error.message]).toEqual([2, message]);
  });
});
