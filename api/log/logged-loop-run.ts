/**
 * A camera-loop run (eval/camera-loop.ts) written to an MCAP log as it goes: every state with its
 * record and the camera's frame of it (PNG), then the result. The frames in the log are the ones
 * the policy saw, made once: the loop is not run a second time to log it (a world-model camera or
 * an external policy would cost that time again). A failure removes the partial file.
 */
import type { CameraSource } from '../../model/runtime/camera-source';
import { encodePng } from '../../sim/render/encode/png';
import { executeLoopRun, type LoopScenarioRun, type PreparedLoopRun, type RunOptions } from '../../eval/run-scenario';
import { rolloutMetadata, rolloutResultMessage, type LogRunOptions, type SpecSource } from './logged-run';
import { RolloutLogWriter, type LogSummary } from './rollout-log-writer';

export async function loopRunToLog(
  source: SpecSource,
  options: RunOptions,
  run: PreparedLoopRun,
  camera: CameraSource,
  logPath: string,
  logOptions: Omit<LogRunOptions, 'camera' | 'cameraSource'> = {},
): Promise<{ run: LoopScenarioRun; log: LogSummary }> {
  const createdAt = logOptions.createdAt === undefined ? new Date() : logOptions.createdAt;
  const metadata = rolloutMetadata(source, options, run, { createdAt: createdAt?.toISOString() ?? null, cameraSource: camera.kind });
  const writer = RolloutLogWriter.create(logPath, metadata, logOptions);
  try {
    const ran = await executeLoopRun(run, camera, options, (world, record, frame) => {
      const logged = frame === null ? null : { widthPx: frame.image.widthPx, heightPx: frame.image.heightPx, pixels: { format: 'png' as const, data: encodePng(frame.image.rgb, frame.image.widthPx, frame.image.heightPx) }, source: frame.source };
      writer.writeStep({ world, ...record, camera: logged });
    });
    return { run: ran, log: await writer.finish(rolloutResultMessage(ran)) };
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
