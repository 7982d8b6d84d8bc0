/**
 * Events and criteria: actions checked against the actors they target (known id, a behaviour that
 * can carry the action, a known target lane), triggers and criteria compiled once.
 */
import { didYouMean, listNames } from './did-you-mean';
import type { PathSegment } from './errors';
import { criteriaVocabulary, triggerVocabulary, tryCompileCondition, type CompiledCondition } from './expressions';
import { resolveWaypoints } from './resolve-agents';
import { wrapAngle } from '../sim/geometry/angle';
import { checkLane, DEG_TO_RAD, LANE_BOUND_BEHAVIOURS, type EvaluatedSpec, type ResolveContext } from './resolve-context';
import type { ResolvedAction, ResolvedActor, ResolvedEvent } from './resolved-types';
import * as D from './spec-defaults';

type ActionSpec = NonNullable<EvaluatedSpec['events']>[number]['actions'][number];

function targetActor(ctx: ResolveContext, actors: ReadonlyMap<string, ResolvedActor>, actorId: string, path: readonly PathSegment[]): ResolvedActor | undefined {
  const actor = actors.get(actorId);
  if (actor !== undefined) return actor;
  if (actorId === 'ego') {
    ctx.sink.error(path, 'actions cannot target the ego: the policy (or its authored trajectory) drives it');
    return undefined;
  }
  const ids = [...actors.keys()];
  ctx.sink.error(path, `unknown actor '${actorId}' (actors: ${listNames(ids) || 'none'})${didYouMean(actorId, ids)}`);
  return undefined;
}

function resolveAction(ctx: ResolveContext, actors: ReadonlyMap<string, ResolvedActor>, action: ActionSpec, path: readonly PathSegment[]): ResolvedAction | undefined {
  const actor = targetActor(ctx, actors, action.actor, [...path, 'actor']);
  if (actor === undefined) return undefined;
  const needsLane = action.type === 'lane_change' || action.type === 'speed_change' || action.type === 'lane_offset' || action.type === 'brake';
  if (needsLane && !LANE_BOUND_BEHAVIOURS.has(actor.behaviour.type)) {
    ctx.sink.error([...path, 'type'], `${action.type} needs a lane-following actor (idm, constant_speed or route); '${actor.id}' has behaviour ${actor.behaviour.type}`);
  }
  switch (action.type) {
    case 'lane_change': {
      const hasLane = action.target_lane !== undefined;
      if (hasLane === (action.target_lane_offset !== undefined)) {
        ctx.sink.error(path, "lane_change needs exactly one of 'target_lane' and 'target_lane_offset'");
        return undefined;
      }
      if (action.target_lane_offset === 0) ctx.sink.error([...path, 'target_lane_offset'], 'a lane offset of 0 changes nothing');
      if (action.target_lane !== undefined) checkLane(ctx, action.target_lane, [...path, 'target_lane']);
      const target = action.target_lane !== undefined ? { kind: 'lane' as const, laneId: action.target_lane } : { kind: 'offset' as const, lanes: action.target_lane_offset as number };
      return { type: 'lane_change', actorId: actor.id, target, durationS: action.duration ?? D.DEFAULT_LANE_CHANGE_DURATION_S, shape: action.shape ?? D.DEFAULT_LANE_CHANGE_SHAPE, ...(action.end_offset ? { endOffsetM: action.end_offset } : {}) };
    }
    case 'speed_change': {
      const shape = action.shape ?? D.DEFAULT_SPEED_CHANGE_SHAPE;
      if (action.duration !== undefined && action.rate !== undefined) {
        ctx.sink.error(path, "give 'duration' or 'rate', not both");
        return undefined;
      }
      let timing: Extract<ResolvedAction, { type: 'speed_change' }>['timing'];
      if (shape === 'step') timing = { kind: 'duration', durationS: 0 };
      else if (action.rate !== undefined) timing = { kind: 'rate', rateMps2: action.rate };
      else if (action.duration !== undefined) timing = { kind: 'duration', durationS: action.duration };
      else {
        ctx.sink.error(path, `a ${shape} speed_change needs 'duration' (s) or 'rate' (m/s^2)`);
        return undefined;
      }
      return { type: 'speed_change', actorId: actor.id, targetSpeedMps: action.target_speed, shape, timing };
    }
    case 'lane_offset':
      return { type: 'lane_offset', actorId: actor.id, offsetM: action.offset, durationS: action.duration ?? 0, shape: action.shape ?? D.DEFAULT_LANE_CHANGE_SHAPE };
    case 'brake':
      return { type: 'brake', actorId: actor.id, decelMps2: action.decel };
    case 'start_walking':
      if (actor.behaviour.type !== 'walk') {
        ctx.sink.error([...path, 'actor'], `start_walking needs an actor with behaviour walk; '${actor.id}' has ${actor.behaviour.type}`);
      } else if (actor.behaviour.startWalking) {
        ctx.sink.warn([...path, 'actor'], `'${actor.id}' already walks from the start (start_walking: true); this action does nothing`);
      }
      return { type: 'start_walking', actorId: actor.id };
    case 'teleport':
      return teleport(ctx, actors, actor, action, path);
    case 'follow_trajectory':
      return followTrajectory(ctx, actors, actor, action, path);
  }
}

/** 'ego' or a known actor id, else an error at `path` (undefined). */
function agentRef(ctx: ResolveContext, actors: ReadonlyMap<string, ResolvedActor>, ref: string, path: readonly PathSegment[]): string | undefined {
  if (ref === 'ego' || actors.has(ref)) return ref;
  const ids = ['ego', ...actors.keys()];
  ctx.sink.error(path, `unknown agent '${ref}' (${listNames(ids)})${didYouMean(ref, ids)}`);
  return undefined;
}

function teleport(ctx: ResolveContext, actors: ReadonlyMap<string, ResolvedActor>, actor: ResolvedActor, action: Extract<ActionSpec, { type: 'teleport' }>, path: readonly PathSegment[]): ResolvedAction | undefined {
  const to = action.to;
  if (actor.behaviour.type === 'walk') {
    ctx.sink.error([...path, 'actor'], `teleport cannot move '${actor.id}': a walker follows its path`);
    return undefined;
  }
  if ('lane' in to) {
    checkLane(ctx, to.lane, [...path, 'to', 'lane']);
    return { type: 'teleport', actorId: actor.id, to: { kind: 'lane', laneId: to.lane, s: to.s, d: to.d ?? 0 } };
  }
  if ('x' in to) return { type: 'teleport', actorId: actor.id, to: { kind: 'pose', pose: { x: to.x, y: to.y, yaw: wrapAngle((to.yaw ?? 0) * DEG_TO_RAD) } } };
  const ref = agentRef(ctx, actors, to.relative_to, [...path, 'to', 'relative_to']);
  return ref === undefined ? undefined : { type: 'teleport', actorId: actor.id, to: { kind: 'ahead', agentId: ref, dsM: to.ds, dM: to.d ?? 0 } };
}

type FollowSpec = Extract<ActionSpec, { type: 'follow_trajectory' }>;
type AheadSpec = Extract<FollowSpec['waypoints'][number], { ds: number }>;
type PlacedSpec = Exclude<FollowSpec['waypoints'][number], AheadSpec>;

/**
 * World or lane waypoints, or, with relative_to, points ahead of an agent placed when the event
 * fires (sim/world/relative-trajectory.ts); the two kinds do not mix.
 */
function followTrajectory(ctx: ResolveContext, actors: ReadonlyMap<string, ResolvedActor>, actor: ResolvedActor, action: FollowSpec, path: readonly PathSegment[]): ResolvedAction | undefined {
  const ref = action.relative_to;
  const isAhead = (w: FollowSpec['waypoints'][number]): w is AheadSpec => 'ds' in w;
  const wrongKind = action.waypoints.findIndex((w) => isAhead(w) !== (ref !== undefined));
  if (wrongKind >= 0) {
    ctx.sink.error([...path, 'waypoints', wrongKind], ref === undefined ? '{ t, ds, d } waypoints are ahead of an agent: name it with relative_to' : `with relative_to every waypoint is { t, ds, d } (ahead of '${ref}' along its lanes)`);
    return undefined;
  }
  if (ref === undefined) return { type: 'follow_trajectory', actorId: actor.id, waypoints: resolveWaypoints(ctx, action.waypoints as readonly PlacedSpec[], [...path, 'waypoints']) };
  if (agentRef(ctx, actors, ref, [...path, 'relative_to']) === undefined) return undefined;
  const ahead = action.waypoints as readonly AheadSpec[];
  const points = ahead.map((w, i) => {
    const previous = ahead[i - 1];
    if (previous !== undefined && w.t <= previous.t) ctx.sink.error([...path, 'waypoints', i, 't'], `waypoint times must increase: t = ${w.t} comes after t = ${previous.t}`);
    return { tS: w.t, dsM: w.ds, dM: w.d ?? 0 };
  });
  return { type: 'follow_trajectory', actorId: actor.id, waypoints: [], relativeTo: { agentId: ref, points } };
}

export function resolveEvents(ctx: ResolveContext, events: EvaluatedSpec['events'], actors: readonly ResolvedActor[]): ResolvedEvent[] {
  const byId = new Map(actors.map((actor) => [actor.id, actor]));
  const eventIds = (events ?? []).map((event) => event.id);
  const vocabulary = triggerVocabulary(['ego', ...byId.keys()], eventIds, ctx.parameters, ctx.laneIds);
  const firstIndex = new Map<string, number>();
  const out: ResolvedEvent[] = [];
  (events ?? []).forEach((event, index) => {
    const path = ['events', index];
    const seen = firstIndex.get(event.id);
    if (seen !== undefined) ctx.sink.error([...path, 'id'], `duplicate event id '${event.id}' (first used by events[${seen}])`);
    else firstIndex.set(event.id, index);
    const actions = event.actions.map((action, i) => resolveAction(ctx, byId, action, [...path, 'actions', i]));
    const condition = tryCompileCondition(event.when, ctx.sink.where([...path, 'when']), vocabulary);
    if (!condition.ok) ctx.sink.addAll([condition.issue]);
    if (condition.ok && actions.every((a) => a !== undefined)) {
      out.push({ id: event.id, condition: condition.value, actions: actions as ResolvedAction[] });
    }
  });
  return out;
}

export function resolveCriteria(ctx: ResolveContext, criteria: string | undefined): CompiledCondition | null {
  if (criteria === undefined) return null;
  const result = tryCompileCondition(criteria, ctx.sink.where(['criteria']), criteriaVocabulary(ctx.parameters));
  if (result.ok) return result.value;
  ctx.sink.addAll([result.issue]);
  return null;
}
