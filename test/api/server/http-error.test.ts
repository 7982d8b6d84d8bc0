/** Every error becomes one JSON body shape; domain errors map to 4xx, the unexpected to a bare 500. */
import { errorBody, HttpError, toHttpError } from '../../../api/server/http-error';
import { checkScenarioName } from '../../../api/server/scenario-store';
import { ProtoDecodeError } from '../../../api/proto/proto-error';
import { SpecError } from '../../../scenarios/errors';

describe('toHttpError', () => {
  test.each([
    ['an HttpError', new HttpError(409, 'busy', 'id'), 409, 'busy', 'id'],
    ['a ProtoDecodeError', new ProtoDecodeError('dreamdrive.v1.Action', 'accel_steer.accel_mps2', 'must be finite'), 400, 'dreamdrive.v1.Action.accel_steer.accel_mps2: must be finite', 'accel_steer.accel_mps2'],
    ['a SpecError', new SpecError([{ file: 'a.yaml', path: 'duration', line: 3, col: 11, message: 'expected a number', severity: 'error' }]), 422, 'a.yaml:3:11: error: duration: expected a number', 'duration'],
    ['a body too large', Object.assign(new Error('too big'), { status: 413, type: 'entity.too.large', limit: 10 }), 413, 'request body too large (limit 10 bytes)', undefined],
    ['an unexpected error', new TypeError('x is undefined at /secret/path.ts:1'), 500, 'internal server error', undefined],
  ])('%s -> %i', (_name, error, status, message, field) => {
    const http = toHttpError(error);
    expect(http.status).toBe(status);
    expect(http.message).toBe(message);
    expect(http.field).toBe(field);
    expect(errorBody(http).error).toMatchObject({ message });
  });

  test('a SpecError body lists every issue with path, line and col', () => {
    const body = errorBody(toHttpError(new SpecError([{ file: 'a', path: 'p', line: 1, col: 2, message: 'm', severity: 'error' }])));
    expect(body.error.issues).toEqual([{ path: 'p', line: 1, col: 2, message: 'm' }]);
  });
});

describe('checkScenarioName', () => {
  test.each(['cut_in', 'a', 'my-scenario_2'])('accepts %s', (name) => {
    expect(checkScenarioName(name)).toBe(name);
  });
  test.each(['', '..', '../x', 'a/b', 'a\\\\b', 'Cut_In', 'a.yaml', 'x'.repeat(101), 'a b', '%2e%2e'])('refuses %j', (name) => {
    expect(() => checkScenarioName(name)).toThrow(HttpError);
  });
});
