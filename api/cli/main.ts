/**
 * `dreamdrive <command> [options]`: dispatches to one module per subcommand and turns every error
 * into a message and an exit code (1 = bad input or failed check, 2 = usage or internal error).
 * Stack traces are shown only with DREAMDRIVE_DEBUG=1.
 */
import { CliError } from './cli-error';
import { COMMANDS } from './commands/index';
import { formatKnownError } from './format-error';

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return ['usage: dreamdrive <command> [options]', '', 'commands:', ...lines, '', "run 'dreamdrive <command> --help' for a command's options"].join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`dreamdrive: unknown command '${name}'\n\n${usage()}\n`);
    return 2;
  }
  try {
    const loaded = await command.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(`${loaded.usage}\n`);
      return 0;
    }
    return await loaded.run(rest);
  } catch (err) {
    const known = formatKnownError(err);
    if (known !== null) {
      process.stderr.write(`${known}\n`);
      return err instanceof CliError ? err.exitCode : 1;
    }
    const e = err as Error;
    process.stderr.write(`dreamdrive ${name}: internal error: ${e?.message ?? String(err)}\n`);
    if (process.env.DREAMDRIVE_DEBUG === '1') process.stderr.write(`${e?.stack ?? ''}\n`);
    return 2;
  }
}
