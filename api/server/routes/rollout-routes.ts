/** Rollouts with a built-in policy, run to completion and kept as MCAP logs. */
import { Router } from 'express';
import { encodeMessage } from '../../proto/codec';
import { HttpError } from '../http-error';
import { jsonBody } from '../negotiation';
import { objectBody, paramsField, seedField, stringField } from '../request-fields';
import { parsePolicyName, type RolloutDetails, type RolloutStore } from '../rollout-store';
import type { ScenarioStore } from '../scenario-store';
import { parseCameraQuery, type RolloutViews } from '../viewer/rollout-views';
import { jsonOfBytes, stringifyJson } from '../server-protocol';

const FRAME_FILE = /^(\d{1,7})\.png$/;

function detailsJson(d: RolloutDetails): Record<string, unknown> {
  const passed = d.result.passed;
  return {
    id: d.id,
    verdict: passed === null ? 'no criteria' : passed ? 'pass' : 'fail',
    metadata: jsonOfBytes('RolloutMetadata', encodeMessage('RolloutMetadata', d.metadata)),
    result: jsonOfBytes('RolloutResult', encodeMessage('RolloutResult', d.result)),
  };
}

export function rolloutRoutes(scenarios: ScenarioStore, store: RolloutStore | null, views: () => RolloutViews): Router {
  const router = Router();
  const logs = (): RolloutStore => {
    if (store === null) throw new HttpError(403, 'this server keeps no logs (start it with --logs DIR)');
    return store;
  };

  router.post('/api/rollouts', async (req, res) => {
    const body = objectBody(jsonBody(req));
    const source = scenarios.source(stringField(body, 'scenario', true) as string);
    const details = await logs().run(source, { seed: seedField(body), overrides: paramsField(body), policy: parsePolicyName(body.policy) });
    res.status(201).type('application/json').send(stringifyJson(detailsJson(details)));
  });

  router.get('/api/rollouts', async (_req, res) => {
    res.json({ rollouts: await logs().list() });
  });

  router.get('/api/rollouts/:id', async (req, res) => {
    res.type('application/json').send(stringifyJson(detailsJson(await logs().get(req.params.id))));
  });

  router.get('/api/rollouts/:id/frames/:file', async (req, res) => {
    const m = FRAME_FILE.exec(req.params.file);
    if (m === null) throw new HttpError(400, `frame must be <step>.png, e.g. 0.png, got '${req.params.file.slice(0, 40)}'`, 't');
    // ?camera=reference (default) | model | diff: the viewer's camera pane (api/server/viewer).
    const png = await views().framePng(req.params.id, Number(m[1]), parseCameraQuery(req.query.camera));
    res.type('image/png').send(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
  });

  router.get('/api/rollouts/:id/log', (req, res, next) => {
    const path = logs().pathOf(req.params.id);
    res.download(path, `${req.params.id}.mcap`, (error) => {
      if (error && !res.headersSent) next(new HttpError(404, `unknown rollout '${req.params.id}'`, 'id'));
    });
  });

  return router;
}
