/**
 * Entry point of the OpenSCENARIO 1.x importer: `.xosc` text -> one of our scenario specs (a plain
 * document, as YAML would give), the warnings (each with its line) and a locator from spec paths to
 * the `.xosc` lines they came from, so later errors (an unknown lane, a bad expression) point into
 * the file the user wrote. Errors that would change the scenario's meaning are thrown together as
 * one `ImportError`; what is approximated or ignored is a warning.
 *
 * Stages: parameters (osc-parameters) -> catalogs -> road (the .xodr via the OpenDRIVE importer;
 * the spec keeps a reference to it) -> entities -> Init -> Stories (actions) -> the ego's plan
 * (its own actions, timed: osc-ego-story) -> triggers -> actors and events -> every element
 * nobody read is reported.
 */
import { dirname, relative, resolve, sep } from 'node:path';
import type { Locator, PathSegment } from '../../errors';
import { formatPath } from '../../errors';
import { CURRENT_FORMAT_VERSION } from '../../spec-defaults';
import { ImportError, type ImportIssue } from '../opendrive/import-issue';
import { loadOpenDriveFile, OpenDriveFileError } from '../opendrive/load-opendrive-file';
import { parseXml, type XmlElement } from '../opendrive/xml-dom';
import { buildAgents, timedPoints, type SpecObject } from './build-actors';
import type { EntityTrack } from './osc-actions';
import { OscCatalogs } from './osc-catalogs';
import { OscContext, type OscEntity } from './osc-context';
import { reportGapKeepingStarts } from './osc-distance';
import { planEgo } from './osc-ego-story';
import { entityId, readEntities } from './osc-entities';
import { readInit } from './osc-init';
import { OscParameters } from './osc-parameters';
import { OscSink } from './osc-sink';
import { aheadOfAnchor } from './osc-relative-trajectory';
import { readStories, translateStories } from './osc-story';
import { UNHANDLED_REASONS } from './unhandled';

export interface OpenScenarioOptions {
  /** The entity to make the ego (default: the one named Ego). */
  readonly ego?: string;
  /** Simulated time when the StopTrigger is not a plain time condition, s. */
  readonly durationS?: number;
  /** Folder the spec will be written to; the .xodr reference is made relative to it (default: the .xosc's). */
  readonly specDir?: string;
}

export interface OpenScenarioImport {
  /** The spec document (what parseSpecText would read from its YAML). */
  readonly spec: SpecObject;
  readonly warnings: readonly ImportIssue[];
  /** Spec path -> line:col of the .xosc element it came from. */
  readonly locate: Locator;
  /** Absolute path of the referenced .xodr. */
  readonly xodrPath: string;
}

export const DEFAULT_DURATION_S = 30;

function specName(file: string): string {
  const base = file.split(/[\\/]/).pop()?.replace(/\.xosc$/i, '') ?? 'scenario';
  return base.toLowerCase().replace(/[^a-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '') || 'scenario';
}

/** Imports `.xosc` text; `file` names it in messages and locates relative paths (catalogs, .xodr). */
export function readOpenScenario(xmlText: string, file: string, options: OpenScenarioOptions = {}): OpenScenarioImport {
  const sink = new OscSink(file);
  const root = parseXml(xmlText, file);
  const fail = (at: XmlElement | null, message: string): never => {
    sink.error(at, message);
    throw new ImportError(sink.issues);
  };
  if (root.name !== 'OpenSCENARIO') fail(root, `the root element is <${root.name}>, not <OpenSCENARIO>`);
  const baseDir = dirname(resolve(file));
  const header = root.children.find((c) => c.name === 'FileHeader');
  if (header !== undefined && header.attrs.revMajor !== undefined && header.attrs.revMajor !== '1') {
    sink.warn(header, `OpenSCENARIO ${header.attrs.revMajor}.${header.attrs.revMinor ?? 0}: the importer reads 1.x; elements it does not know are reported`);
  }
  const storyboard = root.children.find((c) => c.name === 'Storyboard') ?? null;
  if (storyboard === null) fail(root, root.children.some((c) => c.name === 'ParameterValueDistribution') ? 'this is a parameter variation file (ParameterValueDistribution), not a scenario; import the scenario it names' : 'the file has no <Storyboard>');

  const entityNames = new Set(root.children.filter((c) => c.name === 'Entities').flatMap((e) => e.children.map((c) => c.attrs.name ?? '')));
  const params = new OscParameters(sink, new Set([...entityNames].map((n) => entityId(n, new Set()))));
  const rootDecls = root.children.filter((c) => c.name === 'ParameterDeclarations');
  params.declareRoot(rootDecls.flatMap((d) => d.children.filter((c) => c.name === 'ParameterDeclaration')));
  const catalogs = new OscCatalogs(sink, params);

  const logic = root.children.find((c) => c.name === 'RoadNetwork')?.children.find((c) => c.name === 'LogicFile') ?? null;
  const xodrRel = logic === null ? null : params.str(logic, 'filepath');
  if (xodrRel === null) fail(logic, 'the scenario names no road (RoadNetwork/LogicFile filepath): our scenarios need an OpenDRIVE road');
  const xodrPath = resolve(baseDir, xodrRel as string);
  let od;
  try {
    od = loadOpenDriveFile(xodrPath);
  } catch (error) {
    if (error instanceof OpenDriveFileError) fail(logic, `RoadNetwork/LogicFile: ${error.message}`);
    if (error instanceof ImportError) throw new ImportError([...sink.issues, ...error.issues]);
    throw error;
  }
  const ctx = new OscContext(sink, params, catalogs, od.od, od.network);
  for (const el of [root, storyboard as XmlElement, ...rootDecls]) ctx.use(el);
  for (const d of rootDecls) ctx.useTree(d);
  ['FileHeader', 'RoadNetwork'].forEach((n) => root.children.filter((c) => c.name === n).forEach((c) => ctx.use(c)));
  if (logic !== null) ctx.use(logic);
  catalogs.load(root.children.find((c) => c.name === 'CatalogLocations') ?? null, baseDir, (el) => ctx.use(el));
  readEntities(ctx, root.children.find((c) => c.name === 'Entities') ?? null, options.ego);
  sink.throwIfErrors();

  const tracks = new Map<string, EntityTrack>();
  const inits = readInit(ctx, ctx.child(storyboard as XmlElement, 'Init'), tracks);
  const taken = new Set<string>(['ego', ...[...ctx.entities.values()].map((e) => e.id)]);
  const startsWalking = new Map<OscEntity, number>();
  const events = readStories(ctx, storyboard as XmlElement, tracks, inits, taken, startsWalking);

  // Duration: the storyboard's StopTrigger when it is a plain time condition.
  const stop = ctx.child(storyboard as XmlElement, 'StopTrigger');
  let durationS = options.durationS ?? null;
  const stopCond = stop?.children.length === 1 && stop.children[0].children.length === 1 ? stop.children[0].children[0] : null;
  const timeCond = stopCond?.children[0]?.children[0];
  if (stop !== null) ctx.useTree(stop);
  if (durationS === null && timeCond?.name === 'SimulationTimeCondition' && ['greaterThan', 'greaterOrEqual'].includes(timeCond.attrs.rule ?? '')) {
    durationS = (params.num(timeCond, 'value')?.value ?? 0) + (stopCond === null ? 0 : (params.num(stopCond, 'delay')?.value ?? 0));
  }
  if (durationS === null) {
    durationS = DEFAULT_DURATION_S;
    sink.warn(stop ?? storyboard, `the run lasts ${DEFAULT_DURATION_S} s: ${stop === null || stop.children.length === 0 ? 'the storyboard has no StopTrigger' : 'its StopTrigger is not a plain simulation-time condition (our runs have a fixed duration)'}; choose another with --duration`);
  }
  durationS = Math.max(0.1, Math.ceil(durationS * 10 - 1e-9) / 10);

  // The ego's own actions shape its plan; their events' durations are known after this.
  const egoPlan = planEgo(ctx, inits, events, tracks, durationS);
  for (const ev of events) {
    for (const f of ev.follows) {
      const pts = timedPoints(ctx, f.trajectory, f.speedMps, 0, f.trajectory.el);
      if (pts === null) continue;
      if (f.relativeTo === null) f.action.waypoints = pts;
      else {
        f.action.relative_to = f.relativeTo.entity.id;
        f.action.waypoints = aheadOfAnchor(ctx.network, f.relativeTo, pts);
      }
      ev.durationS = Math.max(ev.durationS, pts[pts.length - 1].t);
    }
    for (const w of ev.walks) {
      if (w.trajectory.times === null && w.speedMps > 0) ev.durationS = Math.max(ev.durationS, timedPoints(ctx, w.trajectory, w.speedMps, 0, w.trajectory.el)?.at(-1)?.t ?? 0);
    }
  }
  const placed = (e: { name: string }) => inits.get(e.name)?.position ?? null;
  reportGapKeepingStarts(ctx, inits, events, placed, durationS);
  const helpers = translateStories(ctx, events, { ctx, placed });
  const agents = buildAgents(ctx, inits, events, egoPlan, startsWalking);

  const paths = new Map<string, XmlElement>();
  const at = (path: PathSegment[], el: XmlElement | null): void => {
    if (el !== null) paths.set(formatPath(path), el);
  };
  const specEvents: SpecObject[] = [];
  for (const e of agents.initEvents) {
    at(['events', specEvents.length], e.el);
    specEvents.push(e.spec);
  }
  for (const h of helpers) {
    at(['events', specEvents.length], h.el);
    specEvents.push({ id: h.id, when: h.when, actions: [] });
  }
  for (const ev of events) {
    if (ev.when === undefined) continue;
    at(['events', specEvents.length], ev.el);
    if (ev.trigger !== null) at(['events', specEvents.length, 'when'], ev.trigger);
    specEvents.push({ id: ev.id, when: ev.when, actions: ev.actions });
  }
  const specDir = options.specDir ?? baseDir;
  const description = [header?.attrs.description, `Imported from ${file.split(/[\\/]/).pop()} (OpenSCENARIO ${header?.attrs.revMajor ?? '1'}.${header?.attrs.revMinor ?? 'x'}) by dreamdrive import.`].filter(Boolean).join('. ');
  const spec: SpecObject = {
    version: CURRENT_FORMAT_VERSION,
    name: specName(file),
    description,
    ...(params.specParameters.size > 0 ? { parameters: Object.fromEntries(params.specParameters) } : {}),
    ...(params.constraints.length > 0 ? { constraints: params.constraints } : {}),
    duration: durationS,
    road: { type: 'opendrive', file: relative(specDir, xodrPath).split(sep).join('/') },
    ...(agents.ego === null ? {} : { ego: agents.ego }),
    actors: agents.actors.map((a) => a.spec),
    events: specEvents,
  };
  const ego = [...ctx.entities.values()].find((e) => e.isEgo);
  at(['ego'], ego?.el ?? null);
  agents.actors.forEach((a, i) => at(['actors', i], a.el));
  at(['road'], logic);
  for (const d of rootDecls.flatMap((x) => x.children)) {
    const name = d.attrs.name === undefined ? null : params.specNameOf(d.attrs.name);
    if (name !== null) at(['parameters', name], d);
  }

  ctx.reader.reportUnhandled(root, UNHANDLED_REASONS);
  sink.throwIfErrors();
  const locate: Locator = (path) => {
    for (let n = path.length; n >= 0; n--) {
      const el = paths.get(formatPath(path.slice(0, n)));
      if (el !== undefined) return { line: el.line, col: el.col };
    }
    return { line: root.line, col: root.col };
  };
  // Warnings come out in file order, whatever stage found them.
  const warnings = [...sink.warnings].sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  return { spec, warnings, locate, xodrPath };
}
