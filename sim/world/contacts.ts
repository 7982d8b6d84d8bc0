/**
 * Every pair of agents whose boxes touch in one world state (ego included), found with the spatial
 * hash grid so the cost grows with the number of agents, not with their pairs. The ego's collisions
 * are scored by the metrics; contacts between actors are a diagnostic of the traffic model (a sound
 * IDM/MOBIL flow has none) and are recorded in rollouts for that reason.
 */
import { CollisionGrid } from '../collision/spatial-grid';
import type { World } from '../types';

export interface Contact {
  readonly a: string;
  readonly b: string;
}

export function findContacts(world: World, grid: CollisionGrid = new CollisionGrid()): Contact[] {
  grid.clear();
  const ids: string[] = [world.ego.id];
  grid.insert(world.ego.pose, world.ego.size);
  for (const a of world.actors) {
    if (!a.active) continue;
    ids.push(a.id);
    grid.insert(a.pose, a.size);
  }
  return grid.pairs().map(([i, j]) => ({ a: ids[i], b: ids[j] }));
}
