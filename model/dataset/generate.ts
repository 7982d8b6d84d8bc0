/**
 * A dataset run: write (or check) the manifest, skip complete shards, generate the others on
 * worker threads (one shard per job), then mark the manifest complete. Episodes are pure functions
 * of (seed, index), so the bytes do not depend on the worker count or on resuming.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { listLibrary } from '../../scenarios/library';
import { loadSpecFile } from '../../scenarios/load-spec';
import { writeFileAtomic } from '../../api/atomic-write';
import { DATASET_FORMAT, DatasetError, episodeConfigOf, validateArguments, type DatasetArguments } from './dataset-config';
import type { EpisodeConfig } from './episode';
import type { LibraryScenario } from './episode-plan';
import { buildManifest, shardGeometry, shardJobs, type Manifest } from './manifest';
import { isShardComplete } from './shard';
import { runShardJob, type ShardJob } from './shard-job';

export interface DatasetRunOptions {
  readonly outDir: string;
  readonly args: DatasetArguments;
  readonly workers: number;
  /** Compiled worker script; default dataset-worker.js beside this module, else in-process. */
  readonly workerScript?: string | null;
  /** Called with the frames done so far (skipped shards count as done). */
  readonly onFrames?: (done: number, total: number) => void;
}

export interface DatasetRunResult {
  readonly manifest: Manifest;
  readonly shardsWritten: number;
  readonly shardsSkipped: number;
  readonly framesWritten: number;
}

export function loadLibraryScenarios(): LibraryScenario[] {
  return listLibrary().map((e) => ({ name: e.name, spec: loadSpecFile(e.path).spec }));
}

function defaultWorkerScript(): string | null {
  const path = join(__dirname, 'dataset-worker.js');
  return existsSync(path) ? path : null;
}

/** The arguments that differ between a manifest on disk and this run, as 'name: old -> new'. */
export function argumentDifferences(old: DatasetArguments, next: DatasetArguments): string[] {
  const keys = new Set([...Object.keys(old), ...Object.keys(next)] as (keyof DatasetArguments)[]);
  return [...keys].filter((k) => old[k] !== next[k]).map((k) => `${k}: ${old[k]} -> ${next[k]}`);
}

function checkExistingManifest(path: string, args: DatasetArguments): void {
  if (!existsSync(path)) return;
  let old: Manifest;
  try {
    old = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch (err) {
    throw new DatasetError(`dataset: ${path} is not valid JSON (${(err as Error).message}); delete it or choose another --out`);
  }
  if (old.format !== DATASET_FORMAT || old.arguments === undefined) throw new DatasetError(`dataset: ${path} is not a dreamdrive dataset manifest; choose another --out`);
  const diff = argumentDifferences(old.arguments, args);
  if (diff.length > 0) {
    throw new DatasetError(`dataset: ${path} was written with other arguments (${diff.join(', ')}); rerun with the same arguments to resume, or choose another --out`);
  }
}

async function runInWorkers(script: string, dir: string, config: EpisodeConfig, jobs: readonly ShardJob[], workers: number, onFrames: (frames: number) => void): Promise<void> {
  let next = 0;
  const pool = Array.from({ length: Math.min(workers, jobs.length) }, () => new Worker(script, { workerData: { dir, config } }));
  await Promise.all(
    pool.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          const feed = () => worker.postMessage(next < jobs.length ? { job: jobs[next++] } : { done: true });
          worker.on('message', (msg: { frames?: number; finished?: number; error?: string }) => {
            if (msg.frames !== undefined) onFrames(msg.frames);
            if (msg.finished !== undefined) feed();
            if (msg.error !== undefined) {
              // Stop every worker: the run has failed, and a shard in progress stays a temporary folder.
              for (const w of pool) void w.terminate();
              reject(new DatasetError(`dataset worker: ${msg.error}`));
            }
          });
          worker.on('error', reject);
          worker.on('exit', (code) => (code === 0 ? resolve() : reject(new DatasetError(`dataset worker exited with code ${code}`))));
          feed();
        }),
    ),
  );
}

export async function generateDataset(options: DatasetRunOptions): Promise<DatasetRunResult> {
  const { outDir, args } = options;
  validateArguments(args);
  mkdirSync(outDir, { recursive: true });
  const manifestPath = join(outDir, 'manifest.json');
  checkExistingManifest(manifestPath, args);
  const library = loadLibraryScenarios();
  const writeManifest = (complete: boolean): Manifest => {
    const m = buildManifest(args, library, complete);
    writeFileAtomic(manifestPath, `${JSON.stringify(m, null, 1)}\n`);
    return m;
  };
  writeManifest(false);
  // Temporary folders of an interrupted run are never shards; clear them before starting over.
  for (const name of readdirSync(outDir)) if (/^\.shard_\d+\.tmp-/.test(name)) rmSync(join(outDir, name), { recursive: true, force: true });
  const geometry = shardGeometry(args);
  const all = shardJobs(args);
  const todo = all.filter((j) => !isShardComplete(outDir, j.shard, geometry, j.episodes));
  const totalFrames = args.episodes * args.steps;
  let done = (args.episodes - todo.reduce((n, j) => n + j.episodes, 0)) * args.steps;
  const skippedFrames = done;
  options.onFrames?.(done, totalFrames);
  const onFrames = (frames: number) => {
    done += frames;
    options.onFrames?.(done, totalFrames);
  };
  const config = episodeConfigOf(args, library);
  const script = options.workerScript === undefined ? defaultWorkerScript() : options.workerScript;
  if (options.workers <= 1 || script === null || todo.length <= 1) {
    for (const job of todo) runShardJob(outDir, config, job, onFrames);
  } else {
    await runInWorkers(script, outDir, config, todo, options.workers, onFrames);
  }
  const manifest = writeManifest(true);
  return { manifest, shardsWritten: todo.length, shardsSkipped: all.length - todo.length, framesWritten: done - skippedFrames };
}
