/**
 * A synthetic rollout log for the viewer bench: a straight 4-lane highway with `actorCount` IDM
 * cars and trucks (MOBIL lane changes) driven for `stepCount` steps of 0.1 s by the IDM ego, as a
 * spec (the viewer re-builds the road from the logged spec) run to an MCAP log. Deterministic.
 */
import { join } from 'node:path';
import { runToLog, type SpecSource } from '../../api/log/logged-run';
import { parseSpecText } from '../../scenarios/load-spec';

const LANES = 4;
/** One car per 40 m of lane (the HTTP and sim benches use the same density). */
const SPACING_M = 40;
const MAX_SPEED_MPS = 34;

export function syntheticSpecText(actorCount: number, stepCount: number): string {
  const durationS = stepCount / 10;
  const queueM = Math.ceil((actorCount * SPACING_M) / LANES) + 200;
  const lengthM = queueM + MAX_SPEED_MPS * durationS + 500;
  const actors: string[] = [];
  for (let i = 0; i < actorCount; i++) {
    const cls = i % 10 === 0 ? 'truck' : 'car';
    // Desired speeds spread 26..34 m/s without an RNG, so the spec text itself is fixed.
    const desired = cls === 'truck' ? 24 : 26 + ((i * 37) % 9);
    actors.push(`  - { id: a${i}, class: ${cls}, start: { lane: lane${i % LANES}, s: ${140 + Math.floor(i / LANES) * SPACING_M}, speed: ${(desired * 0.8).toFixed(1)} }, behaviour: { type: idm, desired_speed: ${desired}, mobil: true } }`);
  }
  return `version: 2
name: bench_highway_${actorCount}
description: Synthetic highway for the viewer bench.
duration: ${durationS}
road: { type: straight, length: ${lengthM}, lanes: ${LANES}, lane_width: 3.5, speed_limit: 33 }
ego:
  start: { lane: lane1, s: 100, speed: 25 }
  route: [lane1]
  trajectory: { type: constant_speed, speed: 25 }
actors:
${actors.join('\n')}
`;
}

/** Writes the log as `<logsDir>/<id>.mcap` and returns the id. */
export async function writeSyntheticRollout(logsDir: string, actorCount: number, stepCount: number): Promise<string> {
  const text = syntheticSpecText(actorCount, stepCount);
  const source: SpecSource = { spec: parseSpecText(text, 'bench-highway.yaml').spec, text, path: 'bench-highway.yaml' };
  const id = `bench-${stepCount}x${actorCount}`;
  await runToLog(source, { seed: 1, policy: 'idm', stopOnCollision: false }, join(logsDir, `${id}.mcap`), { createdAt: null });
  return id;
}
