import {
  DEFAULT_IDM,
  IDM_EMERGENCY_DECEL_MPS2,
  idmAccelMps2,
  idmDesiredGapM,
  idmEquilibriumGapM,
  validateIdmParams,
  type IdmParams,
} from '../../../sim/behaviours/idm';

const P: IdmParams = DEFAULT_IDM;

describe('idmAccelMps2', () => {
  it('accelerates at maxAccel from standstill on a free road', () => {
    expect(idmAccelMps2(0, null, P)).toBe(P.maxAccelMps2);
  });

  it('matches a hand-computed case', () => {
    // v = 20, v0 = 30, delta = 4: free term 1 - (2/3)^4 = 65/81.
    // Leader 30 m ahead at 15 m/s: s* = 5 + 20*1.5 + 20*5 / (2 sqrt(15)) = 35 + 50/sqrt(15).
    const sStar = 35 + 50 / Math.sqrt(15);
    const expected = 3 * (65 / 81 - (sStar / 30) ** 2);
    expect(idmDesiredGapM(20, 15, P)).toBeCloseTo(sStar, 12);
    expect(idmAccelMps2(20, { gapM: 30, speedMps: 15 }, P)).toBeCloseTo(expected, 12);
  });

  it.each([0, 5, 10, 20, 29])('is ~0 at the equilibrium gap with equal speeds (v = %p m/s)', (v) => {
    const gapM = idmEquilibriumGapM(v, P);
    expect(Math.abs(idmAccelMps2(v, { gapM, speedMps: v }, P))).toBeLessThan(1e-9);
  });

  it('brakes hard when closing fast on a stopped leader', () => {
    const a = idmAccelMps2(25, { gapM: 30, speedMps: 0 }, P);
    expect(a).toBe(-IDM_EMERGENCY_DECEL_MPS2);
  });

  it.each([
    ['at contact', 0],
    ['overlapping', -3],
  ])('stays finite and bounded with the leader %s', (_name, gapM) => {
    const a = idmAccelMps2(10, { gapM, speedMps: 10 }, P);
    expect(a).toBe(-IDM_EMERGENCY_DECEL_MPS2);
  });

  it.each([
    // [own speed, leader gap, leader speed, expected sign]
    [30, null, 0, 0], // at desired speed on a free road
    [35, null, 0, -1], // above desired speed
    [10, 200, 10, 1], // far behind a leader at the same speed
    [10, 8, 10, -1], // too close behind a leader at the same speed
    [10, 20, 20, 1], // leader pulling away
  ] as const)('at %p m/s with gap %p m to a leader at %p m/s the sign is %p', (v, gap, vl, sign) => {
    const a = idmAccelMps2(v, gap === null ? null : { gapM: gap, speedMps: vl }, P);
    if (sign === 0) expect(Math.abs(a)).toBeLessThan(1e-12);
    else expect(Math.sign(a)).toBe(sign);
  });

  it('never exceeds its bounds over a sweep of states', () => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let v = 0; v <= 50; v += 2.5) {
      for (let gap = -2; gap <= 120; gap += 7) {
        for (let vl = 0; vl <= 40; vl += 5) {
          const a = idmAccelMps2(v, { gapM: gap, speedMps: vl }, P);
          lo = Math.min(lo, a);
          hi = Math.max(hi, Number.isNaN(a) ? Infinity : a);
        }
      }
    }
    expect(lo).toBe(-IDM_EMERGENCY_DECEL_MPS2);
    expect(hi).toBeLessThanOrEqual(P.maxAccelMps2);
  });

  it('does less than free-road acceleration whenever a leader is present', () => {
    for (const v of [0, 10, 20]) {
      expect(idmAccelMps2(v, { gapM: 50, speedMps: v }, P)).toBeLessThan(idmAccelMps2(v, null, P));
    }
  });
});

describe('idmEquilibriumGapM', () => {
  it('is the jam distance at standstill and infinite at the desired speed', () => {
    expect(idmEquilibriumGapM(0, P)).toBe(P.minGapM);
    expect(idmEquilibriumGapM(P.desiredSpeedMps, P)).toBe(Infinity);
  });

  it('grows with speed', () => {
    let prev = 0;
    for (let v = 0; v < 30; v += 1) {
      const gap = idmEquilibriumGapM(v, P);
      expect(gap).toBeGreaterThan(prev);
      prev = gap;
    }
  });
});

describe('validateIdmParams', () => {
  it('accepts the defaults', () => expect(() => validateIdmParams(DEFAULT_IDM)).not.toThrow());
  it.each([
    ['desiredSpeedMps', 0],
    ['comfortDecelMps2', -1],
    ['timeHeadwayS', -0.5],
    ['delta', NaN],
  ] as const)('rejects %s = %p naming the field', (key, value) => {
    expect(() => validateIdmParams({ ...DEFAULT_IDM, [key]: value })).toThrow(key);
  });
});
