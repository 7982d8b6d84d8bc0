/**
 * Entities: ScenarioObjects (Vehicle, Pedestrian, MiscObject, or a CatalogReference to one) ->
 * class, box size and where the box centre sits relative to the OpenSCENARIO reference point. The
 * ego is the entity `--ego` names, else the one named `Ego` (any case; esmini's convention) or
 * `hero` (CARLA's), else the first vehicle (with a warning).
 */
import type { AgentClass } from '../../../sim/types';
import { DEFAULT_SIZES } from '../../spec-defaults';
import { ID_PATTERN } from '../../spec-schema';
import type { XmlElement } from '../opendrive/xml-dom';
import type { OscContext, OscEntity } from './osc-context';

const VEHICLE_CLASSES: Readonly<Record<string, AgentClass>> = {
  car: 'car', van: 'car', truck: 'truck', trailer: 'truck', semitrailer: 'truck', bus: 'truck',
  train: 'truck', tram: 'truck', motorbike: 'cyclist', bicycle: 'cyclist',
};

const EGO_NAMES = ['ego', 'hero'];

/** Our id for an entity name: invalid characters become '_', clashes get a suffix. */
export function entityId(name: string, taken: ReadonlySet<string>): string {
  let id = name.replace(/[^A-Za-z0-9_-]/g, '_') || 'entity';
  if (!new RegExp(ID_PATTERN).test(id)) id = `e_${id}`;
  let candidate = id;
  for (let k = 2; taken.has(candidate) || candidate === 'ego'; k++) candidate = `${id}_${k}`;
  return candidate;
}

interface Described {
  readonly cls: AgentClass;
  readonly size: OscEntity['size'];
  readonly centre: OscEntity['centre'];
}

function boundingBox(ctx: OscContext, obj: XmlElement, cls: AgentClass): Pick<Described, 'size' | 'centre'> {
  const bb = ctx.child(obj, 'BoundingBox');
  const base = DEFAULT_SIZES[cls];
  if (bb === null) {
    ctx.sink.warn(obj, `<${obj.name}> has no BoundingBox; using the ${cls} default ${base.length} x ${base.width} m`);
    return { size: { ...base }, centre: { x: 0, y: 0 } };
  }
  const dims = ctx.child(bb, 'Dimensions');
  const centre = ctx.child(bb, 'Center');
  const size = dims === null ? { ...base } : { length: ctx.num(dims, 'length')?.value ?? base.length, width: ctx.num(dims, 'width')?.value ?? base.width, height: ctx.num(dims, 'height')?.value ?? base.height };
  for (const [k, v] of Object.entries(size)) if (!(v > 0)) ctx.sink.error(dims ?? bb, `bounding box ${k} must be positive, got ${v}`);
  return { size, centre: centre === null ? { x: 0, y: 0 } : { x: ctx.optNum(centre, 'x', 0).value, y: ctx.optNum(centre, 'y', 0).value } };
}

/** Class and box of a Vehicle / Pedestrian / MiscObject element (from the file or a catalog). */
function describe(ctx: OscContext, obj: XmlElement): Described | null {
  ctx.use(obj);
  switch (obj.name) {
    case 'Vehicle': {
      const category = ctx.optStr(obj, 'vehicleCategory', 'car');
      let cls = VEHICLE_CLASSES[category];
      if (cls === undefined) {
        ctx.sink.warn(obj, `vehicleCategory '${category}' is not one of ${Object.keys(VEHICLE_CLASSES).join(', ')}; imported as a car`);
        cls = 'car';
      }
      return { cls, ...boundingBox(ctx, obj, cls) };
    }
    case 'Pedestrian':
      return { cls: 'pedestrian', ...boundingBox(ctx, obj, 'pedestrian') };
    case 'MiscObject': {
      ctx.sink.warn(obj, `MiscObject '${obj.attrs.name ?? ''}' (${obj.attrs.miscObjectCategory ?? 'obstacle'}) becomes a parked car-class box of its size: it is seen and collided with, but drawn as a car`);
      return { cls: 'car', ...boundingBox(ctx, obj, 'car') };
    }
    default:
      ctx.sink.error(obj, `<${obj.name}> is not an entity type the importer supports (Vehicle, Pedestrian, MiscObject, CatalogReference)`);
      return null;
  }
}

function describeObject(ctx: OscContext, so: XmlElement): Described | null {
  const body = so.children.find((c) => c.name !== 'ObjectController');
  if (body === undefined) {
    ctx.sink.error(so, `ScenarioObject '${so.attrs.name ?? ''}' has no Vehicle, Pedestrian, MiscObject or CatalogReference`);
    return null;
  }
  if (body.name !== 'CatalogReference') return describe(ctx, body);
  ctx.use(body);
  const found = ctx.catalogs.resolve(body);
  if (found === null) return null;
  const decls = found.entry.children.filter((c) => c.name === 'ParameterDeclarations').flatMap((d) => (ctx.use(d), ctx.children(d, 'ParameterDeclaration')));
  return ctx.params.withScope(decls, found.assignments, () => describe(ctx, found.entry));
}

/** Reads `<Entities>` into ctx.entities; `egoName` is `--ego`. */
export function readEntities(ctx: OscContext, entitiesEl: XmlElement | null, egoName: string | undefined): void {
  if (entitiesEl === null) {
    ctx.sink.error(null, 'the file has no <Entities>');
    return;
  }
  ctx.use(entitiesEl);
  const objects = ctx.children(entitiesEl, 'ScenarioObject');
  const names = objects.map((o) => ctx.params.str(o, 'name') ?? '');
  let egoIndex = egoName !== undefined ? names.indexOf(egoName) : names.findIndex((n) => EGO_NAMES.includes(n.toLowerCase()));
  if (egoName !== undefined && egoIndex < 0) {
    ctx.sink.error(entitiesEl, `--ego '${egoName}' names no entity (entities: ${names.join(', ') || 'none'})`);
    return;
  }
  const taken = new Set<string>();
  const described = objects.map((o) => describeObject(ctx, o));
  if (egoIndex < 0) {
    egoIndex = described.findIndex((d) => d !== null && (d.cls === 'car' || d.cls === 'truck'));
    if (egoIndex >= 0) ctx.sink.warn(objects[egoIndex], `no entity is named Ego; '${names[egoIndex]}', the first vehicle, is the ego (choose another with --ego NAME)`);
    else ctx.sink.error(entitiesEl, 'no entity can be the ego (a car or truck); name one Ego or pass --ego NAME');
  }
  objects.forEach((so, i) => {
    const d = described[i];
    const name = names[i];
    if (name === '') ctx.sink.error(so, '<ScenarioObject> is missing the required attribute \'name\'');
    if (ctx.entities.has(name)) ctx.sink.error(so, `duplicate entity name '${name}'`);
    if (d === null || name === '' || ctx.entities.has(name)) return;
    const isEgo = i === egoIndex;
    if (isEgo && d.cls !== 'car' && d.cls !== 'truck') ctx.sink.error(so, `the ego '${name}' must be a car or truck (it is a ${d.cls})`);
    const id = isEgo ? 'ego' : entityId(name, taken);
    taken.add(id);
    const controller = so.children.find((c) => c.name === 'ObjectController');
    if (controller !== undefined) {
      ctx.useTree(controller);
      const what = controller.children[0]?.attrs.name ?? controller.children[0]?.attrs.entryName ?? 'controller';
      ctx.sink.warn(controller, isEgo
        ? `the ego's controller '${what}' is not imported: the ego is driven by the policy under test (--policy idm follows and keeps a gap, as an ACC would)`
        : `controller '${what}' of '${name}' is not imported: the entity follows its lane at the speeds the storyboard sets`);
    }
    ctx.entities.set(name, { name, id, cls: d.cls, size: d.size, centre: d.centre, isEgo, el: so });
  });
}
