/**
 * A rollout log read once, whole, for the viewer: metadata, result, every step, the logged camera
 * frames by step, and the scenario re-instantiated from the logged spec (same seed, overrides and
 * draws), so the road and the authored plan are exactly those of the run.
 */
import { instantiate } from '../../../scenarios/instantiate';
import { parseSpecText } from '../../../scenarios/load-spec';
import type { ResolvedScenario } from '../../../scenarios/resolved-types';
import type { ScenarioSpec } from '../../../scenarios/spec-types';
import type { SimSetup } from '../../../sim/setup';
import { TOPIC_SCHEMAS } from '../../log/channels';
import { secondsOfLogTime } from '../../log/channels';
import { RolloutLogReader, type LogStep } from '../../log/read-log';
import type { RolloutMetadataMessage, RolloutResultMessage } from '../../proto/messages';
import { messageType } from '../../proto/schema-root';

export interface LoadedRollout {
  readonly id: string;
  readonly metadata: RolloutMetadataMessage;
  readonly result: RolloutResultMessage;
  /** Every logged state, in step order (step 0 .. result.steps). */
  readonly steps: readonly LogStep[];
  /** PNG camera frames by step, as logged (empty when the log has no camera channel). */
  readonly loggedFrames: ReadonlyMap<number, Uint8Array>;
  readonly spec: ScenarioSpec;
  readonly resolved: ResolvedScenario;
  readonly setup: SimSetup;
}

export async function loadRollout(id: string, path: string): Promise<LoadedRollout> {
  const reader = await RolloutLogReader.open(path);
  try {
    const metadata = await reader.metadata();
    const result = await reader.result();
    const steps = await reader.steps();
    const loggedFrames = new Map<number, Uint8Array>();
    if (reader.channels.some((c) => c.topic === '/camera/image')) {
      const imageType = messageType(TOPIC_SCHEMAS.camera);
      for await (const m of reader.raw(['camera'])) {
        const image = imageType.decode(m.data) as unknown as { data: Uint8Array };
        loggedFrames.set(Math.round(secondsOfLogTime(m.logTimeNs) / metadata.dtS), new Uint8Array(image.data));
      }
    }
    const spec = parseSpecText(metadata.specText, metadata.specPath).spec;
    const { resolved, setup } = instantiate(spec, { seed: metadata.seed, overrides: metadata.overrides, sampleDistributions: metadata.sampleDistributions });
    return { id, metadata, result, steps, loggedFrames, spec, resolved, setup };
  } finally {
    await reader.close();
  }
}
