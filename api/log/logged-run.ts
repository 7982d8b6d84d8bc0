/**
 * Runs that write rollout logs: the metadata and result messages of a run, and `runToLog`, which
 * rolls a prepared run out (eval/run-scenario.ts) while writing every state to an MCAP log.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { executeRun, prepareRun, type PreparedRun, type RunOptions, type RunPolicy, type ScenarioRun } from '../../eval/run-scenario';
import { packageRoot } from '../../scenarios/library';
import { parseSpecText } from '../../scenarios/load-spec';
import { isOpenScenarioPath, loadOpenScenarioFile } from '../../scenarios/import/openscenario/load-openscenario';
import type { ScenarioSpec } from '../../scenarios/spec-types';
import { METRICS_VERSION } from '../../sim/metrics/metrics';
import type { World } from '../../sim/types';
import type { SimRuntime } from '../../sim/world/runtime';
import type { CameraFrameMessage, RolloutMetadataMessage, RolloutResultMessage } from '../proto/messages';
import { scenarioSummary } from '../proto/scenario-summary';
import { RolloutLogWriter, type LogSummary, type RolloutLogOptions } from './rollout-log-writer';

export type { PreparedRun, RunPolicy } from '../../eval/run-scenario';

let cachedVersion: string | null = null;

/** dreamdrive's version, from the package.json the running code belongs to. */
export function dreamdriveVersion(): string {
  if (cachedVersion === null) {
    const pkg = JSON.parse(readFileSync(`${packageRoot()}/package.json`, 'utf8')) as { version?: string };
    cachedVersion = pkg.version ?? '0.0.0';
  }
  return cachedVersion;
}

/** What a log needs besides the run: the spec as text (so the log does not depend on the file). */
export interface SpecSource {
  readonly spec: ScenarioSpec;
  readonly text: string;
  readonly path: string;
}

export interface LogRunOptions extends RolloutLogOptions {
  /** Wall-clock creation time recorded in the metadata; null for reproducible logs. Default: now. */
  readonly createdAt?: Date | null;
  /** The camera frame of a world (PNG), when the run has a camera. */
  readonly camera?: (world: World, rt: SimRuntime) => CameraFrameMessage | null;
  /** Logged as metadata.camera_source (default 'reference' with a camera, else 'none'). */
  readonly cameraSource?: string;
}

export function rolloutMetadata(source: SpecSource, options: RunOptions, run: Pick<PreparedRun, 'resolved' | 'policyName'>, extra: Pick<RolloutMetadataMessage, 'createdAt' | 'cameraSource'>): RolloutMetadataMessage {
  const { resolved } = run;
  return {
    scenarioName: resolved.name,
    specText: source.text,
    specPath: source.path,
    seed: resolved.seed,
    parameters: resolved.parameters,
    overrides: options.overrides ?? {},
    sampleDistributions: options.sampleDistributions === true,
    policy: run.policyName,
    dreamdriveVersion: dreamdriveVersion(),
    metricsVersion: METRICS_VERSION,
    dtS: resolved.dtS,
    stepCount: resolved.stepCount,
    createdAt: extra.createdAt,
    stopOnCollision: options.stopOnCollision ?? true,
    cameraSource: extra.cameraSource,
    scenario: scenarioSummary(source.spec, resolved),
  };
}

export function rolloutResultMessage(run: ScenarioRun): RolloutResultMessage {
  const r = run.report;
  return {
    metrics: r.metrics,
    passed: r.passed,
    criteria: r.criteria ?? '',
    doneReason: r.doneReason,
    steps: r.steps,
    simulatedS: r.simulatedS,
    finalHash: r.finalHash,
    actorContacts: r.actorContacts,
  };
}

/**
 * Runs a spec and writes its rollout log to `logPath`. The rollout itself is synchronous, so the
 * steps are encoded as they come and written right after it; a failure removes the partial file.
 */
export async function runToLog(
  source: SpecSource,
  options: RunOptions,
  logPath: string,
  logOptions: LogRunOptions = {},
  policy: RunPolicy = { kind: 'builtin' },
): Promise<{ run: ScenarioRun; log: LogSummary }> {
  const prepared = prepareRun(source.spec, options, policy);
  const createdAt = logOptions.createdAt === undefined ? new Date() : logOptions.createdAt;
  const cameraSource = logOptions.cameraSource ?? (logOptions.camera ? 'reference' : 'none');
  const metadata = rolloutMetadata(source, options, prepared, { createdAt: createdAt?.toISOString() ?? null, cameraSource });
  const writer = RolloutLogWriter.create(logPath, metadata, logOptions);
  try {
    const run = executeRun(prepared, options, (world, record) => {
      writer.writeStep({ world, ...record, camera: logOptions.camera?.(world, prepared.runtime) ?? null });
    });
    return { run, log: await writer.finish(rolloutResultMessage(run)) };
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

/**
 * Reads a spec file once: the text the log stores and the spec parsed from that very text. Files
 * inside the package (the library) are named relative to it, so their logs do not depend on where
 * dreamdrive is installed.
 */
export function specSourceFromFile(path: string): SpecSource {
  const fromRoot = relative(packageRoot(), resolve(path));
  const shown = fromRoot.startsWith('..') || isAbsolute(fromRoot) ? resolve(path) : fromRoot.split(sep).join('/');
  // An OpenSCENARIO file is logged as the spec it imports to (its road file relative to the .xosc).
  if (isOpenScenarioPath(path)) {
    const imported = loadOpenScenarioFile(path);
    return { spec: imported.spec, text: imported.text, path: shown };
  }
  const text = readFileSync(path, 'utf8');
  return { spec: parseSpecText(text, shown).spec, text, path: shown };
}
