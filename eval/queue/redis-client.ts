/**
 * Connections to the queue's Redis for our own keys (results, run metadata), and the check that
 * Redis is there at all before BullMQ is started.
 *
 * ioredis (and BullMQ on top of it) reconnects forever by default, which is what a long-running
 * worker wants during a Redis restart, but it would make `dreamdrive eval --queue` with a wrong
 * host hang without a word. So every command first calls `checkReachable`: one connection that
 * does not retry, with a deadline, answered by PING; its failure is a QueueError that says where.
 */
import { Redis } from 'ioredis';
import { errorMessage } from '../../scenarios/errors';
import type { QueueAddress } from './queue-url';
import { QueueError } from './queue-error';

/** How long the reachability check waits for a connection and a PONG, ms. */
export const CONNECT_TIMEOUT_MS = 5000;

function describe(error: unknown): string {
  const message = errorMessage(error);
  if (/NOAUTH|WRONGPASS|invalid password|invalid username/i.test(message)) return `it refused the credentials (${message})`;
  if (/ECONNREFUSED/.test(message)) return `connection refused (${message}); is redis-server running there?`;
  if (/ENOTFOUND|EAI_AGAIN/.test(message)) return `the host name does not resolve (${message})`;
  return message;
}

/** Resolves when Redis at `address` answers PING within `timeoutMs`; else a QueueError naming it. */
export async function checkReachable(address: QueueAddress, timeoutMs = CONNECT_TIMEOUT_MS): Promise<void> {
  const client = new Redis(address.url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
  });
  // connect() rejects with 'Connection is closed' after a failure; the cause comes as an event.
  let cause: unknown = null;
  client.on('error', (error) => (cause ??= error));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${(timeoutMs / 1000).toFixed(1)} s`)), timeoutMs);
  });
  try {
    await Promise.race([
      (async () => {
        await client.connect();
        await client.ping();
      })(),
      deadline,
    ]);
  } catch (error) {
    throw new QueueError(`cannot reach Redis at ${address.display}: ${describe(cause ?? error)}`);
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

/** Reconnection delays of openRedis' clients: 0.2 s, 0.4 s, ... up to 2 s (ioredis' own grow to 5 s). */
const reconnectDelayMs = (attempt: number) => Math.min(attempt * 200, 2000);
/** Reconnection attempts before a command fails: about 11 s of 0.2-2 s delays. */
export const RETRIES_PER_COMMAND = 10;

/**
 * A client for our commands (and BullMQ's, in the collector). It reconnects after a Redis restart,
 * but a command that cannot be sent within RETRIES_PER_COMMAND attempts (about 11 s) fails, so a
 * Redis that is gone ends a run with a message instead of a wait without end.
 */
export function openRedis(address: QueueAddress, onError: (error: Error) => void): Redis {
  const client = new Redis(address.url, { connectTimeout: CONNECT_TIMEOUT_MS, maxRetriesPerRequest: RETRIES_PER_COMMAND, retryStrategy: reconnectDelayMs });
  client.on('error', onError);
  return client;
}
