import { metricsFromJson, metricsToJson } from '../../../sim/metrics/metrics-json';
import type { RolloutMetrics } from '../../../sim/metrics/accumulator';
import { stepMetrics } from '../../../sim/metrics/step-measure';
import { context, cruise, parkedAt, score, worldAt, egoAt } from './fixtures';

describe('metric JSON', () => {
  it('round-trips a report with Infinity values exactly', () => {
    const report = score(cruise(10, 10, 20));
    expect(report.values.min_ttc).toBe(Infinity);
    const back = metricsFromJson<RolloutMetrics>(metricsToJson(report));
    expect(back).toEqual(report);
    expect(back.values.min_ttc).toBe(Infinity);
  });

  it('round-trips a report with a collision', () => {
    const report = score(cruise(10, 10, 30, () => [parkedAt('p', 40)]));
    expect(metricsFromJson(metricsToJson(report, 2))).toEqual(report);
  });

  it('writes Infinity as the string "Infinity", never as null', () => {
    const text = metricsToJson(stepMetrics(worldAt(0, egoAt(10)), context()));
    expect(text).toContain('"ttcS":"Infinity"');
    expect(text).toContain('"headwayM":"Infinity"');
    expect(text).not.toMatch(/"(ttcS|headwayM)":null/);
  });

  it.each([
    [{ a: -Infinity }, '{"a":"-Infinity"}'],
    [{ a: 1.5, b: true, c: null }, '{"a":1.5,"b":true,"c":null}'],
    [[{ ttcS: Infinity }], '[{"ttcS":"Infinity"}]'],
  ])('encodes %p as %s', (value, text) => {
    expect(metricsToJson(value)).toBe(text);
    expect(metricsFromJson(text)).toEqual(value);
  });

  it('leaves an id that happens to read "Infinity" a string', () => {
    const back = metricsFromJson('{"withId":"Infinity","leaderId":"-Infinity"}');
    expect(back).toEqual({ withId: 'Infinity', leaderId: '-Infinity' });
  });

  it('refuses to write NaN, naming the field', () => {
    expect(() => metricsToJson({ values: { min_ttc: NaN } })).toThrow(/'min_ttc' is NaN/);
  });
});
