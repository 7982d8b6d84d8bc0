/** Resolves a scenario argument (library name or spec path) to a parsed spec, or a clear error. */
import { didYouMean } from '../../scenarios/did-you-mean';
import { findScenario, listLibrary } from '../../scenarios/library';
import { loadSpecFile, type ParsedSpec } from '../../scenarios/load-spec';
import { CliError } from './cli-error';

export function loadScenarioArg(command: string, arg: string | undefined): ParsedSpec & { path: string } {
  if (arg === undefined) throw new CliError(`dreamdrive ${command}: missing <scenario> (a library name, a .yaml/.json spec or an OpenSCENARIO .xosc)`, 2);
  const path = findScenario(arg);
  if (path === null) {
    const names = listLibrary().map((e) => e.name);
    throw new CliError(`dreamdrive ${command}: no scenario file or library scenario named '${arg}'${didYouMean(arg, names)} (library: ${names.join(', ')})`);
  }
  return { ...loadSpecFile(path), path };
}
