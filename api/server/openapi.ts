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
      get: { summary: 'Camera frame of a step as PNG (logged frame, else rendered from the logged state)', responses: { '200': ok('PNG', { 'image/png': { schema: { type: 'string' } } }), ...errors } },
    },
    '/api/rollouts/{id}/log': {
      parameters: [idParam('id', 'rollout id')],
      get: { summary: 'Download the MCAP log', responses: { '200': ok('MCAP', { 'application/octet-stream': { schema: { type: 'string' } } }), ...errors } },
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
