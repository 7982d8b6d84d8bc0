/**
 * Spec paths as the server writes them in errors (`actors[2].start.s`) and as YAML document paths
 * (['actors', 2, 'start', 's']), and which form field an error belongs to: the field with the
 * longest path that is the error's path or a prefix of it. Pure, tested without a DOM.
 */
export type DocPath = readonly (string | number)[];

export function pathString(path: DocPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** The field path an error path is shown next to, or null when no field covers it. */
export function fieldForError(errorPath: string, fieldPaths: readonly string[]): string | null {
  let best: string | null = null;
  for (const f of fieldPaths) {
    const covers = errorPath === f || errorPath.startsWith(`${f}.`) || errorPath.startsWith(`${f}[`);
    if (covers && (best === null || f.length > best.length)) best = f;
  }
  return best;
}
