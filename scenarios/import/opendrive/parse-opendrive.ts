/**
 * OpenDRIVE XML -> the `OpenDrive` model (od-types.ts). Reads the header, roads (links, types with
 * speeds, planView geometries, laneOffset, lane sections with lanes, widths, borders, road marks,
 * speeds and lane links) and junctions (connections with laneLinks). Missing or malformed required
 * attributes and unknown geometry types are errors; everything the importer does not model
 * (elevation, objects, signals, ...) is reported as a warning with its line.
 *
 * Reference: ASAM OpenDRIVE 1.8, sections 7 (coordinate systems), 9 (reference line), 10 (roads),
 * 11 (lanes), 12 (junctions).
 */
import type { IssueSink } from './import-issue';
import type {
  CubicRecord, OdConnection, OdContactPoint, OdGeometry, OdGeometryShape, OdJunction, OdLane, OdLaneSection,
  OdRoad, OdRoadLink, OdRoadType, OdSpeed, OpenDrive,
} from './od-types';
import type { XmlElement } from './xml-dom';
import { geometryPose } from './reference-line';
import { XmlReader } from './xml-reader';

/** Why elements we read past are ignored (shown in the warning). */
const IGNORED_REASONS: Readonly<Record<string, string>> = {
  elevationProfile: 'elevation is not modelled; roads are flat (z = 0)',
  lateralProfile: 'superelevation and shape are not modelled; roads are flat',
  objects: 'road objects are not imported',
  signals: 'signals are not imported',
  surface: 'road surface is not modelled',
  controller: 'signal controllers are not imported',
  geoReference: 'the map stays in local x/y; no geo projection is applied',
  userData: 'vendor data is not interpreted',
  material: 'lane material is not modelled',
  visibility: 'lane visibility is not modelled',
  access: 'lane access rules are not modelled',
  height: 'lane height is not modelled',
  rule: 'lane rules are not modelled',
  priority: 'junction priorities are not modelled (right of way comes from the scenario)',
  neighbor: 'road neighbours (deprecated) are not used',
};

/** Speed units of OpenDRIVE `<speed unit>` in m/s per unit. */
const SPEED_UNIT_MPS: Readonly<Record<string, number>> = { 'm/s': 1, 'km/h': 1 / 3.6, mph: 0.44704 };

const GEOMETRY_TYPES = ['line', 'arc', 'spiral', 'poly3', 'paramPoly3'] as const;

export function parseOpenDrive(root: XmlElement, sink: IssueSink): OpenDrive {
  const r = new XmlReader(sink);
  r.use(root);
  if (root.name !== 'OpenDRIVE') sink.error(root, `root element is <${root.name}>, expected <OpenDRIVE>`);
  const headerEl = r.one(root, 'header');
  if (headerEl === null) sink.warn(root, '<header> is missing; assuming OpenDRIVE 1.4');
  const header = {
    revMajor: headerEl === null ? 1 : r.optNum(headerEl, 'revMajor', 1),
    revMinor: headerEl === null ? 4 : r.optNum(headerEl, 'revMinor', 4),
    name: headerEl === null ? '' : r.optStr(headerEl, 'name', ''),
  };
  const offsetEl = headerEl === null ? null : r.one(headerEl, 'offset');
  if (offsetEl !== null) sink.warn(offsetEl, '<offset> is not applied: the map stays in its file coordinates');
  const roads = new Map<string, OdRoad>();
  for (const el of r.all(root, 'road')) {
    const road = parseRoad(r, el);
    if (roads.has(road.id)) sink.error(el, `duplicate road id '${road.id}'`);
    roads.set(road.id, road);
  }
  if (roads.size === 0) sink.error(root, 'the file has no <road>');
  const junctions = new Map<string, OdJunction>();
  for (const el of r.all(root, 'junction')) {
    const junction = parseJunction(r, el);
    if (junctions.has(junction.id)) sink.error(el, `duplicate junction id '${junction.id}'`);
    junctions.set(junction.id, junction);
  }
  r.reportUnhandled(root, IGNORED_REASONS);
  return { file: sink.file, header, roads, junctions };
}

function parseRoad(r: XmlReader, el: XmlElement): OdRoad {
  const id = r.str(el, 'id');
  const length = r.num(el, 'length');
  if (!(length > 0)) r.sink.error(el, `road '${id}' has length ${length}; it must be > 0`);
  const junctionAttr = r.optStr(el, 'junction', '-1');
  if (el.attrs.rule === 'LHT') r.sink.warn(el, `road '${id}' is left-hand traffic (rule="LHT"); lanes are imported as right-hand traffic`);
  const linkEl = r.one(el, 'link');
  const planView = r.one(el, 'planView');
  if (planView === null) r.sink.error(el, `road '${id}' has no <planView>`);
  const geometries = planView === null ? [] : r.all(planView, 'geometry').map((g) => parseGeometry(r, g));
  if (planView !== null && geometries.length === 0) r.sink.error(planView, `road '${id}' has no <geometry>`);
  const lanesEl = r.one(el, 'lanes');
  if (lanesEl === null) r.sink.error(el, `road '${id}' has no <lanes>`);
  const laneOffsets = lanesEl === null ? [] : r.all(lanesEl, 'laneOffset').map((o) => cubic(r, o, 's'));
  const sectionEls = lanesEl === null ? [] : r.all(lanesEl, 'laneSection');
  if (lanesEl !== null && sectionEls.length === 0) r.sink.error(lanesEl, `road '${id}' has no <laneSection>`);
  const starts = sectionEls.map((s) => r.num(s, 's'));
  const sections = sectionEls.map((s, i) => parseSection(r, s, starts[i], i + 1 < starts.length ? starts[i + 1] : length));
  const sorted = [...geometries].sort((a, b) => a.s - b.s);
  checkContinuity(r, sorted);
  return {
    id,
    name: r.optStr(el, 'name', ''),
    length,
    junction: junctionAttr === '-1' || junctionAttr === '' ? null : junctionAttr,
    predecessor: linkEl === null ? null : roadLink(r, r.one(linkEl, 'predecessor')),
    successor: linkEl === null ? null : roadLink(r, r.one(linkEl, 'successor')),
    types: r.all(el, 'type').map((t) => roadType(r, t)),
    geometries: sorted,
    laneOffsets: [...laneOffsets].sort((a, b) => a.sOffset - b.sOffset),
    sections,
    el,
  };
}

function roadLink(r: XmlReader, el: XmlElement | null): OdRoadLink | null {
  if (el === null) return null;
  const elementType = r.oneOf(el, 'elementType', ['road', 'junction'] as const) ?? 'road';
  const contactPoint = elementType === 'road' ? r.oneOf(el, 'contactPoint', ['start', 'end'] as const) : null;
  return { elementType, elementId: r.str(el, 'elementId'), contactPoint, el };
}

function roadType(r: XmlReader, el: XmlElement): OdRoadType {
  const speedEl = r.one(el, 'speed');
  return { s: r.num(el, 's'), type: r.str(el, 'type'), maxSpeedMps: speedEl === null ? null : speedMps(r, speedEl) };
}

/** `max` in m/s, or null for 'no limit' / 'undefined'. */
function speedMps(r: XmlReader, el: XmlElement): number | null {
  const raw = r.str(el, 'max');
  if (raw === 'no limit' || raw === 'undefined' || raw === '') return null;
  const unit = r.optStr(el, 'unit', 'm/s');
  const factor = SPEED_UNIT_MPS[unit];
  if (factor === undefined) {
    r.sink.error(el, `<speed> unit='${unit}' is not one of ${Object.keys(SPEED_UNIT_MPS).join(', ')}`);
    return null;
  }
  const value = r.num(el, 'max');
  return value > 0 ? value * factor : null;
}

function parseGeometry(r: XmlReader, el: XmlElement): OdGeometry {
  const base = { s: r.num(el, 's'), x: r.num(el, 'x'), y: r.num(el, 'y'), hdg: r.num(el, 'hdg'), length: r.num(el, 'length'), el };
  if (el.attrs.length !== undefined && !(base.length > 0)) r.sink.error(el, `<geometry> length must be > 0 (got ${base.length})`);
  const shapes = el.children.filter((c) => (GEOMETRY_TYPES as readonly string[]).includes(c.name));
  const others = el.children.filter((c) => !(GEOMETRY_TYPES as readonly string[]).includes(c.name));
  for (const other of others) {
    r.use(other);
    r.sink.error(other, `unknown geometry type <${other.name}> (supported: ${GEOMETRY_TYPES.join(', ')})`);
  }
  if (shapes.length !== 1) {
    if (others.length === 0) r.sink.error(el, `<geometry> must contain exactly one of ${GEOMETRY_TYPES.join(', ')} (found ${shapes.length})`);
    return { ...base, shape: { type: 'line' } };
  }
  return { ...base, shape: geometryShape(r, r.use(shapes[0])) };
}

function geometryShape(r: XmlReader, el: XmlElement): OdGeometryShape {
  switch (el.name) {
    case 'arc':
      return { type: 'arc', curvature: r.num(el, 'curvature') };
    case 'spiral':
      return { type: 'spiral', curvStart: r.num(el, 'curvStart'), curvEnd: r.num(el, 'curvEnd') };
    case 'poly3':
      return { type: 'poly3', a: r.num(el, 'a'), b: r.num(el, 'b'), c: r.num(el, 'c'), d: r.num(el, 'd') };
    case 'paramPoly3': {
      const pRange = el.attrs.pRange === undefined ? 'normalized' : r.oneOf(el, 'pRange', ['arcLength', 'normalized'] as const) ?? 'normalized';
      const k = (name: string): number => r.num(el, name);
      return { type: 'paramPoly3', aU: k('aU'), bU: k('bU'), cU: k('cU'), dU: k('dU'), aV: k('aV'), bV: k('bV'), cV: k('cV'), dV: k('dV'), pRange };
    }
    default:
      return { type: 'line' };
  }
}

/** A polynomial record whose start attribute is `sName` ('s' for laneOffset, 'sOffset' for widths). */
function cubic(r: XmlReader, el: XmlElement, sName: string): CubicRecord {
  return { sOffset: r.num(el, sName), a: r.num(el, 'a'), b: r.num(el, 'b'), c: r.num(el, 'c'), d: r.num(el, 'd') };
}

function parseSection(r: XmlReader, el: XmlElement, s: number, sEnd: number): OdLaneSection {
  if (!(sEnd > s)) r.sink.error(el, `<laneSection> s=${s} does not lie before the next section or the road end (${sEnd})`);
  if (el.attrs.singleSide === 'true') r.sink.warn(el, '<laneSection singleSide="true"> is treated like a normal section');
  const lanes: OdLane[] = [];
  for (const side of ['left', 'center', 'right'] as const) {
    const sideEl = r.one(el, side);
    if (sideEl === null) continue;
    for (const laneEl of r.all(sideEl, 'lane')) {
      const lane = parseLane(r, laneEl);
      const sign = side === 'left' ? 1 : side === 'right' ? -1 : 0;
      if (Math.sign(lane.id) !== sign) r.sink.error(laneEl, `lane id ${lane.id} does not belong in <${side}> (left > 0, center 0, right < 0)`);
      if (lanes.some((l) => l.id === lane.id)) r.sink.error(laneEl, `duplicate lane id ${lane.id} in this laneSection`);
      if (sign !== 0 && lane.widths.length === 0 && lane.borders.length === 0) r.sink.error(laneEl, `lane ${lane.id} has neither <width> nor <border>`);
      lanes.push(lane);
    }
  }
  if (r.one(el, 'center') === null) r.sink.error(el, '<laneSection> has no <center> lane');
  return { s, sEnd, lanes: lanes.sort((a, b) => a.id - b.id), el };
}

function parseLane(r: XmlReader, el: XmlElement): OdLane {
  const id = r.num(el, 'id');
  if (!Number.isInteger(id)) r.sink.error(el, `lane id ${id} is not an integer`);
  const link = r.one(el, 'link');
  const ids = (name: string): number[] => (link === null ? [] : r.all(link, name).map((l) => r.num(l, 'id')));
  const speeds: OdSpeed[] = [];
  for (const sp of r.all(el, 'speed')) {
    const maxMps = speedMps(r, sp);
    if (maxMps !== null) speeds.push({ sOffset: r.num(sp, 'sOffset'), maxMps });
  }
  return {
    id,
    type: r.optStr(el, 'type', 'none'),
    widths: r.all(el, 'width').map((w) => cubic(r, w, 'sOffset')).sort((a, b) => a.sOffset - b.sOffset),
    borders: r.all(el, 'border').map((w) => cubic(r, w, 'sOffset')).sort((a, b) => a.sOffset - b.sOffset),
    roadMarks: r.all(el, 'roadMark').map((m) => {
      // Sub-elements (type lines, explicit, sway) refine the look only; the type is what we use.
      for (const child of m.children) r.use(child);
      return { sOffset: r.num(m, 'sOffset'), type: r.optStr(m, 'type', 'none') };
    }),
    speeds,
    predecessorIds: ids('predecessor'),
    successorIds: ids('successor'),
    hasLink: link !== null,
    el,
  };
}

function parseJunction(r: XmlReader, el: XmlElement): OdJunction {
  const id = r.str(el, 'id');
  const type = r.optStr(el, 'type', 'default');
  if (type !== 'default') r.sink.warn(el, `junction type '${type}' is read like a default junction`);
  const connections: OdConnection[] = r.all(el, 'connection').map((c) => {
    const contactPoint: OdContactPoint = r.oneOf(c, 'contactPoint', ['start', 'end'] as const) ?? 'start';
    const connectingRoad = c.attrs.connectingRoad ?? c.attrs.linkedRoad;
    if (connectingRoad === undefined) r.sink.error(c, "<connection> is missing the required attribute 'connectingRoad'");
    if (!c.children.some((l) => l.name === 'laneLink')) r.sink.warn(c, '<connection> has no <laneLink>; no lanes are linked through it');
    return {
      id: r.optStr(c, 'id', ''),
      incomingRoad: r.str(c, 'incomingRoad'),
      connectingRoad: connectingRoad ?? '',
      contactPoint,
      laneLinks: r.all(c, 'laneLink').map((l) => ({ from: r.num(l, 'from'), to: r.num(l, 'to'), el: l })),
      el: c,
    };
  });
  return { id, connections, el };
}

/** Gap between consecutive geometries worth a warning, m (real files carry mm-level rounding). */
const MAX_PLANVIEW_GAP_M = 0.01;

/** Warns where a geometry does not start where the previous one ends (a jump in the road). */
function checkContinuity(r: XmlReader, geometries: readonly OdGeometry[]): void {
  for (let i = 1; i < geometries.length; i++) {
    const prev = geometries[i - 1];
    const next = geometries[i];
    if (!(prev.length > 0)) continue;
    const end = geometryPose(prev, prev.length);
    const gapM = Math.hypot(end.x - next.x, end.y - next.y);
    if (gapM > MAX_PLANVIEW_GAP_M) {
      r.sink.warn(next.el, `<geometry> starts ${gapM.toFixed(3)} m from where the previous one ends (${end.x.toFixed(3)}, ${end.y.toFixed(3)})`);
    }
    if (Math.abs(prev.s + prev.length - next.s) > MAX_PLANVIEW_GAP_M) {
      r.sink.warn(next.el, `<geometry> s=${next.s} does not equal the previous s + length (${prev.s + prev.length})`);
    }
  }
}
