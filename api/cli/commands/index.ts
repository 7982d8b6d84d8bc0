/** Every subcommand, in the order `dreamdrive --help` lists them. */
import type { Command } from './command';
import { datasetCommand } from './dataset';
import { libraryCommand } from './library';
import { listCommand } from './list';
import { renderCommand } from './render';
import { replayCommand } from './replay';
import { runCommand } from './run';
import { schemaCommand } from './schema';
import { serveCommand } from './serve';
import { sweepCommand } from './sweep';
import { validateCommand } from './validate';

export const COMMANDS: readonly Command[] = [
  listCommand,
  validateCommand,
  runCommand,
  sweepCommand,
  renderCommand,
  datasetCommand,
  replayCommand,
  libraryCommand,
  serveCommand,
  schemaCommand,
];
