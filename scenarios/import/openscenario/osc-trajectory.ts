/**
 * FollowTrajectoryAction -> timed points. Shapes: Polyline (vertices with optional times) and
 * Clothoid (start position, curvature, curvature rate, length; optional start/stop times), sampled
 * with our clothoid integrator (sim/geometry/sample-curves); Nurbs (control points with optional time
 * and weight, knots, order), evaluated by de Boor (./nurbs) and sampled at most 1 m apart. Times come
 * from the vertices (or control points) scaled and offset by `TimeReference/Timing`; with
 * `TimeReference/None` the entity follows the path at its speed, so the caller gives that speed and
 * times are arc length / speed.
 */
import { sampleClothoid } from '../../../sim/geometry/sample-curves';
import type { XmlElement } from '../opendrive/xml-dom';
import type { OscContext, OscEntity } from './osc-context';
import { nurbsProblem, sampleNurbs, type NurbsControlPoint } from './nurbs';
import { boxCentre, readPosition, type EntityPositions } from './osc-positions';

/** Clothoid samples are this far apart at most, m (the tracker interpolates between them). */
const CLOTHOID_SPACING_M = 1;
/** Nurbs samples are this far apart at most, m. */
const NURBS_SPACING_M = 1;

export interface OscTrajectory {
  /** Box-centre points of the entity along the path, m. */
  readonly points: readonly { readonly x: number; readonly y: number }[];
  /** Absolute or relative times of the points (see `timing`), s; null when the file gives none. */
  readonly times: readonly number[] | null;
  /** 'absolute': simulation times; 'relative': from the action's start. */
  readonly timing: 'absolute' | 'relative' | 'none';
  readonly el: XmlElement;
}

function shapePoints(ctx: OscContext, shape: XmlElement, placed: EntityPositions): { pts: { x: number; y: number; yaw: number }[]; times: (number | null)[] } | null {
  const kind = ctx.choice(shape);
  if (kind === null) return null;
  if (kind.name === 'Polyline') {
    const pts: { x: number; y: number; yaw: number }[] = [];
    const times: (number | null)[] = [];
    for (const v of ctx.children(kind, 'Vertex')) {
      const pos = ctx.child(v, 'Position');
      const at = pos === null ? null : readPosition(ctx, pos, placed);
      if (pos === null) ctx.sink.error(v, '<Vertex> has no Position');
      if (at === null) continue;
      pts.push(at.pose);
      times.push(v.attrs.time === undefined ? null : (ctx.num(v, 'time')?.value ?? null));
    }
    return { pts, times };
  }
  if (kind.name === 'Clothoid') {
    const pos = ctx.child(kind, 'Position');
    const start = pos === null ? null : readPosition(ctx, pos, placed);
    if (pos === null) ctx.sink.error(kind, '<Clothoid> has no Position');
    const k0 = ctx.num(kind, 'curvature')?.value ?? 0;
    const kDot = ctx.params.num(kind, kind.attrs.curvaturePrime !== undefined ? 'curvaturePrime' : 'curvatureDot')?.value ?? 0;
    const length = ctx.num(kind, 'length')?.value ?? 0;
    if (start === null || !(length > 0)) {
      if (!(length > 0)) ctx.sink.error(kind, `<Clothoid> length must be positive, got ${length}`);
      return null;
    }
    const samples = sampleClothoid(start.pose, k0, k0 + kDot * length, length, CLOTHOID_SPACING_M);
    const t0 = kind.attrs.startTime === undefined ? null : (ctx.num(kind, 'startTime')?.value ?? null);
    const t1 = kind.attrs.stopTime === undefined ? null : (ctx.num(kind, 'stopTime')?.value ?? null);
    const times = samples.map((_, i) => (t0 !== null && t1 !== null ? t0 + ((t1 - t0) * i) / (samples.length - 1) : null));
    return { pts: samples.map((p) => ({ x: p.x, y: p.y, yaw: p.yaw })), times };
  }
  if (kind.name === 'Nurbs') return nurbsPoints(ctx, kind, placed);
  ctx.sink.error(kind, `trajectory shape <${kind.name}> is not supported (Polyline, Clothoid and Nurbs are)`);
  return null;
}

/** A Nurbs shape sampled into points; times where every ControlPoint has one (the spline carries them). */
function nurbsPoints(ctx: OscContext, nurbs: XmlElement, placed: EntityPositions): { pts: { x: number; y: number; yaw: number }[]; times: (number | null)[] } | null {
  const order = ctx.num(nurbs, 'order')?.value ?? NaN;
  const controls: NurbsControlPoint[] = [];
  for (const cp of ctx.children(nurbs, 'ControlPoint')) {
    const pos = ctx.child(cp, 'Position');
    const at = pos === null ? null : readPosition(ctx, pos, placed);
    if (pos === null) ctx.sink.error(cp, '<ControlPoint> has no Position');
    if (at === null) return null;
    const t = cp.attrs.time === undefined ? null : (ctx.num(cp, 'time')?.value ?? null);
    controls.push({ x: at.pose.x, y: at.pose.y, t, weight: ctx.optNum(cp, 'weight', 1).value });
  }
  const knots = ctx.children(nurbs, 'Knot').map((k) => ctx.num(k, 'value')?.value ?? NaN);
  const problem = nurbsProblem(controls, knots, order);
  if (problem !== null) {
    ctx.sink.error(nurbs, `<Nurbs>: ${problem}`);
    return null;
  }
  const samples = sampleNurbs(controls, knots, order, NURBS_SPACING_M);
  return { pts: samples.map((p) => ({ x: p.x, y: p.y, yaw: 0 })), times: samples.map((p) => p.t) };
}

/** The Trajectory of a FollowTrajectoryAction (inline, via TrajectoryRef, or from a catalog). */
function trajectoryElement(ctx: OscContext, action: XmlElement): { el: XmlElement; scope: (body: () => void) => void } | null {
  const holder = ctx.child(action, 'TrajectoryRef') ?? action;
  const inline = ctx.child(holder, 'Trajectory');
  if (inline !== null) return { el: inline, scope: (body) => body() };
  const ref = ctx.child(holder, 'CatalogReference');
  if (ref === null) {
    ctx.sink.error(action, '<FollowTrajectoryAction> has no Trajectory (inline, TrajectoryRef or CatalogReference)');
    return null;
  }
  const found = ctx.catalogs.resolve(ref);
  if (found === null) return null;
  const decls = found.entry.children.filter((c) => c.name === 'ParameterDeclarations').flatMap((d) => d.children.filter((c) => c.name === 'ParameterDeclaration'));
  return { el: found.entry, scope: (body) => ctx.params.withScope(decls, found.assignments, body) };
}

/** Reads a FollowTrajectoryAction for `entity`; positions are box centres of the entity. */
export function readTrajectory(ctx: OscContext, action: XmlElement, entity: OscEntity, placed: EntityPositions): OscTrajectory | null {
  const found = trajectoryElement(ctx, action);
  if (found === null) return null;
  let result: OscTrajectory | null = null;
  found.scope(() => {
    const traj = ctx.use(found.el);
    const inner = ctx.children(traj, 'ParameterDeclarations').flatMap((d) => ctx.children(d, 'ParameterDeclaration'));
    ctx.params.withScope(inner, new Map(), () => {
      if (ctx.optStr(traj, 'closed', 'false').toLowerCase() === 'true') ctx.sink.warn(traj, 'closed trajectories are followed once (no loop back to the start)');
      const shape = ctx.child(traj, 'Shape');
      const read = shape === null ? null : shapePoints(ctx, shape, placed);
      if (shape === null) ctx.sink.error(traj, '<Trajectory> has no Shape');
      if (read === null || read.pts.length < 2) {
        if (read !== null) ctx.sink.error(traj, 'a trajectory needs at least two points');
        return;
      }
      const ref = ctx.child(action, 'TimeReference');
      const timingEl = ref === null ? null : ctx.child(ref, 'Timing');
      if (ref !== null && timingEl === null) ctx.child(ref, 'None');
      const mode = ctx.child(action, 'TrajectoryFollowingMode');
      if (mode !== null && ctx.optStr(mode, 'followingMode', 'position') === 'follow') {
        ctx.sink.warn(mode, 'followingMode="follow" (a controller chasing the path) is followed as "position": our tracker drives the path itself');
      }
      let times: number[] | null = null;
      let timing: OscTrajectory['timing'] = 'none';
      if (timingEl !== null) {
        const missing = read.times.findIndex((t) => t === null);
        if (missing >= 0) ctx.sink.error(timingEl, `TimeReference/Timing needs a time on every vertex (point ${missing} has none)`);
        else {
          const scale = ctx.optNum(timingEl, 'scale', 1).value;
          const offset = ctx.optNum(timingEl, 'offset', 0).value;
          times = (read.times as number[]).map((t) => t * scale + offset);
          timing = ctx.optStr(timingEl, 'domainAbsoluteRelative', 'absolute') === 'relative' ? 'relative' : 'absolute';
        }
      }
      // Reference points -> box centres, each along the path's heading there.
      const points = read.pts.map((p, i) => {
        const a = read.pts[Math.max(0, i - 1)];
        const b = read.pts[Math.min(read.pts.length - 1, i + 1)];
        const yaw = a === b ? p.yaw : Math.atan2(b.y - a.y, b.x - a.x);
        const c = boxCentre(entity, { x: p.x, y: p.y, yaw });
        return { x: c.x, y: c.y };
      });
      result = { points, times, timing, el: traj };
    });
  });
  return result;
}

/**
 * The Relative*Position elements in a trajectory that refer to an entity for which `moves` is true.
 * Positions are evaluated at import, against where that entity is placed in Init; in a storyboard
 * event they mean where it is when the event starts, which differs once it moves.
 */
export function movingReferences(ctx: OscContext, traj: XmlElement, moves: (entityName: string) => boolean): { el: XmlElement; entityName: string }[] {
  const found: { el: XmlElement; entityName: string }[] = [];
  const visit = (el: XmlElement): void => {
    if (el.name.startsWith('Relative') && el.name.endsWith('Position') && el.attrs.entityRef !== undefined) {
      const name = el.attrs.entityRef.startsWith('$') ? (ctx.params.str(el, 'entityRef') ?? el.attrs.entityRef) : el.attrs.entityRef;
      if (moves(name)) found.push({ el, entityName: name });
    }
    for (const c of el.children) visit(c);
  };
  visit(traj);
  return found;
}

/** Times for a path followed at `speedMps` from `t0`: arc length / speed. */
export function timesAtSpeed(points: OscTrajectory['points'], speedMps: number, t0: number): number[] {
  const times = [t0];
  for (let i = 1; i < points.length; i++) times.push(times[i - 1] + Math.hypot(points[i].x - points[i - 1].x, points[i].y - points[i - 1].y) / speedMps);
  return times;
}
