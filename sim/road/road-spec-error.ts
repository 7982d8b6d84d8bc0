/**
 * The one error the road builders throw for bad options. `field` is the option's name, so the
 * scenario parser can point at `road.<field>` in the document and its line.
 */
export class RoadSpecError extends Error {
  override readonly name = 'RoadSpecError';

  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`road.${field} ${detail}`);
  }
}

/** Throws unless value is a finite number > 0. */
export function requirePositive(field: string, value: number): void {
  if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    throw new RoadSpecError(field, `must be a finite number > 0 (got ${String(value)})`);
  }
}

/** Throws unless value is a finite number >= 0. */
export function requireNonNegative(field: string, value: number): void {
  if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
    throw new RoadSpecError(field, `must be a finite number >= 0 (got ${String(value)})`);
  }
}

/** Throws unless value is an integer in [min, max]. */
export function requireInteger(field: string, value: number, min: number, max: number): void {
  if (!(Number.isInteger(value) && value >= min && value <= max)) {
    throw new RoadSpecError(field, `must be an integer from ${min} to ${max} (got ${String(value)})`);
  }
}
