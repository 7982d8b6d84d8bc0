/**
 * The one error the CLI shows to users as it is (a message, no stack), with its exit code.
 * Anything else that escapes a command is an internal error and is reported as such.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
