/**
 * OpenSCENARIO catalogs: `CatalogLocations/<Kind>Catalog/Directory path` folders (relative to the
 * scenario file) whose `.xosc` files each hold one `<Catalog name>` of entries (Vehicle, Pedestrian,
 * MiscObject, Controller, Trajectory, ...). A `CatalogReference catalogName entryName` resolves to
 * the entry element; its ParameterAssignments are returned for the caller to scope.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ImportError } from '../opendrive/import-issue';
import { parseXml, type XmlElement } from '../opendrive/xml-dom';
import type { OscParameters } from './osc-parameters';
import type { OscSink } from './osc-sink';

export interface CatalogEntry {
  readonly entry: XmlElement;
  readonly assignments: ReadonlyMap<string, { raw: string; el: XmlElement }>;
}

/** Catalog files over this size are not scenario catalogs; refuse them rather than stall. */
const MAX_CATALOG_BYTES = 16 * 1024 * 1024;

export class OscCatalogs {
  /** catalog name -> entry name -> entry element */
  private readonly catalogs = new Map<string, Map<string, XmlElement>>();

  constructor(
    private readonly sink: OscSink,
    private readonly params: OscParameters,
  ) {}

  /** Loads every catalog directory the scenario names; `baseDir` is the scenario file's folder. */
  load(locations: XmlElement | null, baseDir: string, use: (el: XmlElement) => void): void {
    if (locations === null) return;
    use(locations);
    for (const kind of locations.children) {
      use(kind);
      for (const dir of kind.children.filter((c) => c.name === 'Directory')) {
        use(dir);
        const path = this.params.str(dir, 'path');
        if (path === null) {
          this.sink.error(dir, '<Directory> is missing the attribute \'path\'');
          continue;
        }
        this.loadDirectory(resolve(baseDir, path), dir, path);
      }
    }
  }

  /** The entry a CatalogReference names, or null (reported). */
  resolve(ref: XmlElement): CatalogEntry | null {
    const catalogName = this.params.str(ref, 'catalogName');
    const entryName = this.params.str(ref, 'entryName');
    if (catalogName === null || entryName === null) {
      this.sink.error(ref, '<CatalogReference> needs catalogName and entryName');
      return null;
    }
    const catalog = this.catalogs.get(catalogName);
    if (catalog === undefined) {
      const known = [...this.catalogs.keys()];
      this.sink.error(ref, `unknown catalog '${catalogName}' (${known.length > 0 ? `loaded: ${known.join(', ')}` : 'no catalog was loaded: check CatalogLocations'})`);
      return null;
    }
    const entry = catalog.get(entryName);
    if (entry === undefined) {
      this.sink.error(ref, `catalog '${catalogName}' has no entry '${entryName}' (entries: ${[...catalog.keys()].join(', ')})`);
      return null;
    }
    const assignments = new Map<string, { raw: string; el: XmlElement }>();
    for (const list of ref.children.filter((c) => c.name === 'ParameterAssignments')) {
      for (const a of list.children.filter((c) => c.name === 'ParameterAssignment')) {
        const name = a.attrs.parameterRef;
        const raw = a.attrs.value;
        if (name === undefined || raw === undefined) this.sink.error(a, '<ParameterAssignment> needs parameterRef and value');
        else assignments.set(name.replace(/^\$/, ''), { raw, el: a });
      }
    }
    return { entry, assignments };
  }

  private loadDirectory(dir: string, at: XmlElement, shown: string): void {
    let files: string[];
    try {
      files = readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.xosc')).sort();
    } catch (error) {
      this.sink.warn(at, `catalog directory '${shown}' cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); references into it will fail`);
      return;
    }
    for (const f of files) {
      const path = join(dir, f);
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        this.sink.warn(at, `catalog file '${path}' cannot be read: ${(error as Error).message}`);
        continue;
      }
      if (text.length > MAX_CATALOG_BYTES) {
        this.sink.warn(at, `catalog file '${path}' is larger than ${MAX_CATALOG_BYTES / 2 ** 20} MB; skipped`);
        continue;
      }
      let root: XmlElement;
      try {
        root = parseXml(text, path);
      } catch (error) {
        if (!(error instanceof ImportError)) throw error;
        this.sink.issues.push(...error.issues);
        continue;
      }
      this.sink.registerFile(root, path);
      for (const catalog of root.children.filter((c) => c.name === 'Catalog')) {
        const name = catalog.attrs.name ?? '';
        const entries = this.catalogs.get(name) ?? new Map<string, XmlElement>();
        for (const entry of catalog.children) {
          if (entry.attrs.name !== undefined) entries.set(entry.attrs.name, entry);
        }
        this.catalogs.set(name, entries);
      }
    }
  }
}
