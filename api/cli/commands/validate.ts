/**
 * `dreamdrive validate <files...>`: parse, check and resolve every spec (lane ids included),
 * list every error of every file, exit 1 if any file has one.
 */
import { SpecError, formatIssue } from '../../../scenarios/errors';
import { instantiate } from '../../../scenarios/instantiate';
import { loadSpecFile } from '../../../scenarios/load-spec';
import { findScenario } from '../../../scenarios/library';
import { parseCommandArgs } from '../args';
import { CliError } from '../cli-error';
import type { Command } from './command';

export const validateCommand: Command = {
  usage: 'usage: dreamdrive validate <file-or-library-name...> [--json]\n\n  exit code 0 when all are valid, 1 otherwise',
  async run(argv) {
    const { values, positionals } = parseCommandArgs('validate', argv, { json: { type: 'boolean' } });
    if (positionals.length === 0) throw new CliError('dreamdrive validate: give at least one spec file', 2);
    const results: { file: string; ok: boolean; issues: ReturnType<typeof toJson>[] }[] = [];
    for (const arg of positionals) {
      const path = findScenario(arg) ?? arg;
      try {
        const parsed = loadSpecFile(path);
        const { resolved } = instantiate(parsed.spec);
        results.push({ file: path, ok: true, issues: [...parsed.warnings, ...resolved.warnings].map(toJson) });
      } catch (err) {
        if (!(err instanceof SpecError)) throw err;
        results.push({ file: path, ok: false, issues: err.issues.map(toJson) });
      }
    }
    if (values.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    else {
      for (const r of results) {
        for (const i of r.issues) process.stderr.write(`${i.text}\n`);
        process.stdout.write(`${r.ok ? 'ok     ' : 'invalid'} ${r.file}\n`);
      }
    }
    return results.every((r) => r.ok) ? 0 : 1;
  },
};

function toJson(issue: SpecError['issues'][number]) {
  return { ...issue, text: formatIssue(issue) };
}
