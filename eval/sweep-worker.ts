/** Worker thread of a sweep (worker-pool.ts): loads the spec once, then runs the cells it is sent. */
import { workerData } from 'node:worker_threads';
import { loadSpecFile } from '../scenarios/load-spec';
import { runSweepJob, type SweepJob } from './sweep-job';
import { serveJobs } from './worker-serve';

const { specPath } = workerData as { specPath: string };
const { spec } = loadSpecFile(specPath);
serveJobs((job: SweepJob) => runSweepJob(spec, job));
