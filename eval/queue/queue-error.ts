/**
 * The one error of distributed evaluation that a user can act on: a bad `--queue` URL, a Redis that
 * cannot be reached, a `--run-id` that names another suite's run. The CLI shows its message as it
 * is (no stack); `usage` marks the ones that are a mistake on the command line (exit 2, not 1).
 */
export class QueueError extends Error {
  constructor(
    message: string,
    readonly usage = false,
  ) {
    super(message);
    this.name = 'QueueError';
  }
}
