import { IssueSink } from '../../scenarios/errors';
import { ScenarioSpecSchema } from '../../scenarios/spec-schema';
import { describeValue, validateValue, type JsonSchema } from '../../scenarios/validate-schema';

const SCHEMA = ScenarioSpecSchema as unknown as JsonSchema;
const BASE = { version: 2, name: 'v', duration: 10, road: { type: 'straight', length: 100 }, ego: { start: { lane: 'lane0', s: 0 } } };

function check(value: unknown, evaluate?: (text: string) => number | undefined): { out: unknown; messages: string[] } {
  const sink = new IssueSink('v.yaml');
  const out = validateValue(SCHEMA, value, [], { sink, ...(evaluate === undefined ? {} : { evaluate }) });
  return { out, messages: sink.issues.map((i) => `${i.path}: ${i.message}`) };
}

describe('validateValue', () => {
  it('accepts a valid spec and returns an equal copy', () => {
    const { out, messages } = check(BASE);
    expect(messages).toEqual([]);
    expect(out).toEqual(BASE);
    expect(out).not.toBe(BASE);
  });

  it.each([
    [{ dt: 'x'.repeat(501) }, 'dt: is 501 characters long; the limit is 500'],
    [{ dt: null }, 'dt: expected a number or an expression, got nothing (null)'],
    [{ name: 'Cut In' }, "name: invalid value 'Cut In' (must match ^[a-z0-9_-]+$: lowercase letters, digits, _ and -)"],
    [{ road: { type: 'ring', length: 1 } }, "road.type: unknown road type 'ring' (expected one of: straight, curve, s_bend, merge, intersection, opendrive)"],
    [{ road: { type: 'straigth', length: 1 } }, "road.type: unknown road type 'straigth' (expected one of: straight, curve, s_bend, merge, intersection, opendrive) (did you mean 'straight'?)"],
    [{ road: { length: 1 } }, "road: missing field 'type' (road type: straight, curve, s_bend, merge, intersection, opendrive)"],
    [{ road: { type: 'straight', length: 1, lanes: 0 } }, 'road.lanes: must be at least 1, got 0'],
    [{ tags: 'highway' }, "tags: expected a list, got 'highway'"],
    [{ ego: { start: { lane: 'lane0', s: 0, x: 1 } } }, "ego.start.x: unknown field 'x' (allowed: lane, s, d, speed)"],
    [{ ego: { start: { x: 1, y: 2, s: 0 } } }, "ego.start.s: unknown field 's' (allowed: x, y, yaw, speed)"],
    [{ ego: { class: 'bus', start: { x: 1, y: 2 } } }, "ego.class: unknown ego class 'bus' (expected one of: car, truck)"],
    [{ actors: [{ id: 'a b', behaviour: { type: 'parked' } }] }, "actors[0].id: invalid value 'a b' (must match ^[A-Za-z0-9_-]+$: actor id: letters, digits, _ and -)"],
    [{ actors: [{ id: 'w', behaviour: { type: 'walk', path: [[0, 0]] } }] }, 'actors[0].behaviour.path: needs at least 2 items, got 1'],
    [{ parameters: { 'bad name': 1 } }, "parameters.bad name: invalid parameter name 'bad name' (must match ^[A-Za-z_][A-Za-z0-9_]*$)"],
    [{ duration: Infinity }, 'duration: must be a finite number, got Infinity'],
  ])('reports %j as %s', (patch, message) => {
    expect(check({ ...BASE, ...patch }).messages).toContain(message);
  });

  it('replaces expression strings by their values and checks them against the bounds', () => {
    const { out, messages } = check({ ...BASE, duration: 'a - 20' }, () => -10);
    expect((out as { duration: number }).duration).toBe(-10);
    expect(messages).toEqual(["duration: must be greater than 0, got -10 (from 'a - 20')"]);
  });

  it('leaves parameter definitions and conditions to their own resolvers', () => {
    const evaluate = jest.fn(() => 1);
    check({ ...BASE, parameters: { a: 'b + 1' }, criteria: 'not collision' }, evaluate);
    expect(evaluate).not.toHaveBeenCalled();
  });

  it.each([
    [null, 'nothing (null)'],
    [3, 'the number 3'],
    [true, 'true'],
    ['x', "'x'"],
    [[1], 'a list'],
    [{}, 'a mapping'],
  ])('describes %j as %s', (value, words) => {
    expect(describeValue(value)).toBe(words);
  });
});
