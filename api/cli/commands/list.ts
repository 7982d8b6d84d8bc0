/** `dreamdrive list [--json]`: the scenario library with descriptions and tags. */
import { listLibrary } from '../../../scenarios/library';
import { loadSpecFile } from '../../../scenarios/load-spec';
import { parseCommandArgs } from '../args';
import type { Command } from './command';

export const listCommand: Command = {
  usage: 'usage: dreamdrive list [--json]\n\n  --json   print the list as JSON (name, path, description, tags, duration, road)',
  async run(argv) {
    const { values } = parseCommandArgs('list', argv, { json: { type: 'boolean' } });
    const entries = listLibrary().map((e) => {
      const { spec } = loadSpecFile(e.path);
      return { name: e.name, path: e.path, description: (spec.description ?? '').trim(), tags: spec.tags ?? [], durationS: spec.duration, road: spec.road.type };
    });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
      return 0;
    }
    const width = Math.max(...entries.map((e) => e.name.length));
    for (const e of entries) {
      const first = e.description.split(/(?<=\.)\s/)[0];
      process.stdout.write(`${e.name.padEnd(width)}  ${String(e.road).padEnd(12)}  ${first}\n`);
    }
    return 0;
  },
};
