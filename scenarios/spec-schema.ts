/**
 * The scenario spec format, written once as a TypeBox schema. The TypeScript types
 * (`spec-types.ts`), the committed JSON Schema (`schema/scenario.schema.json`, for editors) and the
 * validator's checks (`validate-schema.ts`) all come from this one definition.
 *
 * Units: lengths m, speeds m/s, accelerations m/s^2, times s, angles degrees. A numeric field takes
 * a number or a mathjs expression string over the parameters (`"ego_speed - 5"`), resolved at load.
 */
import { Type, type TSchema, type NumberOptions } from '@sinclair/typebox';
import * as D from './spec-defaults';

/** JSON Schema `format` of expression strings; the validator finds numeric fields by it. */
export const EXPRESSION_FORMAT = 'mathjs-expression';
export const CONDITION_FORMAT = 'mathjs-condition';
/** Longer expressions are almost surely generated or hostile; a scenario needs a line at most. */
export const MAX_EXPRESSION_LENGTH = 500;

export const SCENARIO_NAME_PATTERN = '^[a-z0-9_-]+$';
export const ID_PATTERN = '^[A-Za-z0-9_-]+$';
/** Parameter names must be mathjs symbols so expressions can use them. */
export const PARAMETER_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';

const expression = (description: string) =>
  Type.String({ format: EXPRESSION_FORMAT, minLength: 1, maxLength: MAX_EXPRESSION_LENGTH, description });

const condition = (description: string) =>
  Type.String({ format: CONDITION_FORMAT, minLength: 1, maxLength: MAX_EXPRESSION_LENGTH, description });

/** A number, or an expression over parameters whose value must meet the same bounds. */
function num(description: string, bounds: NumberOptions = {}, defaultValue?: number) {
  return Type.Union([Type.Number(bounds), expression('mathjs expression over the parameters')], {
    description,
    ...(defaultValue === undefined ? {} : { default: defaultValue }),
  });
}

function int(description: string, bounds: NumberOptions = {}, defaultValue?: number) {
  return Type.Union([Type.Integer(bounds), expression('mathjs expression over the parameters')], {
    description,
    ...(defaultValue === undefined ? {} : { default: defaultValue }),
  });
}

const strict = <T extends Parameters<typeof Type.Object>[0]>(properties: T, description: string) =>
  Type.Object(properties, { additionalProperties: false, description });

const POSITIVE = { exclusiveMinimum: 0 };
const NON_NEGATIVE = { minimum: 0 };

const laneId = Type.String({ minLength: 1, description: 'lane id of the built road (e.g. lane1)' });
const actorId = Type.String({ pattern: ID_PATTERN, description: 'actor id: letters, digits, _ and -' });

// ---------------------------------------------------------------------------------------------
// Parameters

const grid = Type.Union(
  [
    Type.Array(Type.Number(), { minItems: 1, description: 'explicit values' }),
    strict(
      {
        from: Type.Optional(Type.Number({ description: 'first value (default: min)' })),
        to: Type.Optional(Type.Number({ description: 'last value (default: max)' })),
        count: Type.Integer({ minimum: 1, maximum: 1000, description: 'number of evenly spaced values' }),
      },
      'evenly spaced values',
    ),
  ],
  { description: 'values of this parameter in a grid sweep' },
);

const parameterObject = strict(
  {
    value: Type.Optional(num('nominal value')),
    expr: Type.Optional(expression('derived value (same as a string value)')),
    min: Type.Optional(Type.Number({ description: 'lowest allowed value (overrides and draws are checked)' })),
    max: Type.Optional(Type.Number({ description: 'highest allowed value' })),
    grid: Type.Optional(grid),
    distribution: Type.Optional(
      Type.Union([Type.Literal('uniform'), Type.Literal('normal')], {
        title: 'distribution',
        description: 'drawn from a seeded RNG when the scenario is sampled; uniform uses min..max',
      }),
    ),
    mean: Type.Optional(Type.Number({ description: 'mean of a normal distribution' })),
    std: Type.Optional(Type.Number({ ...NON_NEGATIVE, description: 'standard deviation of a normal distribution' })),
    unit: Type.Optional(Type.String({ description: 'unit, for documentation' })),
    description: Type.Optional(Type.String()),
  },
  'a parameter with a range, a grid or a distribution',
);

const parameter = Type.Union([Type.Number(), expression('derived parameter'), parameterObject], {
  description: 'a number, an expression over other parameters, or an object',
});

// ---------------------------------------------------------------------------------------------
// Road

const laneFields = {
  lanes: Type.Optional(int('lanes per direction', { minimum: 1, maximum: 8 }, D.DEFAULT_LANE_COUNT)),
  lane_width: Type.Optional(num('lane width, m', POSITIVE, D.DEFAULT_LANE_WIDTH_M)),
  speed_limit: Type.Optional(num('speed limit, m/s', POSITIVE, D.DEFAULT_SPEED_LIMIT_MPS)),
};
const approachFields = {
  length_before: Type.Optional(num('straight before the bend, m', NON_NEGATIVE, D.DEFAULT_APPROACH_LENGTH_M)),
  length_after: Type.Optional(num('straight after the bend, m', NON_NEGATIVE, D.DEFAULT_APPROACH_LENGTH_M)),
};
const bendAngle = num('turning angle, degrees, positive to the left, 0 < |angle| <= 180', { minimum: -180, maximum: 180 });

const road = Type.Union(
  [
    strict({ type: Type.Literal('straight'), length: num('length, m', POSITIVE), ...laneFields }, 'a straight road'),
    strict(
      { type: Type.Literal('curve'), radius: num('radius, m', POSITIVE), angle: bendAngle, ...approachFields, ...laneFields },
      'one circular arc between two straights',
    ),
    strict(
      {
        type: Type.Literal('s_bend'),
        radius: num('radius of both arcs, m', POSITIVE),
        angle: bendAngle,
        clothoid_length: Type.Optional(num('clothoid transition length, m', NON_NEGATIVE, D.DEFAULT_CLOTHOID_LENGTH_M)),
        ...approachFields,
        ...laneFields,
      },
      'two opposite arcs joined by clothoids',
    ),
    strict(
      {
        type: Type.Literal('merge'),
        length: num('main road length, m', POSITIVE),
        ...laneFields,
        ramp_length: Type.Optional(num('on-ramp length before the merge, m', POSITIVE, D.DEFAULT_RAMP_LENGTH_M)),
        merge_start: Type.Optional(num('where the merge lane starts along the main road, m', NON_NEGATIVE, D.DEFAULT_MERGE_START_M)),
        merge_length: Type.Optional(num('length of the merge (acceleration) lane, m', POSITIVE, D.DEFAULT_MERGE_LENGTH_M)),
      },
      'a main road with an on-ramp',
    ),
    strict(
      {
        type: Type.Literal('intersection'),
        arm_length: Type.Optional(num('length of each of the four arms, m', POSITIVE, D.DEFAULT_ARM_LENGTH_M)),
        lanes_per_direction: Type.Optional(int('lanes per direction on each arm', { minimum: 1, maximum: 4 }, D.DEFAULT_LANES_PER_DIRECTION)),
        lane_width: laneFields.lane_width,
        speed_limit: laneFields.speed_limit,
      },
      'a four-way intersection',
    ),
    strict(
      {
        type: Type.Literal('opendrive'),
        file: Type.String({ minLength: 1, description: 'the OpenDRIVE (.xodr) file, relative to the spec file; lane ids are r{road}_s{section}_l{lane}' }),
        speed_limit: Type.Optional(num('desired speed of idm actors that set none, m/s (default: the most common lane speed limit)', POSITIVE)),
      },
      'a road network imported from an OpenDRIVE file',
    ),
  ],
  { title: 'road', description: 'a built-in parametric road or an OpenDRIVE file' },
);

// ---------------------------------------------------------------------------------------------
// Camera, positions, sizes

const camera = strict(
  {
    width: Type.Optional(int('image width, px', { minimum: 8, maximum: 4096 }, D.DEFAULT_CAMERA.width)),
    height: Type.Optional(int('image height, px', { minimum: 8, maximum: 4096 }, D.DEFAULT_CAMERA.height)),
    fov: Type.Optional(num('horizontal field of view, degrees', { exclusiveMinimum: 0, exclusiveMaximum: 180 }, D.DEFAULT_CAMERA.fov)),
    height_m: Type.Optional(num('mount height above the ground, m', POSITIVE, D.DEFAULT_CAMERA.height_m)),
    pitch: Type.Optional(num('pitch, degrees, negative looks down', { minimum: -90, maximum: 90 }, D.DEFAULT_CAMERA.pitch)),
    x: Type.Optional(num('mount position ahead of the ego centre, m', {}, D.DEFAULT_CAMERA.x)),
    y: Type.Optional(num('mount position left of the ego centre, m', {}, D.DEFAULT_CAMERA.y)),
  },
  'the ego camera',
);

const speed = Type.Optional(num('initial speed, m/s', NON_NEGATIVE, 0));

const start = Type.Union(
  [
    strict(
      { lane: laneId, s: num('arc length along the lane, m', NON_NEGATIVE), d: Type.Optional(num('lateral offset, m, positive left', {}, 0)), speed },
      'a lane position',
    ),
    strict(
      { x: num('x, m'), y: num('y, m'), yaw: Type.Optional(num('heading, degrees, counter-clockwise from +x', {}, 0)), speed },
      'a world pose',
    ),
  ],
  { title: 'start', description: 'initial state: { lane, s, d, speed } or { x, y, yaw, speed }' },
);

const waypoint = Type.Union(
  [
    strict({ t: num('time, s', NON_NEGATIVE), lane: laneId, s: num('arc length, m', NON_NEGATIVE), d: Type.Optional(num('lateral offset, m', {}, 0)) }, 'a timed lane position'),
    strict({ t: num('time, s', NON_NEGATIVE), x: num('x, m'), y: num('y, m') }, 'a timed world point'),
  ],
  { title: 'waypoint', description: '{ t, lane, s, d } or { t, x, y }' },
);
const waypoints = Type.Array(waypoint, { minItems: 1, description: 'timed waypoints, t increasing' });
const teleportTarget = Type.Union(
  [
    strict({ lane: laneId, s: num('arc length along the lane, m', NON_NEGATIVE), d: Type.Optional(num('lateral offset, m, positive left', {}, 0)) }, 'a lane position'),
    strict({ x: num('x, m'), y: num('y, m'), yaw: Type.Optional(num('heading, degrees, counter-clockwise from +x', {}, 0)) }, 'a world pose'),
    strict(
      {
        relative_to: Type.String({ pattern: ID_PATTERN, description: "'ego' or an actor id" }),
        ds: num('distance ahead of it along its lanes when the event fires, m (negative: behind)'),
        d: Type.Optional(num('lateral offset from the centre line of its lane, m, positive left', {}, 0)),
      },
      'a point ahead of an agent when the event fires',
    ),
  ],
  { title: 'teleport target', description: '{ lane, s, d }, { x, y, yaw } or { relative_to, ds, d }' },
);
const aheadWaypoint = strict(
  {
    t: num('time after the trigger, s', NON_NEGATIVE),
    ds: num('distance ahead of the reference along its lanes when the event fires, m (negative: behind)'),
    d: Type.Optional(num('lateral offset from the centre line of those lanes, m, positive left', {}, 0)),
  },
  'a timed point ahead of an agent',
);

const size = strict(
  {
    length: Type.Optional(num('length, m', POSITIVE)),
    width: Type.Optional(num('width, m', POSITIVE)),
    height: Type.Optional(num('height, m', POSITIVE)),
  },
  'box size; missing fields take the class default',
);

// ---------------------------------------------------------------------------------------------
// Ego and actors

const ego = strict(
  {
    class: Type.Optional(Type.Union([Type.Literal('car'), Type.Literal('truck')], { title: 'ego class', default: 'car' })),
    size: Type.Optional(size),
    start,
    route: Type.Optional(Type.Array(laneId, { description: 'lane ids for the idm policy and the progress metric' })),
    trajectory: Type.Optional(
      Type.Union(
        [
          waypoints,
          strict({ type: Type.Literal('constant_speed'), speed: num('speed, m/s', NON_NEGATIVE) }, 'keep the start lane at a speed'),
        ],
        { title: 'trajectory', description: 'authored trajectory for --policy trajectory' },
      ),
    ),
  },
  'the ego vehicle',
);

const desiredSpeed = Type.Optional(num('desired speed, m/s (default: the speed limit)', NON_NEGATIVE));

const behaviour = Type.Union(
  [
    strict({ type: Type.Literal('idm'), desired_speed: desiredSpeed, mobil: Type.Optional(Type.Boolean({ default: false, description: 'MOBIL lane changes' })) }, 'IDM car following'),
    strict({ type: Type.Literal('constant_speed') }, 'keep the start speed'),
    strict({ type: Type.Literal('parked') }, 'stand still'),
    strict({ type: Type.Literal('follow_trajectory'), waypoints }, 'follow timed waypoints'),
    strict(
      {
        type: Type.Literal('walk'),
        path: Type.Array(Type.Array(num('coordinate, m'), { minItems: 2, maxItems: 2 }), { minItems: 2, description: '[[x, y], ...], m' }),
        speed: Type.Optional(num('walking speed, m/s', POSITIVE, D.DEFAULT_WALK_SPEED_MPS)),
        start_walking: Type.Optional(Type.Boolean({ default: true, description: 'false: wait for a start_walking action' })),
      },
      'walk a path',
    ),
    strict({ type: Type.Literal('route'), lanes: Type.Array(laneId, { minItems: 1 }), desired_speed: desiredSpeed }, 'IDM along a lane sequence'),
  ],
  { title: 'behaviour', description: 'how the actor moves: { type: idm | constant_speed | parked | follow_trajectory | walk | route, ... }' },
);

const actor = strict(
  {
    id: actorId,
    class: Type.Optional(
      Type.Union([Type.Literal('car'), Type.Literal('truck'), Type.Literal('cyclist'), Type.Literal('pedestrian')], { title: 'actor class', default: 'car' }),
    ),
    size: Type.Optional(size),
    start: Type.Optional(start),
    behaviour,
  },
  'a traffic participant; start may be left out when the behaviour gives waypoints or a path',
);

// ---------------------------------------------------------------------------------------------
// Events

const action = Type.Union(
  [
    strict(
      {
        type: Type.Literal('lane_change'),
        actor: actorId,
        target_lane: Type.Optional(laneId),
        target_lane_offset: Type.Optional(int('lanes to the left (+) or right (-)', { minimum: -8, maximum: 8 })),
        duration: Type.Optional(num('duration, s', POSITIVE, D.DEFAULT_LANE_CHANGE_DURATION_S)),
        shape: Type.Optional(
          Type.Union([Type.Literal('linear'), Type.Literal('cubic'), Type.Literal('sinusoidal')], { title: 'lane change shape', default: D.DEFAULT_LANE_CHANGE_SHAPE }),
        ),
        end_offset: Type.Optional(num('lateral offset from the target lane centre at the end, m, positive left', {}, 0)),
      },
      'change lane (target_lane or target_lane_offset)',
    ),
    strict(
      {
        type: Type.Literal('speed_change'),
        actor: actorId,
        target_speed: num('target speed, m/s', NON_NEGATIVE),
        shape: Type.Optional(Type.Union([Type.Literal('step'), Type.Literal('linear'), Type.Literal('cubic'), Type.Literal('sinusoidal')], { title: 'speed change shape', default: D.DEFAULT_SPEED_CHANGE_SHAPE })),
        duration: Type.Optional(num('duration, s', POSITIVE)),
        rate: Type.Optional(num('rate, m/s^2 (instead of duration)', POSITIVE)),
      },
      'change speed',
    ),
    strict(
      {
        type: Type.Literal('lane_offset'),
        actor: actorId,
        offset: num('lateral offset from the lane centre, m, positive left'),
        duration: Type.Optional(num('duration, s (0: at once)', NON_NEGATIVE, 0)),
        shape: Type.Optional(Type.Union([Type.Literal('linear'), Type.Literal('cubic'), Type.Literal('sinusoidal')], { title: 'lane offset shape', default: D.DEFAULT_LANE_CHANGE_SHAPE })),
      },
      'drift to a lateral offset within the current lane',
    ),
    strict({ type: Type.Literal('brake'), actor: actorId, decel: num('deceleration, m/s^2', POSITIVE) }, 'brake to a stop'),
    strict({ type: Type.Literal('start_walking'), actor: actorId }, 'start a waiting pedestrian'),
    strict({ type: Type.Literal('teleport'), actor: actorId, to: teleportTarget }, 'move the actor at once; it keeps its speed and behaviour'),
    strict(
      {
        type: Type.Literal('follow_trajectory'),
        actor: actorId,
        relative_to: Type.Optional(Type.String({ pattern: ID_PATTERN, description: "'ego' or an actor id: the waypoints are { t, ds, d } ahead of it along its lanes, placed from where it is when the event fires" })),
        waypoints: Type.Array(Type.Union([...waypoint.anyOf, aheadWaypoint], { title: 'waypoint', description: '{ t, lane, s, d } or { t, x, y }; with relative_to { t, ds, d }' }), {
          minItems: 1,
          description: 'timed waypoints, t increasing',
        }),
      },
      'follow waypoints, times relative to the trigger',
    ),
  ],
  { title: 'action', description: '{ type: lane_change | speed_change | lane_offset | brake | start_walking | teleport | follow_trajectory, actor, ... }' },
);

const event = strict(
  {
    id: Type.String({ pattern: ID_PATTERN }),
    when: condition('trigger: mathjs boolean over time and the world functions'),
    actions: Type.Array(action, { description: 'what the event does; an empty list marks a moment that other triggers read with fired(id) or since(id)' }),
  },
  'an event: a trigger and its actions (fires once)',
);

// ---------------------------------------------------------------------------------------------
// Root

export const ScenarioSpecSchema = strict(
  {
    version: Type.Literal(D.CURRENT_FORMAT_VERSION, { description: 'format version; older versions are migrated' }),
    name: Type.String({ pattern: SCENARIO_NAME_PATTERN, description: 'lowercase letters, digits, _ and -' }),
    description: Type.Optional(Type.String()),
    tags: Type.Optional(Type.Array(Type.String())),
    parameters: Type.Optional(
      Type.Record(Type.String({ pattern: PARAMETER_NAME_PATTERN }), parameter, { additionalProperties: false, title: 'parameter name' }),
    ),
    constraints: Type.Optional(Type.Array(condition('boolean over the parameters'))),
    duration: num('simulated time, s', POSITIVE),
    dt: Type.Optional(num('step, s', { exclusiveMinimum: 0, maximum: 1 }, D.DEFAULT_DT_S)),
    road,
    camera: Type.Optional(camera),
    ego,
    actors: Type.Optional(Type.Array(actor)),
    events: Type.Optional(Type.Array(event)),
    criteria: Type.Optional(condition('pass/fail: mathjs boolean over the metrics')),
  },
  'a dreamdrive driving scenario',
);

export type JsonSchemaDocument = Record<string, unknown>;

/** The JSON Schema (draft 2020-12) of the spec; TypeBox's symbols are dropped by the JSON round trip. */
export function emitJsonSchema(): JsonSchemaDocument {
  const plain = JSON.parse(JSON.stringify(ScenarioSpecSchema as TSchema)) as JsonSchemaDocument;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://dreamdrive.dev/schema/scenario.schema.json',
    title: 'dreamdrive scenario',
    ...plain,
  };
}

/** The committed file's exact text (`scenarios/schema/scenario.schema.json`); a test keeps them equal. */
export function jsonSchemaText(): string {
  return `${JSON.stringify(emitJsonSchema(), null, 2)}\n`;
}
