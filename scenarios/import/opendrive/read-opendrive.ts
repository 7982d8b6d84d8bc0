/**
 * Entry point of the OpenDRIVE importer: `.xodr` text -> our `RoadNetwork` plus the parsed model
 * (for road/lane positions) and the warnings (unsupported elements, each with its line). Errors
 * (malformed XML, missing required attributes, unknown geometry types, links to unknown roads or
 * lanes) are thrown together as one `ImportError` naming file, line and element.
 *
 * Stages: parseXml (xml-dom.ts) -> parseOpenDrive (parse-opendrive.ts) -> checkRoadLinks and
 * buildNetwork (lane-links.ts, build-network.ts, sample-lane.ts).
 */
import type { RoadNetwork } from '../../../sim/road/types';
import { buildNetwork } from './build-network';
import { type ImportIssue, IssueSink } from './import-issue';
import { checkRoadLinks } from './lane-links';
import type { OpenDrive } from './od-types';
import { parseOpenDrive } from './parse-opendrive';
import { parseXml } from './xml-dom';

export interface OpenDriveImport {
  readonly network: RoadNetwork;
  /** The parsed file, for `roadPositionToWorld` / `lanePositionToWorld`. */
  readonly od: OpenDrive;
  readonly warnings: readonly ImportIssue[];
}

/** Imports an OpenDRIVE document; `file` names it in messages. Throws `ImportError`. */
export function readOpenDrive(xmlText: string, file: string): OpenDriveImport {
  const sink = new IssueSink(file);
  const od = parseOpenDrive(parseXml(xmlText, file), sink);
  sink.throwIfErrors();
  checkRoadLinks(od, sink);
  sink.throwIfErrors();
  const network = buildNetwork(od, sink);
  return { network, od, warnings: sink.warnings };
}
