/**
 * Storyboard: Story / Act / ManeuverGroup / Maneuver / Event / Action -> our events. Each Event is
 * one of ours (id from its name), with the actions of every actor of its ManeuverGroup; its trigger
 * is its StartTrigger ANDed with its Act having started and not stopped. An Act's StartTrigger that
 * only reads the simulation time is inlined (it cannot fall back); any other becomes a helper event
 * the Act's events wait for (`fired('act_...')`). An Act's StopTrigger is a helper event that stops
 * its events from starting; actions already running go on (warned).
 *
 * Reading happens in two passes: actions first (in document order, so what an entity was last
 * told is known), then the triggers, which may name any element (StoryboardElementStateCondition).
 * The ego's own actions are kept aside for its plan (osc-ego-story.ts); their events stay events of
 * ours, so that triggers which read them still work.
 */
import type { XmlElement } from '../opendrive/xml-dom';
import { laneChangeAction, laneOffsetAction, speedAction, type ActionResult, type EntityTrack, type SpecAction } from './osc-actions';
import { translateTrigger, type ConditionEnv, type HelperEvent } from './osc-conditions';
import type { OscContext, OscEntity } from './osc-context';
import { longitudinalDistanceAction } from './osc-distance';
import { entityId } from './osc-entities';
import type { EntityInit } from './osc-init';
import { reportInert } from './osc-init';
import { boxCentre, readPosition, specStart, type EntityPositions } from './osc-positions';
import { routeAction } from './osc-routes';
import { aheadOfAnchor, relativeAnchor, type RelativeAnchor } from './osc-relative-trajectory';
import { movingReferences, readTrajectory, type OscTrajectory } from './osc-trajectory';

export interface StoryEvent {
  readonly id: string;
  readonly name: string;
  readonly el: XmlElement;
  readonly actions: SpecAction[];
  /** Longest action, s (for end-state conditions). */
  durationS: number;
  trigger: XmlElement | null;
  readonly act: ActInfo;
  readonly maneuver: string;
  readonly group: string;
  readonly story: string;
  /** Pedestrian trajectories this event starts (they become walk behaviours). */
  readonly walks: { entity: OscEntity; trajectory: OscTrajectory; speedMps: number }[];
  /** SpeedActions on pedestrians (checked against the walks the event starts), with the speed they set. */
  readonly pedestrianSpeeds: { entity: OscEntity; el: XmlElement; speedMps: number }[];
  /** The ego's actions (they shape its plan: osc-ego-story.ts, not events of ours). */
  readonly egoActions: XmlElement[];
  /** Runs a body inside the parameter scopes the event was read in (Story, catalog entry, Maneuver). */
  readonly within: Scope;
  /** Vehicle trajectories with times still to fix (absolute timing needs the trigger time). */
  readonly follows: { action: SpecAction; trajectory: OscTrajectory; speedMps: number; relativeTo: RelativeAnchor | null }[];
  when?: string;
}

type Scope = <T>(body: () => T) => T;

interface ActInfo {
  readonly within: Scope;
  readonly id: string;
  readonly name: string;
  readonly el: XmlElement;
  start: XmlElement | null;
  stop: XmlElement | null;
  gate: string | null;
  stopGate: string | null;
}

const GLOBAL_INERT = new Set(['EnvironmentAction', 'InfrastructureAction']);

function uniqueId(base: string, taken: Set<string>): string {
  const id = entityId(base, taken);
  taken.add(id);
  return id;
}

/** Actions of one Event for the ManeuverGroup's actors. */
function readActions(ctx: OscContext, ev: StoryEvent, actionEls: XmlElement[], actors: OscEntity[], tracks: Map<string, EntityTrack>, inits: ReadonlyMap<string, EntityInit>): void {
  for (const actionEl of actionEls) {
    const body = ctx.choice(actionEl);
    if (body === null) continue;
    if (body.name === 'GlobalAction' || body.name === 'UserDefinedAction') {
      const kind = body.children[0];
      ctx.useTree(body);
      if (body.name === 'UserDefinedAction' || (kind !== undefined && GLOBAL_INERT.has(kind.name))) {
        ctx.sink.warn(body, `<${kind?.name ?? body.name}> ignored: environment, infrastructure and user-defined actions are not part of our world`);
      } else ctx.sink.error(body, `<${kind?.name ?? 'GlobalAction'}> is not supported (it would add or remove entities, change parameters or traffic)`);
      continue;
    }
    const category = ctx.choice(body);
    if (category === null) continue;
    for (const entity of actors) {
      if (reportInert(ctx, category, entity)) continue;
      const inner = category.name === 'TeleportAction' ? category : ctx.choice(category);
      if (inner === null) continue;
      if (entity.isEgo) {
        ev.egoActions.push(inner);
        continue;
      }
      const result = privateAction(ctx, inner, entity, tracks, inits, ev);
      if (result === null) continue;
      if (result.action !== null) ev.actions.push(result.action);
      ev.durationS = Math.max(ev.durationS, result.durationS);
    }
  }
}

function privateAction(ctx: OscContext, inner: XmlElement, entity: OscEntity, tracks: Map<string, EntityTrack>, inits: ReadonlyMap<string, EntityInit>, ev: StoryEvent): ActionResult | null {
  const placed: EntityPositions = (e) => inits.get(e.name)?.position ?? null;
  switch (inner.name) {
    case 'SpeedAction': {
      const result = speedAction(ctx, inner, entity, tracks);
      if (entity.cls !== 'pedestrian') return result;
      // A pedestrian's speed is the speed it walks its path at (see the walk behaviour).
      ev.pedestrianSpeeds.push({ entity, el: inner, speedMps: (tracks.get(entity.name) as EntityTrack).speed.value });
      return { action: null, durationS: 0 };
    }
    case 'AssignRouteAction':
    case 'AcquirePositionAction': {
      const init = inits.get(entity.name) as EntityInit;
      const at = init.position;
      const lanes = at === null ? null : routeAction(ctx, inner, entity, at, placed);
      if (at === null) {
        ctx.useTree(inner);
        ctx.sink.warn(inner, `<${inner.name}> for '${entity.name}' ignored: it was not placed on a lane in Init`);
      } else if (lanes !== null) {
        ctx.sink.warn(inner, `the route of '${entity.name}' is taken from its start (our lane traffic keeps one route), not from where it is when event '${ev.name}' starts`);
        init.route ??= { lanes, el: inner };
      }
      return { action: null, durationS: 0 };
    }
    case 'LongitudinalDistanceAction':
      longitudinalDistanceAction(ctx, inner, entity, tracks, inits.get(entity.name) as EntityInit, ev);
      return { action: null, durationS: 0 };
    case 'LaneChangeAction':
      return laneChangeAction(ctx, inner, entity, tracks);
    case 'LaneOffsetAction':
      return laneOffsetAction(ctx, inner, entity);
    case 'FollowTrajectoryAction': {
      const trajectory = readTrajectory(ctx, inner, entity, placed);
      if (trajectory === null) return null;
      const moved = movingReferences(ctx, trajectory.el, movesFrom(inits));
      if (moved.length > 0 && entity.cls === 'pedestrian') {
        ctx.sink.error(moved[0].el, `<${moved[0].el.name}> places the path of pedestrian '${entity.name}' relative to '${moved[0].entityName}', which moves: a walking path is fixed at import (where '${moved[0].entityName}' is placed in Init), not where it is when event '${ev.name}' starts`);
        return null;
      }
      const relativeTo = moved.length > 0 ? relativeAnchor(ctx, trajectory.el, moved, `the trajectory of event '${ev.name}'`, inits) : null;
      if (moved.length > 0 && relativeTo === null) return null;
      const speedMps = (tracks.get(entity.name) as EntityTrack).speed.value;
      const span = trajectory.times === null ? null : trajectory.times[trajectory.times.length - 1] - trajectory.times[0];
      if (entity.cls === 'pedestrian') {
        ev.walks.push({ entity, trajectory, speedMps });
        return { action: { type: 'start_walking', actor: entity.id }, durationS: span ?? 0 };
      }
      const action: SpecAction = { type: 'follow_trajectory', actor: entity.id, waypoints: [] };
      ev.follows.push({ action, trajectory, speedMps, relativeTo });
      return { action, durationS: span ?? 0 };
    }
    case 'TeleportAction':
      return teleportAction(ctx, inner, entity, inits, ev);
    default:
      ctx.useTree(inner);
      ctx.sink.error(inner, `<${inner.name}> is not supported (SpeedAction, LongitudinalDistanceAction, LaneChangeAction, LaneOffsetAction and FollowTrajectoryAction are); it would change how '${entity.name}' moves`);
      return null;
  }
}

/**
 * Whether an entity moves, as Init leaves it: positions relative to it are evaluated against Init at
 * import, so one that moves is elsewhere when a later event starts.
 */
function movesFrom(inits: ReadonlyMap<string, EntityInit>): (name: string) => boolean {
  return (name) => {
    const init = inits.get(name);
    return init !== undefined && (init.startSpeed.value !== 0 || init.startSpeedChange !== null || init.trajectory !== null);
  };
}

/** A TeleportAction in the storyboard: our `teleport`, relative to a moving entity where it is when the event fires. */
function teleportAction(ctx: OscContext, inner: XmlElement, entity: OscEntity, inits: ReadonlyMap<string, EntityInit>, ev: StoryEvent): ActionResult | null {
  const placed: EntityPositions = (e) => inits.get(e.name)?.position ?? null;
  const posEl = ctx.child(inner, 'Position');
  if (posEl === null) {
    ctx.sink.error(inner, '<TeleportAction> has no Position');
    return null;
  }
  const at = readPosition(ctx, posEl, placed);
  if (at === null) return null;
  if (entity.cls === 'pedestrian') {
    ctx.sink.error(inner, `a TeleportAction on pedestrian '${entity.name}' during the run is not supported (a pedestrian walks its path); teleport it in Init instead`);
    return null;
  }
  const moved = movingReferences(ctx, inner, movesFrom(inits));
  if (moved.length === 0) return { action: { type: 'teleport', actor: entity.id, to: specStart(ctx, entity, at, true) }, durationS: 0 };
  const anchor = relativeAnchor(ctx, inner, moved, `the teleport of event '${ev.name}'`, inits);
  if (anchor === null) return null;
  const [p] = aheadOfAnchor(ctx.network, anchor, [{ t: 0, ...boxCentre(entity, at.pose) }]);
  return { action: { type: 'teleport', actor: entity.id, to: { relative_to: anchor.entity.id, ds: p.ds, d: p.d } }, durationS: 0 };
}

function maneuversOf(ctx: OscContext, group: XmlElement): { el: XmlElement; scope: <T>(body: () => T) => T }[] {
  const direct = ctx.children(group, 'Maneuver').map((el) => ({ el, scope: <T>(body: () => T) => body() }));
  const fromCatalog = ctx.children(group, 'CatalogReference').flatMap((ref) => {
    const found = ctx.catalogs.resolve(ref);
    if (found === null) return [];
    const decls = found.entry.children.filter((c) => c.name === 'ParameterDeclarations').flatMap((d) => d.children.filter((c) => c.name === 'ParameterDeclaration'));
    return [{ el: found.entry, scope: <T>(body: () => T) => ctx.params.withScope(decls, found.assignments, body) }];
  });
  return [...direct, ...fromCatalog];
}

/** Pass 1: every Event with its actions, in document order. */
export function readStories(ctx: OscContext, storyboard: XmlElement, tracks: Map<string, EntityTrack>, inits: ReadonlyMap<string, EntityInit>, taken: Set<string>, startsWalking: Map<OscEntity, number>): StoryEvent[] {
  const events: StoryEvent[] = [];
  for (const story of ctx.children(storyboard, 'Story')) {
    const storyDecls = ctx.children(story, 'ParameterDeclarations').flatMap((d) => ctx.children(d, 'ParameterDeclaration'));
    const inStory: Scope = (body) => ctx.params.withScope(storyDecls, new Map(), body);
    inStory(() => {
      for (const actEl of ctx.children(story, 'Act')) {
        const actName = actEl.attrs.name ?? 'act';
        const act: ActInfo = { within: inStory, id: uniqueId(`act_${actName}`, taken), name: actName, el: actEl, start: ctx.child(actEl, 'StartTrigger'), stop: ctx.child(actEl, 'StopTrigger'), gate: null, stopGate: null };
        for (const group of ctx.children(actEl, 'ManeuverGroup')) {
          if (Number(group.attrs.maximumExecutionCount ?? 1) > 1) ctx.sink.warn(group, `maximumExecutionCount=${group.attrs.maximumExecutionCount}: our events fire once`);
          const actorsEl = ctx.child(group, 'Actors');
          if (actorsEl !== null && ctx.optStr(actorsEl, 'selectTriggeringEntities', 'false').toLowerCase() === 'true') {
            ctx.sink.warn(actorsEl, 'selectTriggeringEntities="true" is not supported: the actions apply to the EntityRefs listed here');
          }
          const actors = (actorsEl === null ? [] : ctx.children(actorsEl, 'EntityRef')).map((r) => ctx.entity(r)).filter((e): e is OscEntity => e !== null);
          for (const m of maneuversOf(ctx, group)) {
            m.scope(() => {
              const maneuver = ctx.use(m.el);
              const decls = ctx.children(maneuver, 'ParameterDeclarations').flatMap((d) => ctx.children(d, 'ParameterDeclaration'));
              const within: Scope = (body) => inStory(() => m.scope(() => ctx.params.withScope(decls, new Map(), body)));
              ctx.params.withScope(decls, new Map(), () => {
                for (const evEl of ctx.children(maneuver, 'Event')) {
                  const name = evEl.attrs.name ?? 'event';
                  if (Number(evEl.attrs.maximumExecutionCount ?? 1) > 1) ctx.sink.warn(evEl, `maximumExecutionCount=${evEl.attrs.maximumExecutionCount}: our events fire once`);
                  if (evEl.attrs.priority === 'skip') ctx.sink.warn(evEl, 'priority="skip" is taken as "parallel": the event starts even while another of its maneuver runs');
                  const ev: StoryEvent = {
                    id: uniqueId(name, taken), name, el: evEl, actions: [], durationS: 0, trigger: ctx.child(evEl, 'StartTrigger'),
                    act, maneuver: maneuver.attrs.name ?? '', group: group.attrs.name ?? '', story: story.attrs.name ?? '', walks: [], follows: [], pedestrianSpeeds: [], egoActions: [], within,
                  };
                  readActions(ctx, ev, ctx.children(evEl, 'Action'), actors, tracks, inits);
                  for (const p of ev.pedestrianSpeeds) {
                    const init = inits.get(p.entity.name);
                    if (!ev.walks.some((w) => w.entity === p.entity) && init?.trajectory !== null && init?.startSpeed.value === 0 && !startsWalking.has(p.entity)) {
                      // A path given in Init at speed 0: this speed starts the walk.
                      startsWalking.set(p.entity, p.speedMps);
                      ev.actions.push({ type: 'start_walking', actor: p.entity.id });
                    } else if (!ev.walks.some((w) => w.entity === p.entity)) {
                      ctx.sink.warn(p.el, `a SpeedAction on pedestrian '${p.entity.name}' sets the speed of a walk it starts with (a FollowTrajectoryAction in the same event); alone it does nothing`);
                    }
                  }
                  events.push(ev);
                }
              });
            });
          }
        }
      }
    });
  }
  return events;
}

/** Pass 2: the triggers, once every element and its duration is known. */
export function translateStories(ctx: OscContext, events: StoryEvent[], env: Omit<ConditionEnv, 'elementState' | 'helpers'>): HelperEvent[] {
  const helpers: HelperEvent[] = [];
  const acts = [...new Set(events.map((e) => e.act))];
  const ended = (e: StoryEvent): string => (e.durationS > 0 ? `since('${e.id}') >= ${Number(e.durationS.toFixed(4))}` : `fired('${e.id}')`);
  const all = (list: StoryEvent[], f: (e: StoryEvent) => string, join: string): string => (list.length === 0 ? 'false' : `(${list.map(f).join(join)})`);
  const elementState = (el: XmlElement, type: string, name: string, state: string): string | null => {
    const byType: Record<string, (e: StoryEvent) => boolean> = {
      event: (e) => e.name === name, action: (e) => e.el.children.some((a) => a.name === 'Action' && a.attrs.name === name),
      maneuver: (e) => e.maneuver === name, maneuverGroup: (e) => e.group === name, act: (e) => e.act.name === name, story: (e) => e.story === name,
    };
    const match = byType[type];
    if (match === undefined) {
      ctx.sink.error(el, `storyboardElementType='${type}' is not one of ${Object.keys(byType).join(', ')}`);
      return null;
    }
    const list = events.filter(match);
    if (list.length === 0 && !(type === 'act' && acts.some((a) => a.name === name))) {
      ctx.sink.error(el, `no ${type} named '${name}' in the storyboard`);
      return null;
    }
    if (type === 'act' && (state === 'startTransition' || state === 'runningState')) {
      const act = acts.find((a) => a.name === name) as StoryEvent['act'];
      return act.gate ?? 'time >= 0';
    }
    if (type === 'action') ctx.sink.warn(el, `the state of action '${name}' is taken as that of its event`);
    switch (state) {
      case 'startTransition':
        return all(list, (e) => `fired('${e.id}')`, ' or ');
      case 'runningState':
        return all(list, (e) => `(fired('${e.id}') and not (${ended(e)}))`, ' or ');
      case 'endTransition':
      case 'completeState':
        if (list.some((e) => e.follows.length + e.walks.length > 0 && e.durationS === 0)) ctx.sink.warn(el, `the end of '${name}' is taken as its start: a trajectory without times has no known duration`);
        return all(list, ended, ' and ');
      case 'standbyState':
        return all(list, (e) => `not fired('${e.id}')`, ' and ');
      default:
        ctx.sink.error(el, `state='${state}' is not supported (startTransition, runningState, endTransition, completeState, standbyState are)`);
        return null;
    }
  };
  const full: ConditionEnv = { ...env, helpers, elementState };
  for (const act of acts) {
    if (act.start !== null) {
      const onlyTime = act.start.children.every((g) => g.children.every((c) => c.children[0]?.name === 'ByValueCondition' && c.children[0].children[0]?.name === 'SimulationTimeCondition'));
      const expr = act.within(() => translateTrigger(full, act.start as XmlElement, act.id, null));
      if (expr !== null && onlyTime) act.gate = `(${expr})`;
      else if (expr !== null) {
        helpers.push({ id: act.id, when: expr, el: act.start });
        act.gate = `fired('${act.id}')`;
      }
    }
    if (act.stop !== null) {
      const expr = act.within(() => translateTrigger(full, act.stop as XmlElement, `${act.id}_stop`, act.gate));
      if (expr !== null) {
        helpers.push({ id: `${act.id}_stop`, when: act.gate === null ? expr : `${act.gate} and (${expr})`, el: act.stop });
        act.stopGate = `not fired('${act.id}_stop')`;
        ctx.sink.warn(act.stop, `the StopTrigger of act '${act.name}' keeps its events from starting; actions already running are not cut short`);
      }
    }
  }
  for (const ev of events) {
    const own = ev.trigger === null ? null : ev.within(() => translateTrigger(full, ev.trigger as XmlElement, ev.id, ev.act.gate));
    const parts = [ev.act.gate, own === null ? null : `(${own})`, ev.act.stopGate].filter((p): p is string => p !== null);
    if (ev.trigger !== null && own === null) continue; // reported
    ev.when = parts.length === 0 ? 'time >= 0' : parts.join(' and ');
  }
  return helpers;
}
