import { SpecError } from '../../scenarios/errors';
import { parseSpecText } from '../../scenarios/load-spec';
import { axisValues, declaredGridAxes, gridParameters, sampleParameters } from '../../scenarios/parameters';
import { specText } from './spec-test-helpers';

const spec = (lines: readonly string[]) => parseSpecText(specText(lines.join('\n')), 'sweep.yaml').spec;

const DRAWN = spec([
  'parameters:',
  '  ego_speed: 25',
  '  noise: { distribution: normal, mean: 0, std: 0.5, min: -1, max: 1 }',
  '  friction: { distribution: uniform, min: 0.5, max: 1.0 }',
  '  grip: "friction * 9.81"',
]);

describe('sampleParameters', () => {
  it('gives the same samples for the same seed, and different ones for another seed', () => {
    const a = sampleParameters(DRAWN, 7, 20);
    const b = sampleParameters(DRAWN, 7, 20);
    const c = sampleParameters(DRAWN, 8, 20);
    expect(a).toEqual(b);
    expect(a.samples.map((s) => s.values.friction)).not.toEqual(c.samples.map((s) => s.values.friction));
  });

  it('keeps draws within min..max and recomputes derived values from them', () => {
    for (const sample of sampleParameters(DRAWN, 1, 500).samples) {
      expect(sample.values.noise).toBeGreaterThanOrEqual(-1);
      expect(sample.values.noise).toBeLessThanOrEqual(1);
      expect(sample.values.friction).toBeGreaterThanOrEqual(0.5);
      expect(sample.values.friction).toBeLessThan(1);
      expect(sample.values.grip).toBeCloseTo(sample.values.friction * 9.81, 12);
      expect(sample.values.ego_speed).toBe(25);
    }
  });

  it('draws with the right moments (uniform mean 0.75, normal mean 0 and std about 0.5 before truncation)', () => {
    const samples = sampleParameters(DRAWN, 3, 4000).samples;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(samples.map((s) => s.values.friction))).toBeCloseTo(0.75, 1);
    expect(mean(samples.map((s) => s.values.noise))).toBeCloseTo(0, 1);
  });

  it("does not change one parameter's draws when another parameter is added (one stream each)", () => {
    const more = spec([
      'parameters:',
      '  ego_speed: 25',
      '  extra: { distribution: uniform, min: 0, max: 1 }',
      '  noise: { distribution: normal, mean: 0, std: 0.5, min: -1, max: 1 }',
      '  friction: { distribution: uniform, min: 0.5, max: 1.0 }',
      '  grip: "friction * 9.81"',
    ]);
    const friction = (s: typeof DRAWN) => sampleParameters(s, 5, 10).samples.map((x) => x.values.friction);
    expect(friction(more)).toEqual(friction(DRAWN));
  });

  it('rejects draws that break a constraint and reports how many and why', () => {
    const s = spec(['parameters:', '  x: { distribution: uniform, min: 0, max: 1 }', 'constraints: ["x > 0.5"]']);
    const { samples, report } = sampleParameters(s, 11, 50);
    expect(samples).toHaveLength(50);
    expect(samples.every((sample) => sample.values.x > 0.5)).toBe(true);
    expect(report.accepted).toBe(50);
    expect(report.rejected).toBe(report.attempts - 50);
    expect(report.byReason['x > 0.5']).toBe(report.rejected);
    expect(report.rejected).toBeGreaterThan(10); // about half the draws fall below 0.5
  });

  it('gives up with a SpecError naming the constraint when it can never be met', () => {
    const s = spec(['parameters:', '  x: { distribution: uniform, min: 0, max: 1 }', 'constraints: ["x > 2"]']);
    expect(() => sampleParameters(s, 1, 3, { maxAttempts: 100 })).toThrow(SpecError);
    expect(() => sampleParameters(s, 1, 3, { maxAttempts: 100 })).toThrow("sampling found 0 of 3 samples in 100 draws; rejected by 'x > 2' 100 times");
  });

  it('returns the assigned values, which reproduce the sample as overrides', () => {
    const [sample] = sampleParameters(DRAWN, 2, 1).samples;
    expect(Object.keys(sample.assigned).sort()).toEqual(['friction', 'noise']);
  });
});

describe('gridParameters', () => {
  const GRID = spec([
    'parameters:',
    '  gap: { value: 20, min: 8, max: 40, grid: { count: 3 } }',
    '  speed: { value: 20, grid: [10, 20] }',
    '  lead: "speed - gap / 4"',
    'constraints: ["lead > 0"]',
  ]);

  it('spaces a count evenly over min..max', () => {
    expect(axisValues({ name: 'g', from: 8, to: 40, count: 3 })).toEqual([8, 24, 40]);
    expect(axisValues({ name: 'g', from: 8, to: 40, count: 1 })).toEqual([8]);
  });

  it('reads the axes declared in the spec', () => {
    expect(declaredGridAxes(GRID)).toEqual([
      { name: 'gap', from: 8, to: 40, count: 3 },
      { name: 'speed', values: [10, 20] },
    ]);
  });

  it('enumerates the cartesian product, first axis slowest, leaving out cells that break a constraint', () => {
    const { samples, report } = gridParameters(GRID);
    // gap 40 with speed 10 gives lead = 0, which breaks "lead > 0".
    expect(samples.map((s) => [s.values.gap, s.values.speed])).toEqual([
      [8, 10],
      [8, 20],
      [24, 10],
      [24, 20],
      [40, 20],
    ]);
    expect(report).toEqual({ attempts: 6, accepted: 5, rejected: 1, byReason: { 'lead > 0': 1 } });
  });

  it('takes explicit axes and refuses undeclared names', () => {
    expect(gridParameters(GRID, [{ name: 'gap', values: [10, 12] }]).samples.map((s) => s.values.gap)).toEqual([10, 12]);
    expect(() => gridParameters(GRID, [{ name: 'gapp', values: [1] }])).toThrow("unknown parameter 'gapp'");
  });

  it('counts grid values outside a parameter range as rejected', () => {
    const { report } = gridParameters(GRID, [{ name: 'gap', values: [5, 10] }]);
    expect(report.byReason).toEqual({ 'range of gap': 1 });
  });
});
