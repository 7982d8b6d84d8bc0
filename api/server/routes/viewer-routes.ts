/**
 * What the viewer needs beyond the core API: a scenario's scene (road geometry, agents at t = 0,
 * draggable handles, trigger regions) for a stored spec or for unsaved spec text, a rollout's
 * track (every pose and per-step metric, compact), world-model PSNR per step, a GIF export, and
 * small parameter sweeps whose rows the viewer shows as a table.
 */
import { Router } from 'express';
import { planSweep, runSweep } from '../../../eval/sweep';
import type { GridAxis } from '../../../scenarios/parameters';
import { parseSpecText } from '../../../scenarios/load-spec';
import { HttpError } from '../http-error';
import { jsonBody } from '../negotiation';
import { objectBody, paramsField, seedField, stringField } from '../request-fields';
import { parsePolicyName } from '../rollout-store';
import { validateSpecText, type ScenarioStore } from '../scenario-store';
import { stringifyJson } from '../server-protocol';
import { specTextOf } from './scenario-routes';
import { EXPORT_VIEWS, type ExportView, type RolloutViews } from '../viewer/rollout-views';
import { sceneOfSpec } from '../viewer/scene';

/** A sweep the server runs while the request waits: a few dozen cells at most. */
export const MAX_SWEEP_CELLS = 64;
const MAX_GIF_SCALE = 8;

function intQuery(value: unknown, field: string, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new HttpError(400, `'${field}' must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`, field);
  return n;
}

function axesField(body: Record<string, unknown>): GridAxis[] {
  const raw = body.axes;
  if (!Array.isArray(raw) || raw.length === 0) throw new HttpError(400, "'axes' must be a non-empty list of {name, from, to, count}", 'axes');
  return raw.map((a: unknown, i): GridAxis => {
    const field = `axes[${i}]`;
    const o = objectBody(a);
    const name = stringField(o, 'name', true) as string;
    for (const k of ['from', 'to', 'count'] as const) {
      if (typeof o[k] !== 'number' || !Number.isFinite(o[k])) throw new HttpError(400, `'${field}.${k}' must be a finite number`, `${field}.${k}`);
    }
    const count = o.count as number;
    if (!Number.isInteger(count) || count < 1) throw new HttpError(400, `'${field}.count' must be an integer >= 1`, `${field}.count`);
    return { name, from: o.from as number, to: o.to as number, count };
  });
}

export function viewerRoutes(scenarios: ScenarioStore, views: () => RolloutViews): Router {
  const router = Router();

  router.post('/api/scenarios/scene', (req, res) => {
    const { text, format } = specTextOf(req);
    const report = validateSpecText(text, format);
    if (!report.ok) {
      const first = report.errors[0];
      throw new HttpError(422, `invalid scenario spec: ${first.path}:${first.line}:${first.col}: ${first.message}`, first.path, { issues: report.errors });
    }
    const spec = parseSpecText(text, format === 'json' ? 'spec.json' : 'spec.yaml').spec;
    res.json({ scene: sceneOfSpec(spec), warnings: report.warnings });
  });

  router.get('/api/scenarios/:name/scene', (req, res) => {
    res.json({ scene: sceneOfSpec(scenarios.source(req.params.name, 'name').spec) });
  });

  router.get('/api/rollouts/:id/track', async (req, res) => {
    res.type('application/json').send(await views().trackText(req.params.id));
  });

  router.get('/api/rollouts/:id/psnr', async (req, res) => {
    res.json(await views().psnr(req.params.id));
  });

  router.get('/api/rollouts/:id/export.gif', async (req, res) => {
    const view = (req.query.view ?? 'both') as string;
    if (!(EXPORT_VIEWS as readonly string[]).includes(view)) throw new HttpError(400, `unknown view ${JSON.stringify(view)} (choose ${EXPORT_VIEWS.join(', ')})`, 'view');
    const gif = await views().gif(req.params.id, {
      view: view as ExportView,
      scale: intQuery(req.query.scale, 'scale', 2, 1, MAX_GIF_SCALE),
      fromStep: intQuery(req.query.from, 'from', 0, 0, 10_000_000),
      toStep: intQuery(req.query.to, 'to', 10_000_000, 0, 10_000_000),
    });
    res.type('image/gif').setHeader('content-disposition', `attachment; filename="${req.params.id}-${view}.gif"`);
    res.send(Buffer.from(gif.buffer, gif.byteOffset, gif.byteLength));
  });

  router.post('/api/sweeps', async (req, res) => {
    const body = objectBody(jsonBody(req));
    const entry = scenarios.find(stringField(body, 'scenario', true) as string, 'scenario');
    const plan = planSweep({ specPath: entry.path, axes: axesField(body), overrides: paramsField(body), samples: 0, seed: seedField(body), policy: parsePolicyName(body.policy) });
    if (plan.jobs.length > MAX_SWEEP_CELLS) {
      throw new HttpError(400, `the sweep has ${plan.jobs.length} cells; the server runs at most ${MAX_SWEEP_CELLS} per request (use 'dreamdrive sweep' for more)`, 'axes');
    }
    const rows = await runSweep(entry.path, plan.jobs, 1);
    res.type('application/json').send(stringifyJson({ scenario: entry.name, paramNames: plan.paramNames, rejected: plan.rejections, rows }));
  });

  return router;
}
