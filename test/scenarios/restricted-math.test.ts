import { BLOCKED_FUNCTIONS, parseToTree, restrictedMath } from '../../scenarios/restricted-math';
import { checkExpressionForm, evaluateNumber, tryCompileCondition, triggerVocabulary } from '../../scenarios/expressions';

const WHERE = { file: 'x.yaml', path: 'p', line: 1, col: 1 };
type Callable = (...args: unknown[]) => unknown;

describe('the restricted mathjs instance', () => {
  it.each(['import', 'createUnit', 'evaluate', 'parse', 'simplify', 'derivative', 'compile', 'resolve', 'reviver', 'chain', 'config', 'typed'])(
    'refuses %s when called on the instance',
    (name) => {
      const fn = (restrictedMath as unknown as Record<string, Callable>)[name];
      expect(() => fn('1 + 1')).toThrow(`function '${name}' is not allowed in scenario expressions`);
    },
  );

  it('refuses them also when reached through a string key or a copied reference', () => {
    const key = ['ev', 'al', 'uate'].join('');
    const f = (restrictedMath as unknown as Record<string, Callable>)[key];
    expect(() => f('2 + 3')).toThrow("function 'evaluate' is not allowed");
    const { import: imp } = restrictedMath as unknown as { import: Callable };
    expect(() => imp({ pi: 3 }, { override: true })).toThrow("function 'import' is not allowed");
  });

  it('cannot be changed: assigning, defining or deleting a function throws', () => {
    const target = restrictedMath as unknown as Record<string, unknown>;
    expect(() => {
      target.evaluate = () => 42;
    }).toThrow(TypeError);
    expect(() => Object.defineProperty(target, 'sqrt', { value: () => 42 })).toThrow(TypeError);
    expect(() => delete target.import).toThrow(TypeError);
    expect(() => (target.evaluate as Callable)('1')).toThrow("function 'evaluate' is not allowed");
  });

  it('blocks the parser even if a parsed tree is evaluated by mathjs itself', () => {
    const tree = parseToTree('evaluate("2 + 3")');
    expect(() => tree.compile().evaluate()).toThrow("function 'evaluate' is not allowed");
    const assigned = parseToTree('f = evaluate; f("2 + 3")');
    expect(() => assigned.compile().evaluate()).toThrow("function 'evaluate' is not allowed");
  });

  it('still does ordinary arithmetic', () => {
    expect(restrictedMath.add(2, 3)).toBe(5);
  });
});

describe('scenario expressions reject the blocked functions before anything runs', () => {
  const cases: readonly [string, string][] = [
    ['import({pi: 3}, {override: true})', "function 'import' is not allowed"],
    ['createUnit("furlong", "201.168 m")', "function 'createUnit' is not allowed"],
    ['evaluate("1 + 1")', "function 'evaluate' is not allowed"],
    ['parse("1 + 1")', "function 'parse' is not allowed"],
    ['simplify("x + x")', "function 'simplify' is not allowed"],
    ['f = evaluate', 'assignments are not allowed'],
    ['f(x) = evaluate(x)', 'function definitions are not allowed'],
    ['evaluate', "function 'evaluate' is not allowed"],
    ['x + (evaluate)("1")', "function 'evaluate' is not allowed"],
    ['x.evaluate("1")', 'only named functions can be called'],
  ];

  it.each(cases)('refuses %s in a numeric field', (text, message) => {
    const result = evaluateNumber(text, WHERE, { x: 1 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issue.message).toContain(message);
  });

  it.each(cases)('refuses %s at load time (form check)', (text, message) => {
    expect(checkExpressionForm(text, WHERE)?.message).toContain(message);
  });

  it('refuses them in trigger conditions too', () => {
    const result = tryCompileCondition('evaluate("time > 1") and time > 1', WHERE, triggerVocabulary(['ego'], []));
    expect(result.ok).toBe(false);
  });

  it('blocks every listed function', () => {
    for (const name of BLOCKED_FUNCTIONS) {
      expect(checkExpressionForm(`${name}(1)`, WHERE)?.message).toBe(`function '${name}' is not allowed in scenario expressions`);
    }
  });
});
