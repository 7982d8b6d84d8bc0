/**
 * Option parsing for subcommands on node's util.parseArgs, with errors as CliError (exit 2) and
 * small typed readers that name the option in their message.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './cli-error';

export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(command: string, argv: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliError(`dreamdrive ${command}: ${(err as Error).message} (see 'dreamdrive ${command} --help')`, 2);
  }
}

export function intOption(command: string, name: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new CliError(`dreamdrive ${command}: --${name} must be an integer >= ${min}, got '${value}'`, 2);
  return n;
}
