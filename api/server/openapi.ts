/**
 * The OpenAPI 3.1 document of the server (GET /api/openapi.json), written by hand. A test checks
 * that every route the app registers appears here. Message bodies are the dreamdrive.v1 protobuf
 * messages (GET /api/proto/descriptor-set), in JSON with their .proto field names.
 */
const json = (schema: object) => ({ 'application/json': { schema } });
const messageBody = (name: string) => ({
  'application/json': { schema: { $ref: `#/components/schemas/${name}` } },
  'application/x-protobuf': { schema: { type: 'string', contentMediaType: 'application/x-protobuf', description: `dreamdrive.v1.${name}` } },
});
const error = { description: 'error', content: json({ $ref: '#/components/schemas/Error' }) };
const errors = { '400': error, '404': error, '413': error, '415': error, '422': error };
const ok = (description: string, content?: object) => ({ description, ...(content ? { content } : {}) });
const idParam = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });
const object = (description: string) => ({ type: 'object', description, additionalProperties: true });

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'dreamdrive API',
    version: '1',
    description:
      'Scenarios, closed-loop sessions (Gymnasium-style: create = reset, step) and rollouts of the dreamdrive simulator. Session bodies are JSON or protobuf (Content-Type for requests, Accept for responses); errors are always JSON {error: {message, field?}}.',
  },
  paths: {
    '/': { get: { summary: 'The viewer (viewer/dist) or a page listing the API', responses: { '200': ok('HTML') } } },
    '/api/openapi.json': { get: { summary: 'This document', responses: { '200': ok('OpenAPI 3.1', json(object('OpenAPI document'))) } } },
    '/api/proto/descriptor-set': {
      get: { summary: 'FileDescriptorSet (binary) of dreamdrive.v1.SessionProtocol and every message it uses, for protobuf clients in other languages', responses: { '200': ok('bytes', { 'application/x-protobuf': { schema: { type: 'string' } } }) } },
    },
    '/api/scenarios': { get: { summary: 'Library and saved scenarios with their summaries', responses: { '200': ok('list', json(object('{scenarios: [{name, origin, summary}]}'))) } } },
    '/api/scenarios/validate': {
      post: {
        summary: 'Validate spec text (text/yaml body, or JSON {text, format: yaml|json}); errors with path, line and col',
        requestBody: { content: { 'text/yaml': { schema: { type: 'string' } }, ...json(object('{text, format?}')) } },
        responses: { '200': ok('report', json(object('{ok, errors: [{path, line, col, message}], warnings, summary}'))), ...errors },
      },
    },
    '/api/scenarios/{name}': {
      parameters: [idParam('name', 'scenario name, ^[a-z0-9_-]+$')],
      get: { summary: 'Spec text and summary', responses: { '200': ok('scenario', json(object('{name, origin, text, summary}'))), ...errors } },
      put: {
        summary: 'Validate and save YAML into the scenarios dir (atomically); library names are refused',
        requestBody: { content: { 'text/yaml': { schema: { type: 'string' } }, ...json(object('{text}')) } },
        responses: { '200': ok('replaced'), '201': ok('created'), '403': error, '409': error, ...errors },
      },
    },
    '/api/sessions': {
      post: {
        summary: 'Create a closed-loop session (reset): returns its id and the first observation',
        requestBody: { content: messageBody('CreateSessionRequest') },
        responses: { '201': ok('created', messageBody('SessionCreated')), '429': error, ...errors },
      },
    },
    '/api/sessions/{id}': {
      parameters: [idParam('id', 'session id')],
      get: { summary: 'Session state (step, done, reason)', responses: { '200': ok('session', json(object('{id, scenario, seed, step, time_s, done, reason, ...}'))), ...errors } },
      delete: { summary: 'End a session (its log is aborted unless the run was done)', responses: { '204': ok('deleted'), ...errors } },
    },
    '/api/sessions/{id}/step': {
      parameters: [idParam('id', 'session id')],
      post: {
        summary: 'Apply one action for one step (dt of the scenario)',
        requestBody: { content: messageBody('StepRequest') },
        responses: { '200': ok('step result', messageBody('StepResult')), '409': error, ...errors },
      },
    },
    '/api/rollouts': {
      get: { summary: 'Stored rollout logs', responses: { '200': ok('list', json(object('{rollouts: [{id, scenario, seed, policy, bytes}]}'))) } },
      post: {
        summary: 'Run a scenario with a built-in policy (trajectory | idm) to completion and store its MCAP log',
        requestBody: { content: json(object('{scenario, seed?, params?, policy?}')) },
        responses: { '201': ok('rollout', json(object('{id, verdict, metadata, result}'))), ...errors },
      },
    },
    '/api/rollouts/{id}': {
      parameters: [idParam('id', 'rollout id')],
      get: { summary: 'Metadata, metrics and verdict', responses: { '200': ok('rollout', json(object('{id, verdict, metadata, result}'))), ...errors } },
    },
    '/api/rollouts/{id}/frames/{file}': {
      parameters: [idParam('id', 'rollout id'), idParam('file', '<step>.png')],
      get: {
        summary: 'Camera frame of a step as PNG: ?camera=reference (default: logged frame, else rendered from the logged state) | model (the world model, 404 when the run has none) | diff (|model - reference| x 4)',
        parameters: [{ name: 'camera', in: 'query', required: false, schema: { enum: ['reference', 'model', 'diff'] } }],
        responses: { '200': ok('PNG', { 'image/png': { schema: { type: 'string' } } }), ...errors },
      },
    },
    '/api/rollouts/{id}/log': {
      parameters: [idParam('id', 'rollout id')],
      get: { summary: 'Download the MCAP log', responses: { '200': ok('MCAP', { 'application/octet-stream': { schema: { type: 'string' } } }), ...errors } },
    },
    '/api/rollouts/import': {
      post: {
        summary: 'Store an uploaded MCAP rollout log (raw body, up to 256 MiB) after checking it is a finished dreamdrive log',
        requestBody: { content: { 'application/octet-stream': { schema: { type: 'string' } } } },
        responses: { '201': ok('stored', json(object('{id, scenario}'))), ...errors },
      },
    },
    '/api/rollouts/{id}/track': {
      parameters: [idParam('id', 'rollout id')],
      get: { summary: 'The viewer track: every pose (base64 Float32), per-step metrics, events and the scene', responses: { '200': ok('track', json(object('dreamdrive-track/1, see api/server/viewer/track.ts'))), ...errors } },
    },
    '/api/rollouts/{id}/psnr': {
      parameters: [idParam('id', 'rollout id')],
      get: { summary: 'PSNR of the world-model frame against the reference at every step (404 without world-model frames)', responses: { '200': ok('PSNR', json(object('{psnrDb: (number | null)[]}'))), ...errors } },
    },
    '/api/rollouts/{id}/export.gif': {
      parameters: [idParam('id', 'rollout id')],
      get: {
        summary: 'Animated GIF of the rollout: ?view=camera|bev|both&scale=1..8&from=STEP&to=STEP',
        responses: { '200': ok('GIF', { 'image/gif': { schema: { type: 'string' } } }), ...errors },
      },
    },
    '/api/scenarios/scene': {
      post: {
        summary: 'The scene of unsaved spec text (road triangles and lanes, agents at t = 0, draggable handles, trigger regions); 422 with issues when invalid',
        requestBody: { content: { 'text/yaml': { schema: { type: 'string' } }, ...json(object('{text, format?}')) } },
        responses: { '200': ok('scene', json(object('{scene, warnings}'))), ...errors },
      },
    },
    '/api/scenarios/{name}/scene': {
      parameters: [idParam('name', 'scenario name')],
      get: { summary: 'The scene of a stored scenario', responses: { '200': ok('scene', json(object('{scene}'))), ...errors } },
    },
    '/api/sweeps': {
      post: {
        summary: 'Run a small grid sweep (at most 64 cells) of a stored scenario and return one row per cell',
        requestBody: { content: json(object('{scenario, axes: [{name, from, to, count}], params?, seed?, policy?}')) },
        responses: { '200': ok('rows', json(object('{scenario, paramNames, rejected, rows}'))), ...errors },
      },
    },
  },
  components: {
    schemas: {
      Error: { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['message'], properties: { message: { type: 'string' }, field: { type: 'string' } } } } },
      CreateSessionRequest: {
        type: 'object',
        required: ['scenario'],
        properties: {
          scenario: { type: 'string' },
          seed: { type: 'integer', minimum: 0 },
          params: { type: 'object', additionalProperties: { type: 'number' } },
          camera: { enum: ['none', 'reference'] },
          privileged: { type: 'boolean' },
          log: { type: 'boolean' },
        },
      },
      SessionCreated: object('{id, observation: dreamdrive.v1.Observation}'),
      StepRequest: object('{action: {accel_steer: {accel_mps2, steer_rad}} | {accel_curvature: {accel_mps2, curvature_per_m}}}'),
      StepResult: object('dreamdrive.v1.StepResult: {observation, step_metrics, metrics, done, reason, passed}'),
    },
  },
} as const;

/** OpenAPI path of an express path: `/api/sessions/:id` -> `/api/sessions/{id}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
