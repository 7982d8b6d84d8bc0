/**
 * Where a parsed spec came from: its file and a locator from document paths to line:col. The
 * parser registers it against the spec object, so `resolveSpec` can point its errors at lines
 * without the caller passing it along. A spec built in code has no source: positions are 0:0.
 */
import { UNKNOWN_POSITION_LOCATOR, type Locator } from './errors';

export interface SpecSource {
  readonly file: string;
  readonly format: 'yaml' | 'json';
  readonly locate: Locator;
}

const sources = new WeakMap<object, SpecSource>();

export function registerSource(spec: object, source: SpecSource): void {
  sources.set(spec, source);
}

export function sourceOf(spec: object, fallbackFile = '<spec>'): SpecSource {
  return sources.get(spec) ?? { file: fallbackFile, format: 'yaml', locate: UNKNOWN_POSITION_LOCATOR };
}
