/**
 * Worker thread of a sweep: loads the spec once, then runs the jobs it is sent, one message each.
 * Protocol: parent -> { job } | { done: true }; worker -> { row } (one per job).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadSpecFile } from '../scenarios/load-spec';
import { runSweepJob, type SweepJob } from './sweep-job';

const { specPath } = workerData as { specPath: string };
const { spec } = loadSpecFile(specPath);
parentPort!.on('message', (msg: { job?: SweepJob; done?: boolean }) => {
  if (msg.done) {
    parentPort!.close();
    return;
  }
  if (msg.job) parentPort!.postMessage({ row: runSweepJob(spec, msg.job) });
});
