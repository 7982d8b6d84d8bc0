/**
 * The HTTP API as an express 5 app, built from options so tests can run it in-process or on a
 * port. All /api bodies are read raw (up to `bodyLimitBytes`) and decoded by the route, so JSON,
 * protobuf and YAML share one size limit and one error path; errors become JSON in errorHandler.
 *
 *   const server = createApp({ scenariosDir: 'my-scenarios', logsDir: 'logs' });
 *   const { url, close } = await listen(server, { port: 0 });
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';
import { packageRoot } from '../../scenarios/library';
import { errorHandler, HttpError } from './http-error';
import { indexPage } from './index-page';
import { OPENAPI_DOCUMENT } from './openapi';
import { RolloutStore } from './rollout-store';
import { rolloutRoutes } from './routes/rollout-routes';
import { scenarioRoutes } from './routes/scenario-routes';
import { sessionRoutes } from './routes/session-routes';
import { rolloutImportRoute } from './routes/rollout-import-route';
import { viewerRoutes } from './routes/viewer-routes';
import { RolloutViews } from './viewer/rollout-views';
import { ScenarioStore } from './scenario-store';
import { PROTOBUF_TYPE } from './negotiation';
import { protocolDescriptorSet } from './server-protocol';
import { DEFAULT_MAX_SESSIONS, DEFAULT_SESSION_IDLE_MS, SessionStore } from './session-store';

/** 2 MiB: a spec is at most 1 MB, an action a few dozen bytes; anything larger is refused (413). */
export const DEFAULT_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

export interface AppOptions {
  /** Where PUT /api/scenarios saves and where saved scenarios are found; null: library only. */
  readonly scenariosDir?: string | null;
  /** Where rollout and session logs go; null: no logs (POST /api/rollouts answers 403). */
  readonly logsDir?: string | null;
  /** Default 64 (the API promises at least 32). */
  readonly maxSessions?: number;
  /** Default 10 min. */
  readonly sessionIdleMs?: number;
  readonly bodyLimitBytes?: number;
  /** The viewer's static build; default <package>/viewer/dist (served at / when it exists). */
  readonly viewerDir?: string;
  /** Where unexpected (500) errors are logged; default stderr. */
  readonly log?: (line: string) => void;
}

export interface DreamdriveApp {
  readonly app: Express;
  readonly sessions: SessionStore;
  /** Ends every session (aborting their logs) and stops the expiry timer. */
  close(): Promise<void>;
}

export function createApp(options: AppOptions = {}): DreamdriveApp {
  const scenarios = new ScenarioStore(options.scenariosDir ?? null);
  const rollouts = options.logsDir ? new RolloutStore(options.logsDir) : null;
  const sessions = new SessionStore(options.maxSessions ?? DEFAULT_MAX_SESSIONS, options.sessionIdleMs ?? DEFAULT_SESSION_IDLE_MS);
  const viewerDir = options.viewerDir ?? join(packageRoot(), 'viewer', 'dist');
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));

  const app = express();
  app.disable('x-powered-by');
  const logsOrRefuse = (): RolloutStore => {
    if (rollouts === null) throw new HttpError(403, 'this server keeps no logs (start it with --logs DIR)');
    return rollouts;
  };
  // Log uploads are larger than the body limit: that route reads its own body, so it comes first.
  app.use(rolloutImportRoute(logsOrRefuse));
  app.use('/api', express.raw({ type: () => true, limit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES }));

  app.get('/api/openapi.json', (_req, res) => {
    res.json(OPENAPI_DOCUMENT);
  });
  app.get('/api/proto/descriptor-set', (_req, res) => {
    res.type(PROTOBUF_TYPE).send(Buffer.from(protocolDescriptorSet()));
  });
  app.use(scenarioRoutes(scenarios));
  app.use(sessionRoutes({ scenarios, sessions, rollouts }));
  const views = rollouts === null ? null : new RolloutViews(rollouts);
  const viewsOrRefuse = (): RolloutViews => {
    logsOrRefuse();
    return views as RolloutViews;
  };
  app.use(viewerRoutes(scenarios, viewsOrRefuse));
  app.use(rolloutRoutes(scenarios, rollouts, viewsOrRefuse));
  app.use('/api', (req, _res, next) => {
    next(new HttpError(404, `no route ${req.method} ${req.originalUrl.slice(0, 200)} (GET /api/openapi.json lists the API)`));
  });

  if (existsSync(join(viewerDir, 'index.html'))) app.use(express.static(viewerDir));
  else {
    app.get('/', (_req, res) => {
      res.type('html').send(indexPage());
    });
  }
  app.use(errorHandler(log));

  return { app, sessions, close: () => sessions.closeAll() };
}
