/** Every subcommand, in the order `dreamdrive --help` lists them. */
import type { Command } from './command';
import { datasetCommand } from './dataset';
import { importCommand } from './import';
import { evalCommand } from './eval';
import { evalModelCommand } from './eval-model';
import { libraryCommand } from './library';
import { listCommand } from './list';
import { renderCommand } from './render';
import { replayCommand } from './replay';
import { runCommand } from './run';
import { schemaCommand } from './schema';
import { serveCommand } from './serve';
import { sweepCommand } from './sweep';
import { validateCommand } from './validate';
import { workerCommand } from './worker';

export const COMMANDS: readonly Command[] = [
  listCommand,
  validateCommand,
  runCommand,
  importCommand,
  sweepCommand,
  evalCommand,
  workerCommand,
  renderCommand,
  datasetCommand,
  evalModelCommand,
  replayCommand,
  libraryCommand,
  serveCommand,
  schemaCommand,
];
