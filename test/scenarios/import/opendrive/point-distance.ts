/** Distance from a point to a polyline (brute force over segments; for tests only). */
import type { Polyline } from '../../../../sim/geometry/polyline';

export function distanceToPolylineM(line: Polyline, x: number, y: number): number {
  let best = Infinity;
  for (let i = 0; i + 1 < line.xs.length; i++) {
    const ax = line.xs[i];
    const ay = line.ys[i];
    const dx = line.xs[i + 1] - ax;
    const dy = line.ys[i + 1] - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    best = Math.min(best, Math.hypot(ax + t * dx - x, ay + t * dy - y));
  }
  return best;
}
