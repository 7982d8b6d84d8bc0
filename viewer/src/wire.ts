/**
 * The JSON the viewer reads from the server. The road, scene and track documents are typed once,
 * in api/server/viewer/wire-types.ts (types only: nothing of the server is bundled); the smaller
 * documents below mirror theirs.
 */
export type {
  HandleJson,
  LaneJson,
  MapMaterial,
  RoadGeometryJson,
  SceneAgentJson,
  SceneJson,
  TrackAgentJson,
  TrackJson,
  TriggerRegion,
} from '../../api/server/viewer/wire-types';

export interface RolloutSummaryJson {
  readonly id: string;
  readonly scenario: string;
  readonly seed: number;
  readonly policy: string;
  readonly bytes: number;
}

export interface ScenarioEntryJson {
  readonly name: string;
  readonly origin: 'library' | 'saved';
  readonly summary: { readonly description?: string; readonly road_type?: string } | null;
}

export interface IssueJson {
  readonly path: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

export interface SweepRowJson {
  readonly index: number;
  readonly assigned: Readonly<Record<string, number>>;
  readonly passed: boolean | null;
  readonly collision: boolean;
  readonly minTtcS: number | string | null;
  readonly minHeadwayM: number | string | null;
  readonly score: number | null;
  readonly error: string | null;
}
