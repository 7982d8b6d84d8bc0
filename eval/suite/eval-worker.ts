/** Worker thread of an evaluation suite (eval/worker-pool.ts): runs the rollouts it is sent. */
import { serveJobs } from '../worker-serve';
import { createJobCameras } from './job-cameras';
import { createSpecCache, runEvalJob, type JobTask } from './run-job';

const context = { specs: createSpecCache(), cameras: createJobCameras() };
serveJobs((task: JobTask) => runEvalJob(task, context), () => context.cameras.close());
