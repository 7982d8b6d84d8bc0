/**
 * `dreamdrive worker --queue redis://HOST:PORT`: serves the rollouts that `dreamdrive eval --queue`
 * enqueues on that Redis (eval/queue/queue-worker.ts), on any number of machines, until stopped.
 * Prints one line per rollout (stdout) and retries and connection trouble (stderr).
 */
import { availableParallelism } from 'node:os';
import { QueueError } from '../../../eval/queue/queue-error';
import { parseQueueUrl } from '../../../eval/queue/queue-url';
import { checkReachable } from '../../../eval/queue/redis-client';
import { DEFAULT_STALLED_AFTER_S, startQueueWorker, type WorkerEvent } from '../../../eval/queue/queue-worker';
import { QUEUE_NAME, QUEUE_PREFIX } from '../../../eval/queue/run-keys';
import { intOption, parseCommandArgs } from '../args';
import { CliError } from '../cli-error';
import type { Command } from './command';

/** Shortest --stalled-after: locks are renewed every half of it, which a loaded machine must manage. */
const MIN_STALLED_AFTER_S = 1;

const USAGE = `usage: dreamdrive worker --queue URL [options]

  --queue URL          the Redis that 'dreamdrive eval --queue URL' enqueues to: redis://HOST[:PORT][/DB]
                       or rediss:// (TLS)
  --concurrency N      rollouts at a time, each on its own thread (default: the number of cores)
  --stalled-after S    seconds after which a rollout whose worker went silent (killed, cut off) is
                       handed to another worker; it runs again within about twice that (default ${DEFAULT_STALLED_AFTER_S})
  --name NAME          this worker's name in results.json and BullMQ's worker list (default <host>-<pid>)
  --quiet              no line per rollout

Runs until stopped (Ctrl-C, SIGTERM): it then takes no new rollout, finishes the ones in progress
and stores their results. Library scenarios are read from this machine's dreamdrive; other spec
files (and --out with 'eval --logs') must be at the same path as on the machine that enqueued them.`;

function stalledAfter(value: string | undefined): number {
  if (value === undefined) return DEFAULT_STALLED_AFTER_S;
  const s = Number(value);
  if (!Number.isFinite(s) || s < MIN_STALLED_AFTER_S) throw new CliError(`dreamdrive worker: --stalled-after must be a number of seconds >= ${MIN_STALLED_AFTER_S}, got '${value}'`, 2);
  return s;
}

function describe(event: WorkerEvent): { stream: NodeJS.WriteStream; line: string } {
  switch (event.kind) {
    case 'rollout':
      return { stream: process.stdout, line: `${event.run} ${event.id} ${event.verdict} ${event.wallS.toFixed(2)} s${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}${event.stored ? '' : ' (a result was stored already; kept)'}` };
    case 'failed':
      return { stream: process.stderr, line: `${event.run} ${event.id}: attempt ${event.attempt} of ${event.attempts} failed: ${event.message}${event.attempt < event.attempts ? ' (retried later)' : ''}` };
    case 'error':
      return { stream: process.stderr, line: `Redis: ${event.message}` };
  }
}

/** Resolves with the first of SIGINT / SIGTERM; a second one ends the process at once. */
function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

export const workerCommand: Command = {
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseCommandArgs('worker', argv, {
      queue: { type: 'string' },
      concurrency: { type: 'string' },
      'stalled-after': { type: 'string' },
      name: { type: 'string' },
      quiet: { type: 'boolean' },
    });
    if (positionals.length > 0) throw new CliError(`dreamdrive worker: unexpected argument '${positionals[0]}' (see 'dreamdrive worker --help')`, 2);
    if (values.queue === undefined) throw new CliError("dreamdrive worker: give --queue redis://HOST:PORT (see 'dreamdrive worker --help')", 2);
    const concurrency = intOption('worker', 'concurrency', values.concurrency, availableParallelism(), 1);
    const stalledAfterS = stalledAfter(values['stalled-after']);
    if (values.name !== undefined && !/^[A-Za-z0-9_.-]{1,64}$/.test(values.name)) throw new CliError(`dreamdrive worker: --name '${values.name}': use 1 to 64 letters, digits, '_', '.' or '-'`, 2);
    let address;
    try {
      address = parseQueueUrl(values.queue);
      await checkReachable(address);
    } catch (error) {
      if (error instanceof QueueError) throw new CliError(`dreamdrive worker: ${error.message}`, error.usage ? 2 : 1);
      throw error;
    }
    const stopped = stopSignal();
    let lastError = '';
    const worker = await startQueueWorker({
      address,
      concurrency,
      stalledAfterS,
      name: values.name,
      onEvent: (event) => {
        if (event.kind === 'rollout' && values.quiet) return;
        // A Redis outage repeats the same error at every reconnection attempt: say it once.
        if (event.kind === 'error' && event.message === lastError) return;
        lastError = event.kind === 'error' ? event.message : '';
        const { stream, line } = describe(event);
        stream.write(`${line}\n`);
      },
    });
    const threads = worker.runner.inProcess ? 'in-process (no compiled rollout threads)' : `${worker.runner.size} rollout thread${worker.runner.size === 1 ? '' : 's'}`;
    process.stdout.write(`worker ${worker.name} serving ${address.display} (queue ${QUEUE_PREFIX}:${QUEUE_NAME}), ${threads}, stalled after ${stalledAfterS} s; Ctrl-C stops it\n`);
    const signal = await stopped;
    process.stderr.write(`${signal}: finishing the rollouts in progress\n`);
    await worker.close();
    return 0;
  },
};
