import { CRITERIA_METRICS } from '../../../scenarios/expression-vocabulary';
import { METRIC_NAMES } from '../../../sim/metrics/metrics';

describe('criteria vocabulary and metric registry', () => {
  it('lets every registered metric be used in pass criteria, with the same names', () => {
    expect([...METRIC_NAMES].sort()).toEqual(Object.keys(CRITERIA_METRICS).sort());
  });
});
