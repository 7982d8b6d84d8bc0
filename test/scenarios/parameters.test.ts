import { IssueSink, SpecError } from '../../scenarios/errors';
import { parseSpecText } from '../../scenarios/load-spec';
import { parseOverrides, resolveParameters } from '../../scenarios/parameters';
import { specText } from './spec-test-helpers';

const spec = (extra: string) => parseSpecText(specText(extra), 'params.yaml').spec;

function errorOf(run: () => unknown): SpecError {
  try {
    run();
  } catch (error) {
    if (error instanceof SpecError) return error;
    throw error;
  }
  throw new Error('no SpecError');
}

describe('resolveParameters', () => {
  it('resolves derived values in dependency order, whatever the declaration order', () => {
    const s = spec(['parameters:', '  lead_speed: "ego_speed - 5"', '  gap_time: "gap / lead_speed"', '  ego_speed: 25', '  gap: 40'].join('\n'));
    expect(resolveParameters(s)).toEqual({ ego_speed: 25, gap: 40, lead_speed: 20, gap_time: 2 });
  });

  it('gives distributions their nominal value: the mean, or the middle of min..max', () => {
    const s = spec(['parameters:', '  noise: { distribution: normal, mean: 0.2, std: 0.5 }', '  friction: { distribution: uniform, min: 0.5, max: 1.0 }'].join('\n'));
    expect(resolveParameters(s)).toEqual({ noise: 0.2, friction: 0.75 });
  });

  it('applies overrides and recomputes what depends on them', () => {
    const s = spec(['parameters:', '  ego_speed: 25', '  lead_speed: "ego_speed - 5"'].join('\n'));
    expect(resolveParameters(s, { overrides: { ego_speed: 30 } })).toEqual({ ego_speed: 30, lead_speed: 25 });
  });

  it.each([
    [['  a: "b + 1"', '  b: "c * 2"', '  c: "a - 1"'], 'circular parameter definitions: a -> b -> c -> a', 'parameters.a'],
    [['  a: "a + 1"'], 'circular parameter definitions: a -> a', 'parameters.a'],
    [['  x: 1', '  r: "x / (x - 1)"'], "in 'x / (x - 1)': division by zero", 'parameters.r'],
    [['  speed: 3', '  v: "sped * 2"'], "unknown symbol 'sped' in parameter 'v' (did you mean 'speed'?)", 'parameters.v'],
    [['  time: 3'], "'time' is a reserved name", 'parameters.time'],
    [['  g: { value: 50, min: 8, max: 40 }'], 'g = 50 is outside its range [8, 40]', 'parameters.g.value'],
    [['  g: { value: 1, expr: "2" }'], "give 'value' or 'expr', not both", 'parameters.g'],
    [['  g: { distribution: uniform, min: 1 }'], 'a uniform distribution needs both min and max', 'parameters.g'],
    [['  g: { distribution: normal, mean: 1 }'], 'a normal distribution needs mean and std', 'parameters.g'],
    [['  g: { min: 1, max: 2 }'], "parameter 'g' needs a 'value', an 'expr' or a 'distribution'", 'parameters.g'],
    [['  g: { value: 1, min: 3, max: 2 }'], 'min 3 is greater than max 2', 'parameters.g.min'],
  ])('reports %j: %s', (lines, message, path) => {
    const error = errorOf(() => resolveParameters(spec(['parameters:', ...lines].join('\n'))));
    const issue = error.issues.find((i) => i.message.includes(message));
    expect(issue).toMatchObject({ path, severity: 'error' });
    expect(issue?.line).toBeGreaterThan(0);
  });

  it('names a violated constraint with the values it read', () => {
    const s = spec(['parameters:', '  ego_speed: 4', '  lead_speed: "ego_speed - 5"', 'constraints: ["lead_speed > 0", "ego_speed < 50"]'].join('\n'));
    const error = errorOf(() => resolveParameters(s));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ path: 'constraints[0]', message: "constraint 'lead_speed > 0' is violated", detail: 'lead_speed = -1', line: 10 });
  });

  it('refuses overrides of undeclared parameters (with a suggestion) and outside the range', () => {
    const s = spec(['parameters:', '  gap: { value: 20, min: 8, max: 40 }'].join('\n'));
    expect(errorOf(() => resolveParameters(s, { overrides: { gapp: 10 } })).issues[0].message).toBe(
      "override 'gapp=10': unknown parameter 'gapp' (did you mean 'gap'?) (parameters: gap)",
    );
    expect(errorOf(() => resolveParameters(s, { overrides: { gap: 50 } })).issues[0].message).toBe('gap=50 (assigned) is outside its range [8, 40]');
  });

  it('warns when an override replaces a derived value', () => {
    const s = spec(['parameters:', '  a: 1', '  b: "a + 1"'].join('\n'));
    const sink = new IssueSink('params.yaml');
    expect(resolveParameters(s, { overrides: { b: 5 }, sink })).toEqual({ a: 1, b: 5 });
    expect(sink.issues).toEqual([expect.objectContaining({ severity: 'warning', message: "override b=5 replaces the derived value 'a + 1'" })]);
  });

  it('reports a cycle once and does not cascade into its dependants', () => {
    const s = spec(['parameters:', '  a: "b"', '  b: "a"', '  c: "a + 1"', 'constraints: ["c > 0"]'].join('\n'));
    expect(errorOf(() => resolveParameters(s)).issues.map((i) => i.message)).toEqual(['circular parameter definitions: a -> b -> a']);
  });
});

describe('parseOverrides', () => {
  it('reads name=value pairs as numbers', () => {
    expect(parseOverrides(['gap=30', 'ego_speed = 22.5', 'n=-1e3'])).toEqual({ gap: 30, ego_speed: 22.5, n: -1000 });
  });

  it.each([
    ['gap', 'expected name=value'],
    ['gap=fast', "'fast' is not a number"],
    ['1x=3', 'expected name=value'],
  ])('refuses %s', (arg, message) => {
    expect(errorOf(() => parseOverrides([arg])).issues[0].message).toContain(message);
  });

  it('refuses a name given twice', () => {
    expect(errorOf(() => parseOverrides(['a=1', 'a=2'])).issues[0].message).toBe("'a' is set twice");
  });
});
