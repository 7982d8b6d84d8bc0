import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { instantiate } from '../../scenarios/instantiate';
import { parseSpecText } from '../../scenarios/load-spec';

const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('README', () => {
  it('shows a scenario example that is a valid spec', () => {
    const blocks = [...README.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks.length).toBeGreaterThan(0);
    for (const text of blocks) {
      const { spec } = parseSpecText(text, 'README.md');
      expect(() => instantiate(spec)).not.toThrow();
    }
  });

  it('gives the two commands of a fresh machine', () => {
    expect(README).toContain('npm install && npm start');
    expect(README).toContain('npm test');
  });
});
