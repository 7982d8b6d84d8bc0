/**
 * The evaluation suite format (YAML or JSON), written once as a TypeBox schema: the TypeScript type
 * (`SuiteSpec`) and the checks of load-suite.ts come from it. A suite is
 *
 *   scenarios (library names, files, globs) x parameter grids or samples x seeds x policies x cameras
 *
 * and every combination is one rollout (expand-suite.ts). Example: eval/suites/library.yaml.
 */
import { Type, type Static } from '@sinclair/typebox';
import { PARAMETER_NAME_PATTERN, SCENARIO_NAME_PATTERN } from '../../scenarios/spec-schema';
import { CAMERA_KINDS } from '../../model/runtime/camera-source';
import { SUITE_POLICY_NAMES } from '../policy-choice';

export const SUITE_FORMAT_VERSION = 1;
/** Samples, seeds and grid values per axis: more is almost surely a typo, and a very long run. */
export const MAX_COUNT = 10_000;

const strict = <T extends Parameters<typeof Type.Object>[0]>(properties: T, description: string) =>
  Type.Object(properties, { additionalProperties: false, description });

const policyName = Type.Union(
  SUITE_POLICY_NAMES.map((p) => Type.Literal(p)),
  { title: 'policy' },
);
const cameraName = Type.Union(
  CAMERA_KINDS.map((c) => Type.Literal(c)),
  { title: 'camera source' },
);
const glob = (description: string) => Type.String({ minLength: 1, maxLength: 500, description });

const gridAxis = Type.Union(
  [
    Type.Array(Type.Number(), { minItems: 1, maxItems: MAX_COUNT, description: 'explicit values' }),
    strict(
      {
        from: Type.Number({ description: 'first value' }),
        to: Type.Number({ description: 'last value' }),
        count: Type.Integer({ minimum: 1, maximum: MAX_COUNT, description: 'number of evenly spaced values' }),
      },
      'evenly spaced values',
    ),
  ],
  { description: 'values of this parameter in the grid' },
);

const parameterRecord = <T extends Parameters<typeof Type.Record>[1]>(value: T, description: string) =>
  Type.Record(Type.String({ pattern: PARAMETER_NAME_PATTERN }), value, { additionalProperties: false, title: 'parameter name', description });

const scenarioEntry = strict(
  {
    library: Type.Optional(glob("library scenario name, or a glob over the names ('*' for all of them)")),
    file: Type.Optional(glob("spec file, or a glob such as 'specs/*.yaml' ('**' for any depth), relative to the suite file")),
    grid: Type.Optional(parameterRecord(gridAxis, 'a cartesian grid over these parameters (cells outside constraints are skipped)')),
    samples: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_COUNT, description: "seeded draws of the spec's distribution parameters, per seed" })),
    set: Type.Optional(parameterRecord(Type.Number(), 'parameters fixed for every rollout of this entry')),
  },
  'scenarios to run: library or file, optionally with a grid or samples',
);

const seeds = Type.Union(
  [
    Type.Array(Type.Integer({ minimum: 0 }), { minItems: 1, maxItems: MAX_COUNT, description: 'explicit seeds' }),
    strict({ from: Type.Integer({ minimum: 0 }), count: Type.Integer({ minimum: 1, maximum: MAX_COUNT }) }, 'seeds from, from + 1, ...'),
  ],
  { description: 'world seeds (default [0])' },
);

const expectedFailure = strict(
  {
    scenario: glob('scenario name or glob'),
    policy: Type.Optional(policyName),
    camera: Type.Optional(cameraName),
    reason: Type.Optional(Type.String({ description: 'why this failure is expected (shown in the report)' })),
  },
  'rollouts whose failure is the expected verdict',
);

export const SuiteSpecSchema = strict(
  {
    version: Type.Literal(SUITE_FORMAT_VERSION, { description: 'suite format version' }),
    name: Type.String({ pattern: SCENARIO_NAME_PATTERN, description: 'lowercase letters, digits, _ and -' }),
    description: Type.Optional(Type.String()),
    scenarios: Type.Array(scenarioEntry, { minItems: 1 }),
    seeds: Type.Optional(seeds),
    policies: Type.Array(policyName, { minItems: 1, description: `policies to drive the ego: ${SUITE_POLICY_NAMES.join(', ')} (camera reads frames: give it a camera)` }),
    cameras: Type.Optional(Type.Array(cameraName, { minItems: 1, description: `camera sources: ${CAMERA_KINDS.join(', ')} (default [none])` })),
    expected_failures: Type.Optional(Type.Array(expectedFailure, { description: 'failures that are the expected verdict (the exit code and the report treat them as such)' })),
  },
  'a dreamdrive evaluation suite',
);

export type SuiteSpec = Static<typeof SuiteSpecSchema>;
export type ScenarioEntrySpec = SuiteSpec['scenarios'][number];
export type ExpectedFailureSpec = NonNullable<SuiteSpec['expected_failures']>[number];
