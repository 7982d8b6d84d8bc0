import { all, create } from 'mathjs';
import {
  checkExpressionForm,
  compileCondition,
  criteriaVocabulary,
  evaluateConstraint,
  evaluateNumber,
  expressionSymbols,
  triggerVocabulary,
  tryCompileCondition,
  type ConditionScope,
  type WorldFunction,
} from '../../scenarios/expressions';
import { SpecError } from '../../scenarios/errors';

const WHERE = { file: 'cut_in.yaml', path: 'actors[0].start.s', line: 7, col: 12 };

function value(text: string, constants: Record<string, number> = {}): number {
  const result = evaluateNumber(text, WHERE, constants);
  if (!result.ok) throw new Error(result.issue.message);
  return result.value;
}

function failure(text: string, constants: Record<string, number> = {}): string {
  const result = evaluateNumber(text, WHERE, constants);
  if (result.ok) throw new Error(`'${text}' evaluated to ${result.value}`);
  return result.issue.message;
}

describe('numeric expressions over parameters', () => {
  it('computes a derived value by hand: ego_speed - 5 with ego_speed = 25 is 20', () => {
    expect(value('ego_speed - 5', { ego_speed: 25 })).toBe(20);
  });

  it.each([
    ['2 ^ 3 + 1', 9],
    ['-7 % 3', 2], // floored modulo, as mathjs
    ['clamp(12, 0, 10)', 10],
    ['round(-2.5)', -3], // half away from zero, as mathjs
    ['min(4, 2, 8) + max(1, 3)', 5],
    ['atan2(1, 1) * 4', Math.PI],
    ['hypot(3, 4)', 5],
    ['log(100, 10)', 2],
    ['x > 2 ? 10 : 20', 10],
    ['2x', 6],
  ] as const)('%s = %d', (text, expected) => {
    expect(value(text, { x: 3 })).toBeCloseTo(expected, 12);
  });

  it('agrees with mathjs on arithmetic (round trip against the unrestricted evaluator)', () => {
    const reference = create(all, { number: 'number' });
    const scope = { a: 1.5, b: -2.25, c: 7 };
    const texts = ['a * b - c / 4', '(a + b) ^ 2', 'sqrt(c) * sin(a) + cos(b)', 'exp(-a) * log(c)', 'floor(b) + ceil(a) - abs(b)', '-c % 3 + c % -3', 'tan(a / 2) - atan(b)'];
    for (const text of texts) expect(value(text, scope)).toBeCloseTo(reference.evaluate(text, { ...scope }) as number, 12);
  });

  it.each([
    ['x / (y - y)', "in 'x / (y - y)': division by zero"],
    ['x % (y - 2)', "in 'x % (y - 2)': division by zero"],
    ['sqrt(-x)', "in 'sqrt(-x)': result is not a finite number (NaN)"],
    ['1 + log(y - 2)', "in 'log(y - 2)': result is not a finite number (-Infinity)"],
    ['10 ^ 400', "in '10 ^ 400': result is not a finite number (Infinity)"],
    ['spd + 1', "unknown symbol 'spd'"],
    ['speedd * 2', "unknown symbol 'speedd' (did you mean 'speed'?)"],
    ['foo(1)', "unknown function 'foo'"],
    ['sqrtt(4)', "unknown function 'sqrtt' (did you mean 'sqrt'?)"],
    ['sqrt(1, 2)', 'sqrt() takes 1 argument, got 2'],
    ['"lane1"', 'quoted text is only allowed as an id'],
    ['x & y', "operator '&' is not allowed in scenario expressions (use 'and')"],
    ['x == 3', "expected a number, but 'x == 3' is true/false"],
    ['[1, 2]', 'matrices and lists are not allowed'],
    ['a.b', 'property access and indexing are not allowed'],
    ['x; y', 'a single formula'],
    ['5 cm', "unknown symbol 'cm'"],
    ['x +', "syntax error in 'x +'"],
    ['true + 1', "'+' needs a number, got true/false"],
    ['sqrt', "'sqrt' is a function; call it as sqrt(...)"],
  ])('refuses %s: %s', (text, message) => {
    expect(failure(text, { x: 3, y: 2, speed: 10 })).toContain(message);
  });

  it('refuses expressions longer than 500 characters before parsing them', () => {
    expect(failure(`${'1 + '.repeat(150)}1`)).toContain('the limit is 500');
  });

  it('shows where a syntax error is, with a caret under the character', () => {
    const result = evaluateNumber('50 +* gap', WHERE, { gap: 1 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issue.detail).toBe('50 +* gap\n      ^');
      expect(result.issue).toMatchObject({ file: 'cut_in.yaml', line: 7, col: 12, path: 'actors[0].start.s', expression: '50 +* gap' });
    }
  });

  it('evaluates constraints to booleans', () => {
    expect(evaluateConstraint('gap > 2 * noise', WHERE, { gap: 3, noise: 1 })).toEqual({ ok: true, value: true });
    expect(evaluateConstraint('1 < gap <= 3', WHERE, { gap: 4 })).toEqual({ ok: true, value: false });
  });
});

function world(overrides: Partial<Record<string, WorldFunction>> = {}): Record<string, WorldFunction> {
  return {
    gap: (a, b) => (a === 'ego' && b === 'cutter' ? 15 : Infinity),
    distance: () => 20,
    ttc: () => 3,
    headway: () => 1.2,
    speed: (a) => (a === 'ego' ? 25 : 20),
    s: () => 100,
    d: () => 0.5,
    x: () => 10,
    y: () => -2,
    lane: (a) => (a === 'cutter' ? 'lane1' : 'lane2'),
    fired: (id) => id === 'cut',
    ...overrides,
  } as Record<string, WorldFunction>;
}

describe('trigger conditions', () => {
  const vocabulary = triggerVocabulary(['ego', 'cutter', 'my-car'], ['cut', 'brake'], { threshold: 20 }, ['lane0', 'lane1', 'lane2']);
  const scope = (time: number, fn = world()): ConditionScope => ({ time, fn });

  it.each([
    ['time > 2 and gap(ego, cutter) < threshold', 3, true],
    ['time > 2 and gap(ego, cutter) < threshold', 1, false],
    ['lane(cutter) == "lane1"', 0, true],
    ['lane(ego) != "lane1"', 0, true],
    ['fired("cut") and not fired("brake")', 0, true],
    ['speed(ego) - speed(cutter) > 4', 0, true],
    ['gap(cutter, ego) == Infinity', 0, true],
    ['2 < time <= 5', 5, true],
    ['distance(ego, "my-car") < 25', 0, true],
    ['ttc(ego, cutter) < 2 or headway(ego, cutter) < 1.5', 0, true],
    ['x(ego) > 0 xor y(ego) > 0', 0, true],
    ['abs(d(cutter)) < 1 ? s(cutter) > 50 : false', 0, true],
  ] as const)('%s at t=%d is %s', (text, time, expected) => {
    expect(compileCondition(text, WHERE, vocabulary).evaluate(scope(time))).toBe(expected);
  });

  it('records the actors and events a condition reads', () => {
    const compiled = compileCondition('fired("cut") and gap(ego, cutter) < 5', WHERE, vocabulary);
    expect(compiled.actorIds).toEqual(['cutter', 'ego']);
    expect(compiled.eventIds).toEqual(['cut']);
  });

  it('does not call the right side of "and" when the left is false (short circuit)', () => {
    const gap = jest.fn(() => 1);
    const compiled = compileCondition('time > 2 and gap(ego, cutter) < 20', WHERE, vocabulary);
    expect(compiled.evaluate(scope(1, world({ gap })))).toBe(false);
    expect(gap).not.toHaveBeenCalled();
  });

  it.each([
    ['gap(ego, leader) < 20', "gap() takes actor ids; 'leader' is not one (actors: ego, cutter, my-car)"],
    ['gap(ego) < 20', 'gap() takes 2 arguments, got 1'],
    ['fired("cutt")', "unknown event 'cutt' (events: cut, brake) (did you mean 'cut'?)"],
    ['fired(cut)', 'fired() takes a quoted event id'],
    ['lane(cutter) == "lane9"', "unknown lane 'lane9' (lanes: lane0, lane1, lane2)"],
    ['speed(ego)', "expected a true/false condition, but 'speed(ego)' is a number"],
    ['speed(ego) > 1 and 3', "'and' needs true/false, got a number"],
    ['lane(ego) == 2', 'compares an id (text) with a number'],
    ['spedd(ego) > 2', "unknown function 'spedd' (did you mean 'speed'?)"],
    ['tme > 2', "unknown symbol 'tme' (did you mean 'time'?)"],
  ])('refuses %s: %s', (text, message) => {
    const result = tryCompileCondition(text, WHERE, vocabulary);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issue.message).toContain(message);
  });

  it('throws a SpecError from compileCondition', () => {
    expect(() => compileCondition('gap(', WHERE, vocabulary)).toThrow(SpecError);
  });

  it('names a world function the simulator forgot to provide', () => {
    const compiled = compileCondition('speed(ego) > 1', WHERE, vocabulary);
    expect(() => compiled.evaluate({ time: 0, fn: {} })).toThrow("world function 'speed' is missing from the condition scope");
  });

  it('is compiled once and cheap per step: a million evaluations in well under two seconds', () => {
    const compiled = compileCondition('time > 2 and gap(ego, cutter) < threshold', WHERE, vocabulary);
    const fn = world();
    const scopes = [0, 1, 2, 3, 4].map((time) => ({ time, fn }));
    const start = process.hrtime.bigint();
    let fired = 0;
    for (let i = 0; i < 1_000_000; i++) if (compiled.evaluate(scopes[i % 5])) fired++;
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    expect(fired).toBe(400_000);
    expect(seconds).toBeLessThan(2);
  });
});

describe('criteria over metrics', () => {
  it('evaluates "not collision and min_ttc > 1.5" on metric values', () => {
    const compiled = compileCondition('not collision and min_ttc > limit', WHERE, criteriaVocabulary({ limit: 1.5 }));
    expect(compiled.evaluate({ time: 10, fn: {}, metrics: { collision: false, min_ttc: 2.1 } })).toBe(true);
    expect(compiled.evaluate({ time: 10, fn: {}, metrics: { collision: true, min_ttc: 2.1 } })).toBe(false);
  });

  it('names a metric missing at evaluation', () => {
    const compiled = compileCondition('min_ttc > 1.5', WHERE, criteriaVocabulary());
    expect(() => compiled.evaluate({ time: 0, fn: {}, metrics: {} })).toThrow("metric 'min_ttc' is missing");
  });

  it('suggests the metric name for a typo', () => {
    const result = tryCompileCondition('min_tcc > 1.5', WHERE, criteriaVocabulary());
    expect(!result.ok && result.issue.message).toBe("unknown symbol 'min_tcc' (did you mean 'min_ttc'?)");
  });
});

describe('load-time form check and symbol listing', () => {
  it('accepts unknown names at load time (they are checked once parameters are known)', () => {
    expect(checkExpressionForm('foo(bar) + baz', WHERE)).toBeUndefined();
  });

  it('lists the symbols an expression reads, not the functions it calls', () => {
    expect(expressionSymbols('a + sqrt(b) * max(c, 2)')).toEqual(['a', 'b', 'c']);
    expect(expressionSymbols('1 +')).toBeUndefined();
  });
});
