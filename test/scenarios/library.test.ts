/**
 * Acceptance tests of the built-in scenario library: every scenario loads, instantiates and runs to
 * its end with its default policy and with `idm`, and the verdicts a user would expect are pinned.
 */
import { defaultPolicy, runScenario, type PolicyName, type ScenarioRun } from '../../eval/run-scenario';
import { instantiate } from '../../scenarios/instantiate';
import { listLibrary } from '../../scenarios/library';
import { loadSpecFile } from '../../scenarios/load-spec';
import type { ScenarioSpec } from '../../scenarios/spec-types';
import { PolicyError } from '../../sim/policies/trajectory-policy';
import { createRuntime } from '../../sim/world/runtime';

/** The issue asks for a library of at least ten scenarios. */
const MIN_SCENARIOS = 10;

const entries = listLibrary();
const specs = new Map<string, ScenarioSpec>();
for (const e of entries) specs.set(e.name, loadSpecFile(e.path).spec);

function specOf(name: string): ScenarioSpec {
  const spec = specs.get(name);
  if (spec === undefined) throw new Error(`library scenario '${name}' is missing (library: ${[...specs.keys()].join(', ')})`);
  return spec;
}

/** Runs are cached: each (scenario, policy) pair is simulated once for the whole file. */
const runs = new Map<string, ScenarioRun>();
function runOf(name: string, policy: PolicyName): ScenarioRun {
  const key = `${name}/${policy}`;
  let run = runs.get(key);
  if (run === undefined) {
    run = runScenario(specOf(name), { policy });
    runs.set(key, run);
  }
  return run;
}

function defaultPolicyOf(name: string): PolicyName {
  const { setup } = instantiate(specOf(name));
  return defaultPolicy(createRuntime(setup));
}

describe('the scenario library', () => {
  it(`has at least ${MIN_SCENARIOS} scenarios, each with a description and pass/fail criteria`, () => {
    expect(entries.length).toBeGreaterThanOrEqual(MIN_SCENARIOS);
    for (const [name, spec] of specs) {
      expect({ name, description: (spec.description ?? '').trim().length > 0, criteria: (spec.criteria ?? '').trim().length > 0 }).toEqual({
        name,
        description: true,
        criteria: true,
      });
    }
  });

  it('names every scenario after its file', () => {
    for (const [name, spec] of specs) expect(spec.name).toBe(name);
  });

  it.each(entries.map((e) => e.name))('%s instantiates and has a route for the ego', (name) => {
    const { resolved, setup } = instantiate(specOf(name));
    expect(resolved.stepCount).toBeGreaterThan(0);
    expect(setup.ego.route.length).toBeGreaterThan(0);
  });

  const cases = entries.flatMap((e) => [
    [e.name, 'default'],
    [e.name, 'idm'],
  ]);
  it.each(cases)('%s runs to completion with the %s policy', (name, which) => {
    const policy = which === 'default' ? defaultPolicyOf(name) : 'idm';
    const { report, resolved, rollout } = runOf(name, policy);
    expect(report.policy).toBe(policy);
    // "Completion": the rollout reached the scenario's duration, or ended at the ego's first collision.
    if (report.doneReason === 'duration') expect(report.steps).toBe(resolved.stepCount);
    else expect(report.metrics.collision).not.toBeNull();
    expect(rollout.records).toHaveLength(report.steps + 1);
    expect(report.passed).not.toBeNull();
    expect(report.finalHash).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe('default policies', () => {
  it('replay the authored ego trajectory when the scenario has one', () => {
    expect(defaultPolicyOf('cut_in')).toBe('trajectory');
    expect(defaultPolicyOf('highway_merge')).toBe('trajectory');
  });

  it('drive stop_and_go (no authored trajectory) with idm', () => {
    expect(specOf('stop_and_go').ego.trajectory).toBeUndefined();
    expect(defaultPolicyOf('stop_and_go')).toBe('idm');
  });

  it('refuse the trajectory policy on stop_and_go with a PolicyError naming ego.trajectory', () => {
    let caught: unknown = null;
    try {
      runScenario(specOf('stop_and_go'), { policy: 'trajectory' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(PolicyError);
    expect((caught as Error).message).toContain('ego.trajectory');
    expect((caught as Error).message).toContain('stop_and_go');
  });
});

/**
 * Verdicts measured with `dreamdrive run <name> --policy <p> --json` (seed 0), pinned where they are
 * what the scenario's description promises. The authored trajectories of the three NCAP-like
 * scenarios keep their speed and hit the hazard; the IDM driver avoids it. The authored
 * trajectories of the manoeuvre scenarios are expert demonstrations and must pass.
 * The IDM driver waits for the oncoming car in the unprotected left turn (policies/junction-yield.ts).
 */
const EXPECTED: readonly [scenario: string, policy: PolicyName, passed: boolean, collisionWith: string | null][] = [
  ['lead_vehicle_hard_brake', 'trajectory', false, 'lead'],
  ['lead_vehicle_hard_brake', 'idm', true, null],
  ['cut_in', 'trajectory', false, 'cutter'],
  ['cut_in', 'idm', true, null],
  ['pedestrian_crossing', 'trajectory', false, 'ped'],
  ['pedestrian_crossing', 'idm', true, null],
  ['curved_road', 'trajectory', true, null],
  ['curved_road', 'idm', true, null],
  ['s_bend', 'trajectory', true, null],
  ['s_bend', 'idm', true, null],
  ['overtake_truck', 'trajectory', true, null],
  ['overtake_truck', 'idm', true, null],
  ['highway_merge', 'trajectory', true, null],
  ['highway_merge', 'idm', true, null],
  ['dense_lane_change', 'trajectory', true, null],
  ['dense_lane_change', 'idm', true, null],
  ['stop_and_go', 'idm', true, null],
  ['unprotected_left_turn', 'trajectory', true, null],
  ['unprotected_left_turn', 'idm', true, null],
];

describe('library verdicts', () => {
  it.each(EXPECTED)('%s with %s: passed = %p, collision with %p', (name, policy, passed, collisionWith) => {
    const { report } = runOf(name, policy);
    expect({ passed: report.passed, collisionWith: report.metrics.collision?.withId ?? null }).toEqual({ passed, collisionWith });
  });

  it('a collision always fails the criteria and ends the run at the collision time', () => {
    for (const [name, policy, , collisionWith] of EXPECTED) {
      if (collisionWith === null) continue;
      const { report } = runOf(name, policy);
      expect(report.doneReason).toBe('collision');
      expect(report.metrics.values.collision).toBe(true);
      expect(report.simulatedS).toBeCloseTo(report.metrics.collision!.atS, 9);
      expect(report.metrics.values.score).toBe(0);
    }
  });
});
