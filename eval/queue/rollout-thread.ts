/** A rollout thread of `dreamdrive worker` (rollout-runner.ts): runs the rollouts it is sent, one at a time. */
import { serveJobs } from '../worker-serve';
import { runEvalJob, type JobTask } from '../suite/run-job';
import { createWorkerContext } from './worker-context';

const context = createWorkerContext();
serveJobs((task: JobTask) => runEvalJob(task, context), () => context.cameras.close());
