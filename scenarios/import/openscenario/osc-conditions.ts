/**
 * Triggers -> our trigger language (restricted mathjs over time and the world functions). A Trigger
 * is an OR of ConditionGroups, each an AND of Conditions, each with an edge and a delay.
 *
 * Edges: our events fire once, the first step their condition holds. The value before the first
 * evaluation counts as false (as in esmini), so for a fire-once event `rising` and
 * `risingOrFalling` fire exactly when `none` does; `falling` needs a helper event that marks the
 * condition true first. Delays: a helper event marks the moment the condition held and the event
 * fires `since(helper) >= delay` later (time conditions just add the delay to their threshold).
 *
 * Distances follow the world functions' definitions (sim/world/query): `gap` is bumper to bumper
 * along the first entity's lane (OpenSCENARIO freespace="true", longitudinal); without freespace
 * we add the half lengths and the shift between box centre and reference point.
 */
import { DEFAULT_DT_S } from '../../spec-defaults';
import type { XmlElement } from '../opendrive/xml-dom';
import { exprText, type OscContext, type OscEntity } from './osc-context';
import { boxCentre, readPosition, type EntityPositions } from './osc-positions';

const RULES: Readonly<Record<string, string>> = { greaterThan: '>', lessThan: '<', equalTo: '==', greaterOrEqual: '>=', lessOrEqual: '<=', notEqualTo: '!=' };
/** equalTo on a continuous quantity holds within this band (half a default step of time, s). */
const EQUAL_BAND = 0.05;

/** A helper event the translation needs (no actions: a moment other triggers read). */
export interface HelperEvent {
  readonly id: string;
  readonly when: string;
  readonly el: XmlElement;
}

export interface ConditionEnv {
  readonly ctx: OscContext;
  readonly placed: EntityPositions;
  readonly helpers: HelperEvent[];
  /** Expression for a StoryboardElementStateCondition, or null (reported). */
  readonly elementState: (el: XmlElement, type: string, name: string, state: string) => string | null;
}

const q = (e: OscEntity): string => `'${e.id}'`;

function compare(ctx: OscContext, el: XmlElement, quantity: string, value: number | string): string | null {
  const rule = ctx.str(el, 'rule');
  if (rule === null) return null;
  const op = RULES[rule];
  if (op === undefined) {
    ctx.sink.error(el, `rule='${rule}' is not one of ${Object.keys(RULES).join(', ')}`);
    return null;
  }
  if (op === '==' || op === '!=') {
    ctx.sink.warn(el, `rule ${rule} on a continuous quantity is taken within +-${EQUAL_BAND}`);
    return `abs(${quantity} - ${exprText(value)}) ${op === '==' ? '<=' : '>'} ${EQUAL_BAND}`;
  }
  return `${quantity} ${op} ${exprText(value)}`;
}

/** Centre-to-reference-point shifts and half lengths: reference-point distance = gap + this. */
function nonFreespaceExtra(a: OscEntity, b: OscEntity): number {
  return a.size.length / 2 + b.size.length / 2 + a.centre.x - b.centre.x;
}

function entityCondition(env: ConditionEnv, cond: XmlElement, a: OscEntity): string | null {
  const { ctx } = env;
  const value = (): number | string | null => ctx.num(cond, 'value')?.expr ?? null;
  const freespace = (): boolean => ctx.optStr(cond, 'freespace', 'false').toLowerCase() === 'true';
  switch (cond.name) {
    case 'SpeedCondition': {
      const v = value();
      return v === null ? null : compare(ctx, cond, `speed(${q(a)})`, v);
    }
    case 'RelativeSpeedCondition': {
      const b = ctx.entity(cond);
      const v = value();
      return b === null || v === null ? null : compare(ctx, cond, `(speed(${q(a)}) - speed(${q(b)}))`, v);
    }
    case 'ReachPositionCondition':
    case 'DistanceCondition': {
      const pos = ctx.child(cond, 'Position');
      const at = pos === null ? null : readPosition(ctx, pos, env.placed);
      if (pos === null) ctx.sink.error(cond, `<${cond.name}> has no Position`);
      if (at === null) return null;
      // The file measures from the entity's reference point; our x, y are its box centre: compare the
      // centre with where the centre is when the reference point stands at the position, heading its way.
      const centre = boxCentre(a, at.pose);
      const dist = `hypot(x(${q(a)}) - ${centre.x.toFixed(3)}, y(${q(a)}) - ${centre.y.toFixed(3)})`;
      if (cond.name === 'ReachPositionCondition') {
        const tol = ctx.num(cond, 'tolerance');
        // The standard means "comes within tolerance at any moment"; we look every dt, so a car passing
        // the point is caught if a step lands within tolerance + half a step's travel of it.
        return tol === null ? null : `${dist} <= ${exprText(tol.expr)} + speed(${q(a)}) * ${DEFAULT_DT_S / 2}`;
      }
      const v = value();
      return v === null ? null : compare(ctx, cond, dist, v);
    }
    case 'RelativeDistanceCondition': {
      const b = ctx.entity(cond);
      const v = value();
      if (b === null || v === null) return null;
      const type = ctx.optStr(cond, 'relativeDistanceType', 'cartesianDistance');
      if (type === 'longitudinal') {
        const gap = `min(gap(${q(a)}, ${q(b)}), gap(${q(b)}, ${q(a)}))`;
        return compare(ctx, cond, freespace() ? gap : `(${gap} + ${(a.size.length + b.size.length) / 2})`, v);
      }
      if (type === 'cartesianDistance' || type === 'euclidianDistance' || type === 'euclideanDistance') {
        if (freespace()) ctx.sink.warn(cond, 'freespace cartesian distance is taken as the centre distance less the half lengths: exact when the boxes are in line, short when side by side');
        const d = `distance(${q(a)}, ${q(b)})`;
        return compare(ctx, cond, freespace() ? `(${d} - ${(a.size.length + b.size.length) / 2})` : d, v);
      }
      ctx.sink.error(cond, `relativeDistanceType='${type}' is not supported (longitudinal, cartesianDistance and euclidianDistance are)`);
      return null;
    }
    case 'TimeHeadwayCondition': {
      const b = ctx.entity(cond);
      const v = value();
      if (b === null || v === null) return null;
      // Defined only while b is ahead of a (gap finite) and a moves.
      const ahead = `gap(${q(a)}, ${q(b)}) < Infinity and speed(${q(a)}) > 0`;
      const hw = freespace() ? `headway(${q(a)}, ${q(b)})` : `((gap(${q(a)}, ${q(b)}) + ${nonFreespaceExtra(a, b)}) / speed(${q(a)}))`;
      const c = compare(ctx, cond, hw, v);
      return c === null ? null : `(${ahead} and ${c})`;
    }
    case 'TimeToCollisionCondition': {
      const target = ctx.child(cond, 'TimeToCollisionConditionTarget');
      const ref = target === null ? null : ctx.child(target, 'EntityRef');
      const v = value();
      if (ref === null) {
        ctx.sink.error(cond, 'TimeToCollisionCondition is supported with an EntityRef target (not a Position)');
        return null;
      }
      const b = ctx.entity(ref);
      if (b === null || v === null) return null;
      if (!freespace()) ctx.sink.warn(cond, 'ttc is measured between the boxes (freespace); freespace="false" would count from the reference points');
      return compare(ctx, cond, `ttc(${q(a)}, ${q(b)})`, v);
    }
    case 'TraveledDistanceCondition': {
      const start = env.placed(a);
      const v = value();
      if (start === null || v === null) return null;
      ctx.sink.warn(cond, `traveled distance of '${a.name}' is taken as the straight-line distance from its start (the same on a straight path, shorter on a curve)`);
      // x() and y() are box centres: measure from where the box centre started, not the reference point.
      const from = boxCentre(a, start.pose);
      return `hypot(x(${q(a)}) - ${from.x.toFixed(3)}, y(${q(a)}) - ${from.y.toFixed(3)}) >= ${exprText(v)}`;
    }
    case 'StandStillCondition': {
      const d = ctx.num(cond, 'duration');
      if (d === null) return null;
      if (d.value > 0) ctx.sink.warn(cond, `standing still for ${d.value} s is taken as standing still at the moment the condition is checked`);
      return `speed(${q(a)}) < 0.01`;
    }
    default:
      ctx.sink.error(cond, `<${cond.name}> is not supported (Speed, RelativeSpeed, ReachPosition, Distance, RelativeDistance, TimeHeadway, TimeToCollision, TraveledDistance and StandStill conditions are)`);
      return null;
  }
}

function byEntity(env: ConditionEnv, el: XmlElement): string | null {
  const { ctx } = env;
  const triggering = ctx.child(el, 'TriggeringEntities');
  const condWrap = ctx.child(el, 'EntityCondition');
  const cond = condWrap === null ? null : ctx.choice(condWrap);
  if (triggering === null || cond === null) {
    ctx.sink.error(el, '<ByEntityCondition> needs TriggeringEntities and an EntityCondition');
    return null;
  }
  const rule = ctx.optStr(triggering, 'triggeringEntitiesRule', 'any');
  const entities = ctx.children(triggering, 'EntityRef').map((r) => ctx.entity(r));
  if (entities.some((e) => e === null) || entities.length === 0) {
    if (entities.length === 0) ctx.sink.error(triggering, '<TriggeringEntities> names no entity');
    return null;
  }
  const parts = (entities as OscEntity[]).map((e) => entityCondition(env, cond, e));
  if (parts.some((p) => p === null)) return null;
  return parts.length === 1 ? (parts[0] as string) : `(${parts.join(rule === 'all' ? ' and ' : ' or ')})`;
}

function byValue(env: ConditionEnv, el: XmlElement, delay: number): { expr: string; delayDone: boolean } | null {
  const { ctx } = env;
  const cond = ctx.choice(el);
  if (cond === null) return null;
  if (cond.name === 'SimulationTimeCondition') {
    const v = ctx.num(cond, 'value');
    const rule = ctx.optStr(cond, 'rule', '');
    if (v === null) return null;
    // time > v then `delay` later is time > v + delay: no helper needed.
    if (delay > 0 && (rule === 'greaterThan' || rule === 'greaterOrEqual')) return { expr: compare(ctx, cond, 'time', typeof v.expr === 'number' ? v.expr + delay : `${v.expr} + ${delay}`) ?? '', delayDone: true };
    const expr = compare(ctx, cond, 'time', v.expr);
    return expr === null ? null : { expr, delayDone: false };
  }
  if (cond.name === 'StoryboardElementStateCondition') {
    const type = ctx.str(cond, 'storyboardElementType');
    const name = ctx.str(cond, 'storyboardElementRef');
    const state = ctx.str(cond, 'state');
    if (type === null || name === null || state === null) return null;
    const expr = env.elementState(cond, type, name, state);
    return expr === null ? null : { expr, delayDone: false };
  }
  ctx.sink.error(cond, `<${cond.name}> is not supported (SimulationTime and StoryboardElementState value conditions are)`);
  return null;
}

function condition(env: ConditionEnv, el: XmlElement, helperId: string, gate: string | null): string | null {
  const { ctx } = env;
  const edge = ctx.optStr(el, 'conditionEdge', 'none');
  const delay = ctx.optNum(el, 'delay', 0).value;
  if (!['none', 'rising', 'falling', 'risingOrFalling'].includes(edge)) ctx.sink.error(el, `conditionEdge='${edge}' is not one of none, rising, falling, risingOrFalling`);
  const body = ctx.choice(el);
  if (body === null) return null;
  let expr: string | null = null;
  let delayDone = false;
  if (body.name === 'ByEntityCondition') expr = byEntity(env, body);
  else if (body.name === 'ByValueCondition') {
    const v = byValue(env, body, edge === 'falling' ? 0 : delay);
    expr = v?.expr ?? null;
    delayDone = v?.delayDone ?? false;
  } else ctx.sink.error(body, `<${body.name}> is not a condition`);
  if (expr === null || expr === '') return null;
  const gated = (e: string): string => (gate === null ? e : `${gate} and ${e}`);
  if (edge === 'falling') {
    env.helpers.push({ id: `${helperId}_held`, when: gated(`(${expr})`), el });
    expr = `fired('${helperId}_held') and not (${expr})`;
  }
  if (delay > 0 && !delayDone) {
    env.helpers.push({ id: `${helperId}_met`, when: gated(`(${expr})`), el });
    return `since('${helperId}_met') >= ${delay}`;
  }
  return expr;
}

/** A Trigger (StartTrigger / StopTrigger) as one condition; `gate` (the act started) ANDs into helpers. */
export function translateTrigger(env: ConditionEnv, trigger: XmlElement, idBase: string, gate: string | null): string | null {
  const { ctx } = env;
  ctx.use(trigger);
  const groups = ctx.children(trigger, 'ConditionGroup');
  if (groups.length === 0) return null;
  const parts: string[] = [];
  let failed = false;
  groups.forEach((g, gi) => {
    const conds = ctx.children(g, 'Condition').map((c, ci) => condition(env, c, `${idBase}_g${gi}c${ci}`, gate));
    if (conds.some((c) => c === null) || conds.length === 0) failed = true;
    else parts.push(conds.length === 1 ? (conds[0] as string) : `(${conds.join(' and ')})`);
  });
  if (failed) return null;
  return parts.length === 1 ? parts[0] : parts.map((p) => (p.startsWith('(') ? p : `(${p})`)).join(' or ');
}
