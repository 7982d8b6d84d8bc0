/**
 * Lane connectivity of an OpenDRIVE file as links between lane ends, then oriented by direction of
 * travel. A lane end is (road, section, lane, at the section's s-start or s-end). Lane links inside
 * a road, road links (with their contactPoint) and junction connections (with laneLinks) each join
 * two lane ends; a link from a lane's travel-finish end to another lane's travel-start end makes
 * the second a successor of the first. Right lanes (id < 0) finish at s-end, left lanes (id > 0)
 * at s-start, so every contactPoint combination comes out right without special cases.
 */
import type { IssueSink } from './import-issue';
import type { OdContactPoint, OdLaneSection, OdRoad, OpenDrive } from './od-types';
import type { XmlElement } from './xml-dom';

export interface LaneEnd {
  readonly roadId: string;
  readonly sectionIndex: number;
  readonly laneId: number;
  /** True at the section's s-end, false at its s-start. */
  readonly atSEnd: boolean;
}

/** A directed link from lane end `from` (travel finish) to `to` (travel start), by lane key. */
export interface LaneLink {
  readonly fromKey: string;
  readonly toKey: string;
}

/** Key of one lane of one section: `road|section|lane`. */
export function laneKey(roadId: string, sectionIndex: number, laneId: number): string {
  return `${roadId}|${sectionIndex}|${laneId}`;
}

function finishesAt(end: LaneEnd): boolean {
  return end.laneId < 0 ? end.atSEnd : !end.atSEnd;
}

function contactSection(road: OdRoad, cp: OdContactPoint): number {
  return cp === 'start' ? 0 : road.sections.length - 1;
}

/** Every directed lane link of the file (unknown roads and lanes are reported as errors). */
export function collectLaneLinks(od: OpenDrive, sink: IssueSink): LaneLink[] {
  const links = new Map<string, LaneLink>();
  const hasLane = (section: OdLaneSection | undefined, id: number): boolean => section?.lanes.some((l) => l.id === id) ?? false;
  const join = (a: LaneEnd, b: LaneEnd, at: XmlElement): void => {
    const road = od.roads.get(b.roadId);
    if (road === undefined) return;
    if (!hasLane(road.sections[b.sectionIndex], b.laneId)) {
      sink.error(at, `links to lane ${b.laneId}, which road '${b.roadId}' does not have at its ${b.atSEnd ? 'end' : 'start'}`);
      return;
    }
    if (a.laneId === 0 || b.laneId === 0) return;
    const [from, to] = finishesAt(a) ? [a, b] : [b, a];
    if (!finishesAt(from) || finishesAt(to)) {
      sink.warn(at, `lanes ${a.laneId} (road '${a.roadId}') and ${b.laneId} (road '${b.roadId}') meet head to head (opposite directions); link ignored`);
      return;
    }
    const link = { fromKey: laneKey(from.roadId, from.sectionIndex, from.laneId), toKey: laneKey(to.roadId, to.sectionIndex, to.laneId) };
    links.set(`${link.fromKey}>${link.toKey}`, link);
  };
  for (const road of od.roads.values()) {
    const last = road.sections.length - 1;
    road.sections.forEach((section, i) => {
      for (const lane of section.lanes) {
        if (lane.id === 0) continue;
        const here = (atSEnd: boolean): LaneEnd => ({ roadId: road.id, sectionIndex: i, laneId: lane.id, atSEnd });
        // Inside the road; a lane without any <link> continues into the same id (common in hand-written files).
        const nextIds = lane.hasLink ? lane.successorIds : hasLane(road.sections[i + 1], lane.id) ? [lane.id] : [];
        if (i < last) for (const id of nextIds) join(here(true), { roadId: road.id, sectionIndex: i + 1, laneId: id, atSEnd: false }, lane.el);
        if (i > 0) for (const id of lane.predecessorIds) join(here(false), { roadId: road.id, sectionIndex: i - 1, laneId: id, atSEnd: true }, lane.el);
        // Across a road link.
        const out = i === last ? road.successor : null;
        if (out !== null && out.elementType === 'road' && out.contactPoint !== null) {
          const other = od.roads.get(out.elementId);
          for (const id of other === undefined ? [] : lane.successorIds) {
            join(here(true), { roadId: out.elementId, sectionIndex: contactSection(other as OdRoad, out.contactPoint), laneId: id, atSEnd: out.contactPoint === 'end' }, lane.el);
          }
        }
        const back = i === 0 ? road.predecessor : null;
        if (back !== null && back.elementType === 'road' && back.contactPoint !== null) {
          const other = od.roads.get(back.elementId);
          for (const id of other === undefined ? [] : lane.predecessorIds) {
            join(here(false), { roadId: back.elementId, sectionIndex: contactSection(other as OdRoad, back.contactPoint), laneId: id, atSEnd: back.contactPoint === 'end' }, lane.el);
          }
        }
      }
    });
  }
  for (const junction of od.junctions.values()) {
    for (const c of junction.connections) {
      const incoming = od.roads.get(c.incomingRoad);
      const connecting = od.roads.get(c.connectingRoad);
      if (incoming === undefined) sink.error(c.el, `junction '${junction.id}' connection: unknown incomingRoad '${c.incomingRoad}'`);
      if (connecting === undefined) sink.error(c.el, `junction '${junction.id}' connection: unknown connectingRoad '${c.connectingRoad}'`);
      if (incoming === undefined || connecting === undefined) continue;
      const atEnd = incoming.successor?.elementType === 'junction' && incoming.successor.elementId === junction.id;
      const atStart = incoming.predecessor?.elementType === 'junction' && incoming.predecessor.elementId === junction.id;
      if (!atEnd && !atStart) sink.warn(c.el, `incoming road '${incoming.id}' has no link to junction '${junction.id}'; assuming its end`);
      const incomingEnd = atEnd || !atStart;
      const incomingSection = incomingEnd ? incoming.sections.length - 1 : 0;
      for (const ll of c.laneLinks) {
        const from: LaneEnd = { roadId: incoming.id, sectionIndex: incomingSection, laneId: ll.from, atSEnd: incomingEnd };
        if (!hasLane(incoming.sections[incomingSection], ll.from)) {
          sink.error(ll.el, `laneLink from=${ll.from}: road '${incoming.id}' has no lane ${ll.from} at its ${incomingEnd ? 'end' : 'start'}`);
          continue;
        }
        join(from, { roadId: connecting.id, sectionIndex: contactSection(connecting, c.contactPoint), laneId: ll.to, atSEnd: c.contactPoint === 'end' }, ll.el);
      }
    }
  }
  return [...links.values()];
}

/** Reports road links that name roads or junctions the file does not define. */
export function checkRoadLinks(od: OpenDrive, sink: IssueSink): void {
  for (const road of od.roads.values()) {
    for (const link of [road.predecessor, road.successor]) {
      if (link === null) continue;
      const known = link.elementType === 'road' ? od.roads.has(link.elementId) : od.junctions.has(link.elementId);
      if (!known) sink.error(link.el, `road '${road.id}' links to unknown ${link.elementType} '${link.elementId}'`);
    }
    if (road.junction !== null && !od.junctions.has(road.junction)) sink.error(road.el, `road '${road.id}' belongs to unknown junction '${road.junction}'`);
  }
}
