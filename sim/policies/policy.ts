/**
 * A driving policy maps an observation to the ego's action. Built-in policies run in-process and may
 * read the privileged world state; external ones (HTTP, ONNX) see only what the observation carries.
 */
import type { RoadNetwork } from '../road/types';
import type { VehicleAction, World } from '../types';
import type { SimRuntime } from '../world/runtime';

export interface Observation {
  readonly world: World;
  readonly road: RoadNetwork;
  readonly dtS: number;
}

export interface Policy {
  readonly name: string;
  act(obs: Observation): VehicleAction;
}

export type PolicyFactory = (rt: SimRuntime) => Policy;
