/** The spec cache of a long-lived queue worker: one version per expected SHA-1, failures not kept. */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createVersionedSpecCache, SPEC_VERSIONS_KEPT } from '../../../eval/queue/worker-context';
import { jobId, type EvalJob } from '../../../eval/suite/eval-job';
import { findScenario } from '../../../scenarios/library';

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

let dir: string;
let spec: string;
let original: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'worker-context-'));
  spec = path.join(dir, 'brake.yaml');
  original = fs.readFileSync(findScenario('lead_vehicle_hard_brake')!, 'utf8');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function jobFor(text: string): EvalJob {
  const base = { scenario: 'lead_vehicle_hard_brake', parameters: {}, seed: 0, policy: 'idm' as const, camera: 'none' as const };
  return { ...base, id: jobId(base), specPath: spec, specSha1: sha1(text), expected: 'pass' };
}

describe('versioned spec cache', () => {
  test('a spec edited between two runs is read again for the new run, and each run keeps the version it was expanded with', () => {
    const edited = `${original}\n# edited for the second run\n`;
    const specs = createVersionedSpecCache();
    fs.writeFileSync(spec, original);
    expect(specs(jobFor(original)).text).toBe(original);
    fs.writeFileSync(spec, edited);
    expect(specs(jobFor(edited)).text).toBe(edited);
    // The first run's rollouts still get the text that run was expanded with (read before the edit).
    expect(specs(jobFor(original)).text).toBe(original);
  });

  test('a spec that does not match is refused, and read again once it does (the refusal is not kept)', () => {
    const wanted = `${original}\n# the version the suite was expanded with\n`;
    const specs = createVersionedSpecCache();
    fs.writeFileSync(spec, original);
    expect(() => specs(jobFor(wanted))).toThrow(/brake\.yaml changed after the suite was expanded \(sha1 [0-9a-f]{12}, expected [0-9a-f]{12}\)/);
    fs.writeFileSync(spec, wanted);
    expect(specs(jobFor(wanted)).text).toBe(wanted);
  });

  test(`keeps at most ${SPEC_VERSIONS_KEPT} versions, dropping the oldest first`, () => {
    const specs = createVersionedSpecCache();
    const versions = Array.from({ length: SPEC_VERSIONS_KEPT + 1 }, (_, i) => `${original}\n# version ${i}\n`);
    for (const text of versions) {
      fs.writeFileSync(spec, text);
      specs(jobFor(text));
    }
    // Version 1 is still held (served from memory although the file now holds the last version)...
    expect(specs(jobFor(versions[1])).text).toBe(versions[1]);
    // ...version 0 was dropped: it is read from the file again, which no longer matches.
    expect(() => specs(jobFor(versions[0]))).toThrow(/changed after the suite was expanded/);
  });
});
