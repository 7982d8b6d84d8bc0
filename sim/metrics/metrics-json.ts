/**
 * JSON for metric results. JSON has no Infinity (JSON.stringify silently writes null, which reads
 * back as "missing"), yet Infinity is a legal metric value: min_ttc with no conflict, min_headway
 * with no leader, collision_time without a collision. We write the strings "Infinity" and
 * "-Infinity", which say what they mean and read back exactly with `metricsFromJson`. NaN is never
 * a metric value, so writing one is a bug and throws. (Protobuf doubles carry Infinity natively.)
 */

const POSITIVE = 'Infinity';
const NEGATIVE = '-Infinity';

/** Id fields hold names, never numbers: their strings are never turned into Infinity. */
function isIdKey(key: string): boolean {
  return key.endsWith('Id') || key === 'version';
}

/** JSON text of a RolloutMetrics, StepMetrics or an array of them, with Infinity as "Infinity". */
export function metricsToJson(value: unknown, space?: number): string {
  return JSON.stringify(
    value,
    (key: string, v: unknown) => {
      if (typeof v !== 'number' || Number.isFinite(v)) return v;
      if (Number.isNaN(v)) throw new RangeError(`metricsToJson: '${key}' is NaN, which no metric may be`);
      return v > 0 ? POSITIVE : NEGATIVE;
    },
    space,
  );
}

/** Parses metricsToJson's output, turning "Infinity" / "-Infinity" back into numbers. */
export function metricsFromJson<T = unknown>(text: string): T {
  return JSON.parse(text, (key: string, v: unknown) => {
    if (isIdKey(key)) return v;
    if (v === POSITIVE) return Infinity;
    if (v === NEGATIVE) return -Infinity;
    return v;
  }) as T;
}
