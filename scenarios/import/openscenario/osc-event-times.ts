/**
 * When a storyboard Event starts, if that can be known at import: the ego's manoeuvres go into its
 * plan at these times (ego-plan.ts). Known are simulation-time conditions, the states of other
 * events whose times are known (their start, or start + duration for their end), and conditions on
 * the ego's own motion (reach a position, travel a distance, a speed), read off the ego's plan as
 * far as it is planned. Anything that depends on how other entities move is not known: the reason
 * is kept for the warning.
 *
 * Times are steps of the simulator's grid (`k * dt`, computed as the simulator computes them), and
 * follow how our events fire: a condition on another event's start holds from the step after it
 * fired (fired() reads the previous state).
 */
import { DEFAULT_DT_S } from '../../spec-defaults';
import type { XmlElement } from '../opendrive/xml-dom';
import type { OscContext, OscEntity } from './osc-context';
import { sampleAt, type PlanSample } from './ego-plan';
import { boxCentre, readPosition, type EntityPositions } from './osc-positions';
import type { StoryEvent } from './osc-story';

export interface EgoMotion {
  readonly ego: OscEntity;
  /** The plan so far (box centres), from t = 0. */
  readonly samples: readonly PlanSample[];
  /** Events whose ego actions are not planned yet (their ends are not known). */
  readonly unplanned: ReadonlySet<StoryEvent>;
}

type Timed = { readonly t: number };
type Untimed = { readonly why: string };
type Known = Timed | Untimed;

const known = (t: number): Known => ({ t });
const unknown = (why: string): Known => ({ why });
const isKnown = (k: Known): k is Timed => 't' in k;

export class EventTimes {
  private readonly memo = new Map<StoryEvent, Known>();
  private readonly visiting = new Set<StoryEvent>();
  readonly dtS = DEFAULT_DT_S;

  constructor(
    private readonly ctx: OscContext,
    private readonly events: readonly StoryEvent[],
    private readonly placed: EntityPositions,
    private readonly durationS: number,
    private readonly motion: EgoMotion | null,
  ) {}

  /** Start time of `ev`, s, or why it cannot be known. */
  start(ev: StoryEvent): Known {
    const memo = this.memo.get(ev);
    if (memo !== undefined) return memo;
    if (this.visiting.has(ev)) return unknown(`its trigger depends on itself through '${ev.name}'`);
    this.visiting.add(ev);
    const result = ev.within(() => this.eventStart(ev));
    this.visiting.delete(ev);
    this.memo.set(ev, result);
    return result;
  }

  private eventStart(ev: StoryEvent): Known {
    const act = ev.act.start === null || ev.act.start.children.length === 0 ? known(0) : ev.act.within(() => this.trigger(ev.act.start as XmlElement));
    if (!isKnown(act)) return unknown(`its act '${ev.act.name}' starts when ${act.why}`);
    if (ev.trigger === null) return act;
    if (ev.trigger.children.length === 0) return unknown('its StartTrigger has no conditions');
    const own = this.trigger(ev.trigger, act.t);
    if (!isKnown(own)) return own;
    const t = Math.max(act.t, own.t);
    const stop = ev.act.stop === null || ev.act.stop.children.length === 0 ? null : ev.act.within(() => this.trigger(ev.act.stop as XmlElement));
    if (stop !== null && isKnown(stop) && stop.t <= t) return unknown(`its act '${ev.act.name}' stops first (at ${stop.t.toFixed(2)} s)`);
    return known(t);
  }

  /** A Trigger: the earliest of its groups, each the latest of its conditions. */
  private trigger(el: XmlElement, from = 0): Known {
    let best: number | null = null;
    for (const group of el.children.filter((c) => c.name === 'ConditionGroup')) {
      let latest = 0;
      for (const cond of group.children.filter((c) => c.name === 'Condition')) {
        const k = this.condition(cond, from);
        if (!isKnown(k)) return k;
        latest = Math.max(latest, k.t);
      }
      best = best === null ? latest : Math.min(best, latest);
    }
    return best === null ? unknown('a trigger without conditions') : known(best);
  }

  /** The first grid time at or after `from` where `holds`, or null before the end of the run. */
  private firstStep(holds: (t: number) => boolean, from: number): number | null {
    const n = Math.ceil(this.durationS / this.dtS);
    for (let k = Math.max(0, Math.floor(from / this.dtS - 1e-9)); k <= n; k++) {
      const t = k * this.dtS;
      if (t >= from - 1e-9 && holds(t)) return t;
    }
    return null;
  }

  private condition(el: XmlElement, from: number): Known {
    const { params } = this.ctx;
    const delay = params.num(el, 'delay')?.value ?? 0;
    if ((params.str(el, 'conditionEdge') ?? 'none') === 'falling') return unknown(`condition '${el.attrs.name ?? ''}' waits for a falling edge`);
    const body = el.children[0];
    const inner = body?.children[0];
    if (body === undefined || inner === undefined) return unknown('an empty condition');
    let at: Known;
    if (body.name === 'ByValueCondition') at = this.byValue(inner, delay, from);
    else if (body.name === 'ByEntityCondition') at = this.byEntity(body, from);
    else return unknown(`<${body.name}> is not a condition`);
    if (!isKnown(at) || inner.name === 'SimulationTimeCondition') return at;
    const t = this.firstStep((x) => x >= at.t + delay - 1e-9, at.t);
    return t === null ? unknown(`it would start after the end of the run`) : known(t);
  }

  private byValue(cond: XmlElement, delay: number, from: number): Known {
    const { params } = this.ctx;
    if (cond.name === 'SimulationTimeCondition') {
      const v = params.num(cond, 'value')?.value;
      const rule = params.str(cond, 'rule') ?? '';
      if (v === undefined) return unknown('a SimulationTimeCondition without a value');
      const tests: Record<string, (t: number) => boolean> = {
        greaterThan: (t) => t > v + delay,
        greaterOrEqual: (t) => t >= v + delay,
        lessThan: (t) => t >= delay,
        lessOrEqual: (t) => t >= delay,
        equalTo: (t) => Math.abs(t - v - delay) <= 0.05,
      };
      const test = tests[rule];
      if (test === undefined) return unknown(`SimulationTimeCondition rule '${rule}'`);
      const t = this.firstStep(test, from);
      return t === null ? unknown('its time is after the end of the run') : known(t);
    }
    if (cond.name === 'StoryboardElementStateCondition') return this.elementState(cond);
    return unknown(`<${cond.name}> is a condition on the world, not on time`);
  }

  private elementState(cond: XmlElement): Known {
    const { params } = this.ctx;
    const type = params.str(cond, 'storyboardElementType') ?? '';
    const name = params.str(cond, 'storyboardElementRef') ?? '';
    const state = params.str(cond, 'state') ?? '';
    const match: Record<string, (e: StoryEvent) => boolean> = {
      event: (e) => e.name === name,
      action: (e) => e.el.children.some((a) => a.name === 'Action' && a.attrs.name === name),
      maneuver: (e) => e.maneuver === name,
      maneuverGroup: (e) => e.group === name,
    };
    if (type === 'act' && (state === 'startTransition' || state === 'runningState')) {
      const act = this.events.find((e) => e.act.name === name)?.act;
      if (act === undefined) return unknown(`no act '${name}'`);
      return act.start === null || act.start.children.length === 0 ? known(0) : act.within(() => this.trigger(act.start as XmlElement));
    }
    const list = match[type] === undefined ? [] : this.events.filter(match[type]);
    if (list.length === 0) return unknown(`the state of ${type} '${name}' is not known at import`);
    const starts: number[] = [];
    for (const e of list) {
      if (this.motion?.unplanned.has(e) && state !== 'startTransition' && state !== 'runningState') return unknown(`it waits for the end of the ego's event '${e.name}'`);
      const k = this.start(e);
      if (!isKnown(k)) return unknown(`it waits for '${e.name}', which starts when ${k.why}`);
      starts.push(k.t);
    }
    switch (state) {
      case 'startTransition':
      case 'runningState':
        return known(Math.min(...starts) + this.dtS);
      case 'endTransition':
      case 'completeState': {
        const ends = list.map((e, i) => starts[i] + e.durationS + (e.durationS > 0 ? 0 : this.dtS));
        return known(Math.max(...ends));
      }
      case 'standbyState':
        return known(0);
      default:
        return unknown(`state '${state}'`);
    }
  }

  /** Conditions on the ego alone, read off its plan. */
  private byEntity(body: XmlElement, from: number): Known {
    const { ctx } = this;
    const refs = (body.children.find((c) => c.name === 'TriggeringEntities')?.children ?? []).map((r) => ctx.params.str(r, 'entityRef') ?? '');
    const cond = body.children.find((c) => c.name === 'EntityCondition')?.children[0];
    const motion = this.motion;
    if (cond === undefined) return unknown('an empty EntityCondition');
    if (motion === null || refs.length !== 1 || refs[0] !== motion.ego.name) {
      return unknown(`<${cond.name}> of ${refs.map((r) => `'${r}'`).join(', ')} depends on how the entities move`);
    }
    const sample = (t: number): PlanSample => sampleAt(motion.samples, t);
    const rule = (v: number, x: number): boolean => {
      const r = ctx.params.str(cond, 'rule') ?? '';
      return r === 'greaterThan' ? x > v : r === 'lessThan' ? x < v : r === 'greaterOrEqual' ? x >= v : r === 'lessOrEqual' ? x <= v : r === 'equalTo' ? Math.abs(x - v) <= 0.05 : x !== v;
    };
    let holds: ((t: number) => boolean) | null = null;
    const value = ctx.params.num(cond, 'value')?.value ?? 0;
    switch (cond.name) {
      case 'ReachPositionCondition':
      case 'DistanceCondition': {
        const posEl = cond.children.find((c) => c.name === 'Position');
        const at = posEl === undefined ? null : readPosition(ctx, posEl, this.placed);
        if (at === null) return unknown(`<${cond.name}> without a position`);
        const tol = ctx.params.num(cond, 'tolerance')?.value ?? 0;
        // box centres, as the condition reads at run time (osc-conditions.ts)
        const centre = boxCentre(motion.ego, at.pose);
        const dist = (t: number): number => Math.hypot(sample(t).pose.x - centre.x, sample(t).pose.y - centre.y);
        holds = cond.name === 'ReachPositionCondition' ? (t) => dist(t) <= tol + (sample(t).speedMps * this.dtS) / 2 : (t) => rule(value, dist(t));
        break;
      }
      case 'TraveledDistanceCondition': {
        const p0 = motion.samples[0].pose;
        holds = (t) => Math.hypot(sample(t).pose.x - p0.x, sample(t).pose.y - p0.y) >= value;
        break;
      }
      case 'SpeedCondition':
        holds = (t) => rule(value, sample(t).speedMps);
        break;
      case 'StandStillCondition':
        holds = (t) => sample(t).speedMps < 0.01;
        break;
      default:
        return unknown(`<${cond.name}> depends on more than the ego's own motion`);
    }
    const t = this.firstStep(holds, from);
    return t === null ? unknown(`the ego's plan never meets its <${cond.name}> before the end of the run`) : known(t);
  }
}

export { isKnown, type Known };
