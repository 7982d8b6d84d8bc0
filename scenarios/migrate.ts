/**
 * Format-version migration. Old specs are upgraded one version at a time, never refused, and every
 * change is reported as a warning so the author can update the file. Pure: returns a new document.
 *
 * Version 1 differed from 2 by: `format: 1` for `version`, `road.kind` for `road.type`,
 * `actors[].behavior` (US spelling) for `behaviour`, and `pass_if` for `criteria`.
 */
import { didYouMean } from './did-you-mean';
import type { PathSegment } from './errors';
import { CURRENT_FORMAT_VERSION } from './spec-defaults';
import { isPlainObject } from './validate-schema';

export interface MigrationChange {
  readonly path: readonly PathSegment[];
  readonly message: string;
}

export type MigrationResult =
  | { readonly ok: true; readonly doc: Record<string, unknown>; readonly fromVersion: number; readonly changes: readonly MigrationChange[] }
  | { readonly ok: false; readonly path: readonly PathSegment[]; readonly message: string };

interface MigrationStep {
  readonly from: number;
  readonly migrate: (doc: Record<string, unknown>) => { doc: Record<string, unknown>; changes: MigrationChange[] };
}

/** Keys renamed by migrations, new name -> old name; the locator uses them to find the old key. */
export const RENAMED_KEYS: Readonly<Record<string, string>> = {
  version: 'format',
  type: 'kind',
  behaviour: 'behavior',
  criteria: 'pass_if',
};

function renameKey(obj: Record<string, unknown>, from: string, to: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) out[key === from ? to : key] = value;
  return out;
}

const v1ToV2: MigrationStep = {
  from: 1,
  migrate(input) {
    const changes: MigrationChange[] = [];
    let doc = renameKey(input, 'format', 'version');
    doc.version = 2;
    changes.push({ path: ['format'], message: "migrated from format version 1: write 'version: 2' instead of 'format: 1'" });
    if (isPlainObject(doc.road) && 'kind' in doc.road) {
      doc.road = renameKey(doc.road, 'kind', 'type');
      changes.push({ path: ['road', 'kind'], message: "migrated from format version 1: 'kind' is now 'type'" });
    }
    if (Array.isArray(doc.actors)) {
      doc.actors = doc.actors.map((actor: unknown, index) => {
        if (!isPlainObject(actor) || !('behavior' in actor)) return actor;
        changes.push({ path: ['actors', index, 'behavior'], message: "migrated from format version 1: 'behavior' is now 'behaviour'" });
        return renameKey(actor, 'behavior', 'behaviour');
      });
    }
    if ('pass_if' in doc) {
      doc = renameKey(doc, 'pass_if', 'criteria');
      changes.push({ path: ['pass_if'], message: "migrated from format version 1: 'pass_if' is now 'criteria'" });
    }
    return { doc, changes };
  },
};

const STEPS: readonly MigrationStep[] = [v1ToV2];
const OLDEST_VERSION = 1;

/** Which format version a document declares: `version: N`, or `format: N` in version 1. */
function declaredVersion(doc: Record<string, unknown>): { version: unknown; key: string } | undefined {
  if ('version' in doc) return { version: doc.version, key: 'version' };
  if ('format' in doc) return { version: doc.format, key: 'format' };
  return undefined;
}

/** Upgrades `doc` to the current format version, recording each change. */
export function migrate(doc: Record<string, unknown>): MigrationResult {
  const declared = declaredVersion(doc);
  if (declared === undefined) {
    const hint = didYouMean('version', Object.keys(doc));
    return { ok: false, path: [], message: `missing 'version' (the current format is version ${CURRENT_FORMAT_VERSION})${hint}` };
  }
  const { version, key } = declared;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < OLDEST_VERSION || version > CURRENT_FORMAT_VERSION) {
    const shown = typeof version === 'string' ? `'${version}'` : String(version);
    const message = `unsupported format version ${shown} (this dreamdrive reads versions ${OLDEST_VERSION} to ${CURRENT_FORMAT_VERSION})`;
    return { ok: false, path: [key], message };
  }
  if (key === 'format' && version === CURRENT_FORMAT_VERSION) {
    return { ok: false, path: ['format'], message: `'format' was replaced by 'version' in version 2; write 'version: ${CURRENT_FORMAT_VERSION}'` };
  }
  let current = doc;
  const changes: MigrationChange[] = [];
  for (const step of STEPS) {
    if (step.from < version) continue;
    const result = step.migrate(current);
    current = result.doc;
    changes.push(...result.changes);
  }
  return { ok: true, doc: current, fromVersion: version, changes };
}
