/**
 * What a long-lived queue worker keeps between rollouts: specs and cameras, as eval/suite/run-job.ts
 * has them, with one difference. run-job's spec cache is per suite run: it reads each path once and
 * then refuses a file whose SHA-1 is not the one the job expects. A queue worker serves run after
 * run, and a spec edited between two runs must be read again, not refused. So specs are cached per
 * expected SHA-1 (the file as that run saw it), a lookup that failed is not kept (the file may be
 * fixed before the retry), and at most SPEC_VERSIONS_KEPT versions are held.
 */
import type { EvalJob } from '../suite/eval-job';
import { createJobCameras } from '../suite/job-cameras';
import { createSpecCache, type JobContext, type SpecCache } from '../suite/run-job';

export const SPEC_VERSIONS_KEPT = 256;

export function createVersionedSpecCache(): SpecCache {
  const caches = new Map<string, SpecCache>();
  return (job: EvalJob) => {
    let cache = caches.get(job.specSha1);
    if (cache === undefined) {
      cache = createSpecCache();
      caches.set(job.specSha1, cache);
      // Maps iterate in insertion order: the first key is the oldest version.
      if (caches.size > SPEC_VERSIONS_KEPT) caches.delete(caches.keys().next().value as string);
    }
    try {
      return cache(job);
    } catch (error) {
      caches.delete(job.specSha1);
      throw error;
    }
  };
}

export function createWorkerContext(): JobContext {
  return { specs: createVersionedSpecCache(), cameras: createJobCameras() };
}
