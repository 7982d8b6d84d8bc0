/**
 * TypeScript types of the raw scenario spec (as written, after migration to the current version),
 * derived from the one schema in `spec-schema.ts` so they cannot drift from it.
 * Numeric fields are `number | string`: a string is a mathjs expression resolved by `resolveSpec`.
 */
import type { Static } from '@sinclair/typebox';
import type { ScenarioSpecSchema } from './spec-schema';

export type ScenarioSpec = Static<typeof ScenarioSpecSchema>;
/** A number or an expression over the parameters. */
export type NumberOrExpression = number | string;

export type ParameterSpec = NonNullable<ScenarioSpec['parameters']>[string];
export type RoadSpecRaw = ScenarioSpec['road'];
export type CameraSpecRaw = NonNullable<ScenarioSpec['camera']>;
export type EgoSpec = ScenarioSpec['ego'];
export type StartSpec = EgoSpec['start'];
export type EgoTrajectorySpec = NonNullable<EgoSpec['trajectory']>;
export type ActorSpec = NonNullable<ScenarioSpec['actors']>[number];
export type BehaviourSpec = ActorSpec['behaviour'];
export type SizeSpec = NonNullable<ActorSpec['size']>;
export type WaypointSpec = Extract<BehaviourSpec, { type: 'follow_trajectory' }>['waypoints'][number];
export type EventSpec = NonNullable<ScenarioSpec['events']>[number];
export type ActionSpec = EventSpec['actions'][number];
