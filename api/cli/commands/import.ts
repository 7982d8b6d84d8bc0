/**
 * `dreamdrive import <file.xosc>`: converts an OpenSCENARIO 1.x scenario into our spec (YAML; the
 * road stays a reference to its .xodr), checks that it resolves on the imported road (lane ids,
 * expressions), prints every approximation and ignored element with its line, and writes the spec
 * to --out (or stdout). `run`, `render`, `sweep`, `validate` and `serve` also take a .xosc directly.
 */
import { dirname, relative, resolve, sep } from 'node:path';
import { formatIssue, SpecError } from '../../../scenarios/errors';
import { loadOpenScenarioFile, specYaml } from '../../../scenarios/import/openscenario/load-openscenario';
import { instantiate } from '../../../scenarios/instantiate';
import { writeFileAtomic } from '../../atomic-write';
import { parseCommandArgs } from '../args';
import { CliError } from '../cli-error';
import type { Command } from './command';

const USAGE = `usage: dreamdrive import <file.xosc> [options]

  --out FILE        write the spec here (default: print it); the .xodr path is made relative to it
  --ego NAME        the entity to make the ego (default: the one named Ego)
  --duration S      simulated time when the StopTrigger is not a plain time condition (default 30)
  --json            print {spec, warnings} as JSON instead of YAML

  Exit code 0 when the file imports (warnings list what is approximated or ignored, with lines),
  1 when something would change the scenario's meaning (errors with lines).`;

export const importCommand: Command = {
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseCommandArgs('import', argv, {
      out: { type: 'string' },
      ego: { type: 'string' },
      duration: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (positionals.length !== 1) throw new CliError(`dreamdrive import: give one .xosc file (got ${positionals.length})`, 2);
    const file = positionals[0];
    if (!file.toLowerCase().endsWith('.xosc')) throw new CliError(`dreamdrive import: '${file}' is not an OpenSCENARIO file (.xosc)`, 2);
    const durationS = values.duration === undefined ? undefined : Number(values.duration);
    if (durationS !== undefined && !(durationS > 0)) throw new CliError(`dreamdrive import: --duration must be a positive number of seconds, got '${values.duration}'`, 2);
    const loaded = loadOpenScenarioFile(file, { ego: values.ego, durationS });
    // Resolving on the real road catches what only the network knows (lane ids, starts off a lane).
    let resolvedWarnings: readonly SpecError['issues'][number][] = [];
    try {
      resolvedWarnings = instantiate(loaded.spec).resolved.warnings.filter((w) => !loaded.warnings.includes(w));
    } catch (error) {
      if (error instanceof SpecError) throw new SpecError([...loaded.warnings, ...error.issues]);
      throw error;
    }
    const warnings = [...loaded.warnings, ...resolvedWarnings];
    if (values.json) process.stdout.write(`${JSON.stringify({ spec: loaded.imported.spec, warnings }, null, 2)}\n`);
    else {
      for (const w of warnings) process.stderr.write(`${formatIssue(w)}\n`);
      if (values.out === undefined) process.stdout.write(loaded.text);
    }
    if (values.out !== undefined) {
      // The spec is checked beside the .xosc; written elsewhere, its .xodr path is made relative to --out.
      const { imported } = loaded;
      const road = { ...(imported.spec.road as object), file: relative(dirname(resolve(values.out)), imported.xodrPath).split(sep).join('/') };
      writeFileAtomic(values.out, specYaml({ ...imported, spec: { ...imported.spec, road } }, file.split(/[\\/]/).pop() ?? file));
      if (!values.json) process.stderr.write(`wrote ${values.out} (${warnings.length} warning${warnings.length === 1 ? '' : 's'})\n`);
    }
    return 0;
  },
};
