/**
 * The `OpenDrive` model -> our `RoadNetwork`. One Lane per (road, lane section, lane) of an
 * imported type, id `r{road}_s{section}_l{lane}` (section = 0-based index along the road, lane =
 * the OpenDRIVE lane id, e.g. `r12_s0_l-1`). Lanes in junction connecting roads become kind
 * 'connector'. Neighbours: same-direction lanes whose ids differ by one in the same section (the
 * one nearer the centre is on the left of the direction of travel on both sides). Successors come
 * from lane-links.ts. Markings: a lane's right edge (outer border) carries its own roadMark, its
 * left edge the roadMark of the next lane inwards (or the centre lane).
 */
import type { Lane, MarkingKind, RoadNetwork } from '../../../sim/road/types';
import { type LaneParts, makeLane } from '../../../sim/road/make-lane';
import { makeNetwork } from '../../../sim/road/make-network';
import type { IssueSink } from './import-issue';
import { collectLaneLinks, laneKey } from './lane-links';
import type { OdLane, OdLaneSection, OdRoad, OpenDrive } from './od-types';
import { sampleLane } from './sample-lane';
import type { XmlElement } from './xml-dom';

/** OpenDRIVE lane types we import, and as what. */
const LANE_KINDS: Readonly<Record<string, 'driving' | 'shoulder' | 'sidewalk'>> = {
  driving: 'driving', entry: 'driving', exit: 'driving', onRamp: 'driving', offRamp: 'driving',
  connectingRamp: 'driving', slipLane: 'driving', bidirectional: 'driving',
  shoulder: 'shoulder', sidewalk: 'sidewalk', walking: 'sidewalk',
};

/** Speed limit when neither the lane nor the road type gives one, m/s, by road type (urban 50 km/h otherwise). */
const DEFAULT_SPEED_MPS: Readonly<Record<string, number>> = {
  motorway: 130 / 3.6, rural: 100 / 3.6, townExpressway: 80 / 3.6, town: 50 / 3.6, townArterial: 50 / 3.6,
  townCollector: 50 / 3.6, townLocal: 30 / 3.6, townPlayStreet: 7 / 3.6, lowSpeed: 30 / 3.6, pedestrian: 5 / 3.6, bicycle: 25 / 3.6,
};
export const FALLBACK_SPEED_MPS = 50 / 3.6;

/** Lanes narrower than this on average are openings/closings with no room to drive, m. */
const MIN_MEAN_WIDTH_M = 0.1;

const MARKINGS: Readonly<Record<string, MarkingKind>> = {
  solid: 'solid', 'solid solid': 'solid', 'solid broken': 'solid', 'broken solid': 'solid', curb: 'solid', edge: 'solid',
  broken: 'dashed', 'broken broken': 'dashed', 'botts dots': 'dashed',
  none: 'none', grass: 'none',
};

/** Our lane id of OpenDRIVE lane `laneId` in section `sectionIndex` of road `roadId`. */
export function networkLaneId(roadId: string, sectionIndex: number, laneId: number): string {
  return `r${roadId}_s${sectionIndex}_l${laneId}`;
}

const NETWORK_LANE_ID = /^r(.+)_s(\d+)_l(-?\d+)$/;

/** The road, section index and OpenDRIVE lane of one of our lane ids (networkLaneId's inverse); null for other ids. */
export function parseNetworkLaneId(id: string): { roadId: string; sectionIndex: number; laneId: number } | null {
  const m = NETWORK_LANE_ID.exec(id);
  return m === null ? null : { roadId: m[1], sectionIndex: Number(m[2]), laneId: Number(m[3]) };
}

/**
 * Road s of lane s `laneS` on OpenDRIVE lane `laneId` of `section` (right lanes run with s, left lanes
 * against it), within the road; exact on straight roads, off by the lane's offset ratio on curves.
 */
export function roadSOfLaneS(road: OdRoad, section: OdLaneSection, laneId: number, laneS: number): number {
  return Math.min(Math.max(laneId < 0 ? section.s + laneS : section.sEnd - laneS, 0), road.length);
}

function speedLimit(road: OdRoad, section: OdLaneSection, lane: OdLane): number {
  if (lane.speeds.length > 0) return lane.speeds[0].maxMps;
  let type: OdRoad['types'][number] | null = null;
  for (const t of road.types) if (t.s <= section.s + 1e-9) type = t;
  type ??= road.types[0] ?? null;
  if (type?.maxSpeedMps !== null && type?.maxSpeedMps !== undefined) return type.maxSpeedMps;
  return DEFAULT_SPEED_MPS[type?.type ?? ''] ?? FALLBACK_SPEED_MPS;
}

/** The marking along lane `laneId`'s outer border; `sink` set: warn when its type changes along the section. */
function marking(section: OdLaneSection, laneId: number, sink: IssueSink | null): MarkingKind {
  const lane = section.lanes.find((l) => l.id === laneId);
  if (lane === undefined || lane.roadMarks.length === 0) return 'none';
  const kinds = lane.roadMarks.map((m) => MARKINGS[m.type] ?? 'solid');
  if (sink !== null && kinds.some((k) => k !== kinds[0])) {
    sink.warn(lane.el, `lane ${laneId}: roadMark type changes along the section; using the first ('${lane.roadMarks[0].type}')`);
  }
  return kinds[0];
}

/** One lane to build, before links are known. */
interface LanePart {
  readonly roadId: string;
  readonly sectionIndex: number;
  readonly odLaneId: number;
  readonly lane: Omit<LaneParts, 'leftId' | 'rightId' | 'successorIds' | 'predecessorIds'>;
  readonly el: XmlElement;
}

/** The importable lanes of every section, sampled; warns about skipped types and unusable lanes. */
function laneParts(od: OpenDrive, sink: IssueSink): Map<string, LanePart> {
  const skipped = new Map<string, XmlElement[]>();
  const parts = new Map<string, LanePart>();
  for (const road of od.roads.values()) {
    road.sections.forEach((section, si) => {
      for (const lane of section.lanes) {
        if (lane.id === 0) continue;
        const mapped = LANE_KINDS[lane.type];
        if (mapped === undefined) {
          skipped.set(lane.type, [...(skipped.get(lane.type) ?? []), lane.el]);
          continue;
        }
        const sampled = sampleLane(road, section, lane);
        if (!sampled.ok) {
          sink.warn(lane.el, `road '${road.id}' lane ${lane.id} ${sampled.reason}; lane not imported`);
          continue;
        }
        if (sampled.lane.meanWidthM < MIN_MEAN_WIDTH_M) {
          sink.warn(lane.el, `road '${road.id}' lane ${lane.id} has (almost) zero width in section ${si}; lane not imported`);
          continue;
        }
        parts.set(laneKey(road.id, si, lane.id), {
          roadId: road.id,
          sectionIndex: si,
          odLaneId: lane.id,
          el: lane.el,
          lane: {
            id: networkLaneId(road.id, si, lane.id),
            kind: mapped === 'driving' && road.junction !== null ? 'connector' : mapped,
            points: sampled.lane.points,
            widthM: sampled.lane.meanWidthM,
            ...(sampled.lane.pointWidthsM === null ? {} : { pointWidthsM: sampled.lane.pointWidthsM }),
            speedLimitMps: speedLimit(road, section, lane),
            markingRight: marking(section, lane.id, sink),
            markingLeft: marking(section, lane.id - Math.sign(lane.id), null),
          },
        });
      }
    });
  }
  for (const [type, els] of skipped) {
    const lines = els.slice(0, 5).map((e) => e.line).join(', ') + (els.length > 5 ? ', ...' : '');
    sink.warn(els[0], `lanes of type '${type}' are not imported (${els.length} lane${els.length > 1 ? 's' : ''}; lines ${lines})`);
  }
  return parts;
}

export function buildNetwork(od: OpenDrive, sink: IssueSink): RoadNetwork {
  const parts = laneParts(od, sink);
  const successors = new Map<string, string[]>();
  const predecessors = new Map<string, string[]>();
  for (const link of collectLaneLinks(od, sink)) {
    const from = parts.get(link.fromKey)?.lane.id;
    const to = parts.get(link.toKey)?.lane.id;
    if (from === undefined || to === undefined) continue; // one side is a lane type we skip
    successors.set(from, [...(successors.get(from) ?? []), to]);
    predecessors.set(to, [...(predecessors.get(to) ?? []), from]);
  }
  const lanes: Lane[] = [];
  const dropped = new Set<string>();
  for (const p of parts.values()) {
    const sign = Math.sign(p.odLaneId);
    const neighbour = (odLaneId: number): string | null => {
      const other = parts.get(laneKey(p.roadId, p.sectionIndex, odLaneId));
      // Only same-kind lanes are neighbours: lane changes onto a shoulder or sidewalk are not traffic.
      return other !== undefined && Math.sign(odLaneId) === sign && other.lane.kind === p.lane.kind ? other.lane.id : null;
    };
    try {
      lanes.push(
        makeLane({
          ...p.lane,
          leftId: neighbour(p.odLaneId - sign),
          rightId: neighbour(p.odLaneId + sign),
          successorIds: successors.get(p.lane.id) ?? [],
          predecessorIds: predecessors.get(p.lane.id) ?? [],
        }),
      );
    } catch (err) {
      // A folded centreline (e.g. a jump in the planView): report it, keep the rest of the map.
      sink.warn(p.el, `road '${p.roadId}' lane ${p.odLaneId}: centreline is not a valid polyline (${(err as Error).message}); lane not imported`);
      dropped.add(p.lane.id);
    }
  }
  // Links and neighbours into dropped lanes go too, so the lane graph stays closed.
  const alive = (id: string | null): string | null => (id !== null && dropped.has(id) ? null : id);
  const kept = dropped.size === 0 ? lanes : lanes.map((l) => ({
    ...l,
    leftId: alive(l.leftId),
    rightId: alive(l.rightId),
    successorIds: l.successorIds.filter((id) => !dropped.has(id)),
    predecessorIds: l.predecessorIds.filter((id) => !dropped.has(id)),
  }));
  if (kept.length === 0) sink.error(null, 'no lane of an importable type (driving, shoulder, sidewalk, ...) in the file');
  sink.throwIfErrors();
  return makeNetwork(`opendrive:${od.file}`, kept);
}
