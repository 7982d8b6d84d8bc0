/**
 * POST /api/rollouts/import: a rollout log (MCAP) uploaded as the raw body, e.g. dropped on the
 * viewer. It is written beside the other logs under a temporary name, opened and checked as a
 * finished dreamdrive log, and only then renamed to `<scenario>-import-<uuid>.mcap`, so a bad or
 * truncated upload never shows up in the list. Logs are larger than the API's 2 MiB body limit,
 * so this route reads its own body (mounted before the app's body parser).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';
import { LogReadError, RolloutLogReader } from '../../log/read-log';
import { HttpError } from '../http-error';
import type { RolloutStore } from '../rollout-store';

/** 256 MiB: a 2,000-step log with 100 agents and camera frames is a few tens of MB. */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

export function rolloutImportRoute(logs: () => RolloutStore): Router {
  const router = Router();
  router.post('/api/rollouts/import', express.raw({ type: () => true, limit: MAX_IMPORT_BYTES }), async (req, res) => {
    const store = logs();
    const body = req.body as unknown;
    if (!Buffer.isBuffer(body) || body.length === 0) throw new HttpError(400, 'send the MCAP log as the request body (Content-Type: application/octet-stream)');
    mkdirSync(store.dir, { recursive: true });
    const temp = join(store.dir, `.import-${randomUUID()}.partial`);
    writeFileSync(temp, body);
    try {
      let scenario: string;
      try {
        const reader = await RolloutLogReader.open(temp);
        try {
          scenario = (await reader.metadata()).scenarioName;
          await reader.result();
        } finally {
          await reader.close();
        }
      } catch (error) {
        if (error instanceof LogReadError) throw new HttpError(422, `the uploaded file is not a usable rollout log: ${error.message.replace(`${temp}: `, '')}`);
        throw error;
      }
      const id = store.newId(`${scenario.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40)}-import`);
      renameSync(temp, store.pathOf(id));
      res.status(201).json({ id, scenario });
    } finally {
      rmSync(temp, { force: true });
    }
  });
  return router;
}
