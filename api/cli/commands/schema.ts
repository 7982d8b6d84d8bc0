/** `dreamdrive schema [--out FILE]`: the JSON Schema of scenario specs, for editors. */
import { jsonSchemaText } from '../../../scenarios/spec-schema';
import { writeFileAtomic } from '../../atomic-write';
import { parseCommandArgs } from '../args';
import type { Command } from './command';

export const schemaCommand: Command = {
  usage: 'usage: dreamdrive schema [--out FILE]',
  async run(argv) {
    const { values } = parseCommandArgs('schema', argv, { out: { type: 'string' } });
    const text = jsonSchemaText();
    if (values.out) writeFileAtomic(values.out, text);
    else process.stdout.write(text);
    return 0;
  },
};
