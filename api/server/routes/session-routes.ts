/** Closed-loop sessions, Gymnasium-style: create (reset), step, inspect, delete. */
import { Router } from 'express';
import { decodeMessage, encodeMessage } from '../../proto/codec';
import type { RolloutStore } from '../rollout-store';
import type { ScenarioStore } from '../scenario-store';
import { HttpError } from '../http-error';
import { jsonBody, messageBytes, requestFormat, sendMessage } from '../negotiation';
import { boolField, objectBody, paramsField, seedField, stringField } from '../request-fields';
import { bytesOfJson, decodeProtocol, embeddedField, sessionCreatedBytes } from '../server-protocol';
import { CAMERA_SOURCES, type CameraSource, type Session } from '../session';
import type { SessionStore } from '../session-store';

export interface SessionRouteDeps {
  readonly scenarios: ScenarioStore;
  readonly sessions: SessionStore;
  readonly rollouts: RolloutStore | null;
}

function cameraOf(obj: Record<string, unknown>): CameraSource {
  const camera = stringField(obj, 'camera', false) ?? 'none';
  if (!(CAMERA_SOURCES as readonly string[]).includes(camera)) throw new HttpError(400, `unknown camera '${camera}' (choose ${CAMERA_SOURCES.join(' or ')})`, 'camera');
  return camera as CameraSource;
}

export function sessionInfo(s: Session): Record<string, unknown> {
  return { id: s.id, scenario: s.scenario, seed: s.seed, step: s.step, time_s: s.timeS, step_count: s.stepCount, done: s.done, reason: s.reason, camera: s.camera, privileged: s.privileged, log: s.logPath !== null };
}

export function sessionRoutes(deps: SessionRouteDeps): Router {
  const router = Router();

  router.post('/api/sessions', (req, res) => {
    const body = requestFormat(req) === 'protobuf' ? decodeProtocol('CreateSessionRequest', messageBytes(req, 'CreateSessionRequest')) : objectBody(jsonBody(req));
    const scenario = stringField(body, 'scenario', true) as string;
    const wantLog = boolField(body, 'log');
    if (wantLog && deps.rollouts === null) throw new HttpError(403, 'this server keeps no logs (start it with --logs DIR)', 'log');
    const rollouts = deps.rollouts;
    const session = deps.sessions.create(
      { source: deps.scenarios.source(scenario), run: { seed: seedField(body), overrides: paramsField(body) }, camera: cameraOf(body), privileged: boolField(body, 'privileged') },
      (id) => (wantLog && rollouts !== null ? rollouts.pathOf(`session-${id}`) : null),
    );
    sendMessage(req, res, 'SessionCreated', sessionCreatedBytes(session.id, encodeMessage('Observation', session.observation())), 201);
  });

  router.post('/api/sessions/:id/step', async (req, res) => {
    const session = deps.sessions.get(req.params.id);
    let actionBytes: Uint8Array | null;
    if (requestFormat(req) === 'protobuf') actionBytes = embeddedField(messageBytes(req, 'StepRequest'), 1, 'dreamdrive.v1.StepRequest');
    else {
      const body = objectBody(jsonBody(req));
      actionBytes = body.action === undefined || body.action === null ? null : bytesOfJson('Action', body.action, 'action');
      // The rest of the body must still be a StepRequest (unknown fields are refused by name).
      bytesOfJson('StepRequest', { ...body, action: undefined });
    }
    if (actionBytes === null) throw new HttpError(400, "missing 'action' (accel_steer {accel_mps2, steer_rad} or accel_curvature {accel_mps2, curvature_per_m})", 'action');
    const result = session.advance(decodeMessage('Action', actionBytes));
    if (result.done) await session.close();
    sendMessage(req, res, 'StepResult', encodeMessage('StepResult', result));
  });

  router.get('/api/sessions/:id', (req, res) => {
    res.json(sessionInfo(deps.sessions.get(req.params.id)));
  });

  router.delete('/api/sessions/:id', async (req, res) => {
    await deps.sessions.delete(req.params.id);
    res.status(204).end();
  });

  return router;
}
