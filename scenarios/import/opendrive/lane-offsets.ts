/**
 * Lateral positions of lanes in road coordinates. t is measured left of the reference line; the
 * centre lane sits at t = laneOffset(s); lane k (k > 0 left, k < 0 right) spans from its inner
 * border (the outer border of lane k -/+ 1) to its outer border, whose distance from the centre
 * lane is the sum of the widths of lanes 1..|k| on that side (or the lane's own <border> record).
 * Each record is a cubic a + b ds + c ds^2 + d ds^3 in ds = s - sSection - sOffset (laneOffset:
 * ds = s - sOffset). Reference: ASAM OpenDRIVE 1.8, sections 11.4-11.5.
 */
import type { CubicRecord, OdLane, OdLaneSection, OdRoad } from './od-types';

/** A value and its derivative d/ds. */
export interface ValueRate {
  readonly value: number;
  readonly rate: number;
}

const ZERO: ValueRate = { value: 0, rate: 0 };

/** The record in force at `ds` (the last starting at or before it; the first before any). */
export function evalCubic(records: readonly CubicRecord[], ds: number): ValueRate {
  if (records.length === 0) return ZERO;
  let rec = records[0];
  for (const r of records) if (r.sOffset <= ds) rec = r;
  const x = ds - rec.sOffset;
  return { value: rec.a + x * (rec.b + x * (rec.c + x * rec.d)), rate: rec.b + x * (2 * rec.c + 3 * x * rec.d) };
}

export function laneOffsetAt(road: OdRoad, s: number): ValueRate {
  return evalCubic(road.laneOffsets, s);
}

/** Index of the lane section that covers road s (the last starting at or before s). */
export function sectionIndexAt(road: OdRoad, s: number): number {
  let index = 0;
  road.sections.forEach((sec, i) => {
    if (sec.s <= s) index = i;
  });
  return index;
}

/** Width of `lane` at road s, m (never negative: a negative polynomial means a closed lane). */
export function laneWidthAt(section: OdLaneSection, lane: OdLane, s: number): ValueRate {
  const w = evalCubic(lane.widths, s - section.s);
  return w.value > 0 ? w : ZERO;
}

/**
 * Distance of lane `laneId`'s outer border from the centre lane at road s (>= 0) and its rate.
 * Lanes with <border> records instead of widths use them directly.
 */
export function outerBorderAt(section: OdLaneSection, laneId: number, s: number): ValueRate {
  const sign = Math.sign(laneId);
  let value = 0;
  let rate = 0;
  for (let k = 1; k <= Math.abs(laneId); k++) {
    const lane = section.lanes.find((l) => l.id === sign * k);
    if (lane === undefined) continue;
    if (lane.widths.length === 0 && lane.borders.length > 0) {
      const b = evalCubic(lane.borders, s - section.s);
      value = Math.abs(b.value);
      rate = Math.sign(b.value) * b.rate;
    } else {
      const w = laneWidthAt(section, lane, s);
      value += w.value;
      rate += w.rate;
    }
  }
  return { value, rate };
}

/**
 * Road t of a point across lane `laneId`: fraction 0 on its inner border, 0.5 on its centre, 1 on
 * its outer border; laneId 0 gives the centre lane (the laneOffset line).
 */
export function laneT(road: OdRoad, section: OdLaneSection, laneId: number, s: number, fraction: number): ValueRate {
  const offset = laneOffsetAt(road, s);
  if (laneId === 0) return offset;
  const sign = Math.sign(laneId);
  const inner = outerBorderAt(section, laneId - sign, s);
  const outer = outerBorderAt(section, laneId, s);
  const mag = inner.value + fraction * (outer.value - inner.value);
  const magRate = inner.rate + fraction * (outer.rate - inner.rate);
  return { value: offset.value + sign * mag, rate: offset.rate + sign * magRate };
}
