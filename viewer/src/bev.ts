/**
 * The bird's-eye view: deck.gl in an orthographic view (x east, y north, 1 unit = 1 m).
 *
 * Built for long rollouts in software WebGL, where a frame costs about the triangles it draws
 * (see bev-data.ts). Three layers, with fixed ids, of binary data: the road, cut into tiles once
 * per scene and re-selected (and uploaded) only when the view reaches new tiles; the trigger
 * regions, fixed per scene unless a circle follows an agent; and one layer of everything that
 * moves (trails, the ego's plan, the agents with outline and heading cue), rebuilt each frame
 * into reused typed arrays from what is in view: a few hundred triangles, one draw call, where
 * separate instanced layers cost several times as much.
 *
 * Two sources of agents: a Track while replaying (`setTrack`, then `setTime` per frame), or a
 * list of agents while authoring (`setFrame`).
 */
import { Deck, OrthographicView, type Layer, type PickingInfo } from '@deck.gl/core';
import { PolygonLayer, ScatterplotLayer, SolidPolygonLayer } from '@deck.gl/layers';
import { boundsContain, inBounds, RoadTiles, trailPoints, TriangleBatch, type BinaryPolygons } from './bev-data';
import { classColour, HANDLE_COLOURS, MATERIAL_COLOURS, PLAN_COLOUR, TRAIL_ALPHA, TRIGGER_FILL, TRIGGER_LINE, type Rgba } from './colours';
import { boxPolygon, growBounds, headingTriangle, triggerPolygon, type Bounds } from './geometry';
import { softwareWebGl } from './gl-probe';
import type { Track } from './track';
import type { HandleJson, MapMaterial, SceneJson, TriggerRegion } from './wire';

export interface BevAgent {
  readonly id: string;
  readonly cls: string;
  readonly behaviour: string;
  readonly x: number;
  readonly y: number;
  readonly yawRad: number;
  readonly speedMps: number;
  readonly lengthM: number;
  readonly widthM: number;
  readonly isEgo: boolean;
}

/** Agents at one time, for authoring (no track, no trails). */
export interface BevFrame {
  readonly agents: readonly BevAgent[];
  readonly timeS: number;
}

export interface BevOptions {
  /** Called while a handle is dragged (done = false) and when it is dropped (done = true). */
  readonly onHandleDrag?: (handle: HandleJson, x: number, y: number, done: boolean) => void;
}

interface ViewState {
  target: [number, number, number];
  zoom: number;
}

/** A trigger region where it holds, as drawn (and picked: the tooltip names its event). */
interface TriggerShape {
  readonly kind: 'trigger';
  readonly region: TriggerRegion;
  readonly polygon: [number, number][];
}

type Picked = { kind: 'agent'; agent: BevAgent } | { kind: 'trigger'; region: TriggerRegion } | { kind: 'handle'; handle: HandleJson };

/** What is drawn as agents: a track at a time (replay) or fixed agents (authoring). */
type Source = { readonly kind: 'track'; readonly track: Track; readonly ids: ReadonlyMap<string, number> } | { readonly kind: 'agents'; readonly agents: readonly BevAgent[] };

/** Trail length, s of history behind each agent. */
export const TRAIL_S = 3;
/** Road tile size, m. */
const TILE_M = 25;
/** The road drawn covers the view grown by this, so it is re-selected after the view moved as far. */
const CULL_MARGIN_M = 20;
/** An agent is drawn when its centre is within this of the view (the longest trucks). */
const AGENT_MARGIN_M = 15;
/** Metres of road shown across the map at the initial zoom. */
const INITIAL_SPAN_M = 90;
const MATERIAL_ORDER: readonly MapMaterial[] = ['shoulder', 'road', 'kerbTop', 'marking'];
const OUTLINE_COLOUR: Rgba = [20, 20, 20, 255];
/** The heading cue is the box colour darkened so (black at alpha 90 over it). */
const HEADING_SHADE = 1 - 90 / 255;
const HANDLE_LINE: Rgba = [0, 0, 0, 255];
/** Widths: trails in metres but at least so many pixels; the plan and the outline in pixels. */
const TRAIL_WIDTH_M = 0.6;
const TRAIL_MIN_PX = 1.5;
const PLAN_PX = 2;
const OUTLINE_PX = 1;

function tooltipHtml(p: Picked): string {
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  if (p.kind === 'agent') {
    const a = p.agent;
    return `<b>${esc(a.id)}</b> (${esc(a.cls)})<br>speed ${a.speedMps.toFixed(1)} m/s (${(a.speedMps * 3.6).toFixed(0)} km/h)<br>behaviour: ${esc(a.behaviour)}`;
  }
  if (p.kind === 'trigger') return `trigger <b>${esc(p.region.eventId)}</b><br><code>${esc(p.region.text)}</code>`;
  const h = p.handle;
  return `${esc(h.kind.replace('_', ' '))} of <b>${esc(h.agentId)}</b>${h.tS === null ? '' : ` at t = ${h.tS} s`}<br>drag to move (${esc(h.path.join('.'))})`;
}

/** deck.gl takes binary data where its types expect an iterable of objects. */
const binary = (data: BinaryPolygons) => data as BinaryPolygons & Iterable<unknown>;

export class BevView {
  readonly deck: Deck<OrthographicView>;
  #scene: SceneJson | null = null;
  #road: RoadTiles | null = null;
  #plan: readonly { readonly x: number; readonly y: number }[] = [];
  /** Half-plane regions (fixed per scene); circles follow their centre agent, so are per frame. */
  #halfPlanes: TriggerShape[] = [];
  #source: Source | null = null;
  #timeS = 0;
  /** The view the road selection was made for, grown by the margin. */
  #culledFor: Bounds | null = null;
  #roadData: BinaryPolygons | null = null;
  /** Everything that moves, rebuilt per frame. */
  readonly #moving = new TriangleBatch();
  #handles: readonly HandleJson[] = [];
  #viewState: ViewState = { target: [0, 0, 0], zoom: 1 };
  #follow = true;
  #dragging = false;
  #container: HTMLDivElement;
  /** performance.now() when the first frame with a scene (road and agents) was drawn, else null. */
  firstSceneDrawMs: number | null = null;
  /** Frames deck.gl has drawn (the browser bench divides it by wall time). */
  framesRendered = 0;

  constructor(container: HTMLDivElement, private readonly options: BevOptions = {}) {
    this.#container = container;
    this.deck = new Deck({
      parent: container,
      deviceProps: { webgl: { antialias: !softwareWebGl() } },
      views: new OrthographicView({ id: 'bev', flipY: false }),
      viewState: this.#viewState,
      controller: { dragPan: true, scrollZoom: true, doubleClickZoom: true },
      onViewStateChange: ({ viewState }) => {
        this.#viewState = viewState as unknown as ViewState;
        // Panning or zooming may bring road and trails that were culled into the view.
        this.#redraw();
      },
      // Marks for the browser bench: when WebGL was ready, when the first full frame was drawn.
      onLoad: () => performance.mark('dreamdrive:webgl-ready'),
      onAfterRender: () => {
        this.framesRendered++;
        if (this.firstSceneDrawMs === null && this.#scene !== null && this.#source !== null) {
          this.firstSceneDrawMs = performance.now();
          performance.mark('dreamdrive:first-frame');
        }
      },
      getTooltip: (info: PickingInfo) => {
        const picked = this.#picked(info);
        return picked === null ? null : { html: tooltipHtml(picked), className: 'tooltip' };
      },
      layers: [],
    });
  }

  get canvas(): HTMLCanvasElement | null {
    return this.#container.querySelector('canvas');
  }

  get follow(): boolean {
    return this.#follow;
  }

  setFollow(on: boolean): void {
    this.#follow = on;
    this.#redraw();
  }

  /** Shows a new scene: road tiles, plan, view fitted around the ego's start; no agents yet. */
  setScene(scene: SceneJson, keepView = false): void {
    this.#scene = scene;
    this.#road = new RoadTiles(MATERIAL_ORDER.map((m) => ({ triangles: scene.road.triangles[m], colour: MATERIAL_COLOURS[m] })), TILE_M);
    this.#plan = scene.egoPlan;
    this.#source = null;
    this.#halfPlanes = this.#shapes(scene.triggers.filter((r) => r.kind === 'half_plane'));
    this.#culledFor = null;
    if (!keepView) {
      const ego = scene.agents[0];
      const width = Math.max(200, this.#container.clientWidth);
      this.#viewState = { target: [ego.x + INITIAL_SPAN_M * 0.3, ego.y, 0], zoom: Math.log2(width / INITIAL_SPAN_M) };
    }
    this.#redraw();
  }

  /** Replays a track (call setTime to draw a time). */
  setTrack(track: Track): void {
    this.#source = { kind: 'track', track, ids: new Map(track.json.agents.map((a, i) => [a.id, i])) };
  }

  /** Draws the track at time t: interpolated poses, and the trails up to them. */
  setTime(timeS: number): void {
    if (this.#source?.kind !== 'track') return;
    this.#timeS = timeS;
    this.#redraw();
  }

  /** Authoring: these agents, as they are (no trails). */
  setFrame(frame: BevFrame): void {
    this.#source = { kind: 'agents', agents: frame.agents };
    this.#timeS = frame.timeS;
    this.#redraw();
  }

  setHandles(handles: readonly HandleJson[]): void {
    this.#handles = handles;
    this.#redraw();
  }

  /** Agent i as drawn now (its interpolated pose while replaying), or null when not on the road. */
  #agent(i: number): BevAgent | null {
    const source = this.#source;
    if (source === null) return null;
    if (source.kind === 'agents') return source.agents[i] ?? null;
    const a = source.track.json.agents[i];
    if (a === undefined) return null;
    const p = source.track.poseAt(this.#timeS, i);
    return p.active ? { ...a, x: p.x, y: p.y, yawRad: p.yawRad, speedMps: p.speedMps, isEgo: i === 0 } : null;
  }

  #agentCount(): number {
    const source = this.#source;
    return source === null ? 0 : source.kind === 'agents' ? source.agents.length : source.track.agentCount;
  }

  #picked(info: PickingInfo): Picked | null {
    if (info.layer?.id === 'moving') {
      const i = this.#moving.agentOf(info.index);
      const agent = i < 0 ? null : this.#agent(i);
      return agent === null ? null : { kind: 'agent', agent };
    }
    return (info.object as Picked | undefined) ?? null;
  }

  /** Where agent `id` is now (a circle trigger's centre). */
  #positionOf(id: string): [number, number] | null {
    const source = this.#source;
    if (source === null) return null;
    const i = source.kind === 'track' ? source.ids.get(id) : source.agents.findIndex((a) => a.id === id);
    const a = i === undefined || i < 0 ? null : this.#agent(i);
    return a === null ? null : [a.x, a.y];
  }

  #shapes(regions: readonly TriggerRegion[]): TriggerShape[] {
    const bounds = this.#scene?.road.bounds;
    if (bounds === undefined) return [];
    const out: TriggerShape[] = [];
    for (const region of regions) {
      const polygon = triggerPolygon(region, bounds, region.kind === 'circle' ? this.#positionOf(region.centreId) : null);
      if (polygon !== null) out.push({ kind: 'trigger', region, polygon });
    }
    return out;
  }

  /** The regions to draw now: the same array while nothing moves, so deck.gl updates nothing. */
  #triggerShapes(): TriggerShape[] {
    const circles = this.#scene?.triggers.filter((r) => r.kind === 'circle') ?? [];
    return circles.length === 0 ? this.#halfPlanes : [...this.#halfPlanes, ...this.#shapes(circles)];
  }

  /** The world rectangle the map shows now. */
  #view(): Bounds {
    const scale = 2 ** this.#viewState.zoom;
    const halfW = Math.max(1, this.#container.clientWidth) / 2 / scale;
    const halfH = Math.max(1, this.#container.clientHeight) / 2 / scale;
    const [x, y] = this.#viewState.target;
    return { minX: x - halfW, maxX: x + halfW, minY: y - halfH, maxY: y + halfH };
  }

  /** The road near the view: re-selected when the view has left what it was selected for. */
  #roadNear(view: Bounds): BinaryPolygons | null {
    if (this.#culledFor === null || !boundsContain(this.#culledFor, view)) {
      this.#culledFor = growBounds(view, CULL_MARGIN_M);
      this.#roadData = this.#road?.select(this.#culledFor) ?? null;
    }
    return this.#roadData;
  }

  /** Trails, plan and agents in view, as triangles, drawn in that order. */
  #buildMoving(view: Bounds): BinaryPolygons {
    const batch = this.#moving;
    batch.begin();
    const mPerPx = 1 / 2 ** this.#viewState.zoom;
    const near = growBounds(view, AGENT_MARGIN_M);
    const source = this.#source;
    if (source?.kind === 'track') {
      const { track } = source;
      const width = Math.max(TRAIL_WIDTH_M, TRAIL_MIN_PX * mPerPx);
      for (let i = 0; i < track.agentCount; i++) {
        const c = classColour(track.json.agents[i].cls, i === 0);
        batch.polyline(trailPoints(track, i, this.#timeS, TRAIL_S, near), width, [c[0], c[1], c[2], TRAIL_ALPHA]);
      }
    }
    const plan = this.#plan;
    for (let k = 0; k + 1 < plan.length; k++) {
      const a = plan[k];
      const b = plan[k + 1];
      // Its bounding box meets the view: sparse waypoints may both lie outside a view they cross.
      if (Math.max(a.x, b.x) >= near.minX && Math.min(a.x, b.x) <= near.maxX && Math.max(a.y, b.y) >= near.minY && Math.min(a.y, b.y) <= near.maxY) {
        batch.segment(a.x, a.y, b.x, b.y, PLAN_PX * mPerPx, PLAN_COLOUR);
      }
    }
    for (let i = 0; i < this.#agentCount(); i++) {
      const a = this.#agent(i);
      if (a === null || !inBounds(near, a.x, a.y)) continue;
      const colour = classColour(a.cls, a.isEgo);
      const o = OUTLINE_PX * mPerPx;
      // The outline is the box grown by a pixel, in the outline colour, under the box.
      batch.polygon(boxPolygon(a.x, a.y, a.yawRad, a.lengthM + 2 * o, a.widthM + 2 * o), OUTLINE_COLOUR, i);
      batch.polygon(boxPolygon(a.x, a.y, a.yawRad, a.lengthM, a.widthM), colour, i);
      // No cue on the small (pedestrians), where it would hide the box.
      if (a.lengthM > 1) {
        const cue: Rgba = [Math.round(colour[0] * HEADING_SHADE), Math.round(colour[1] * HEADING_SHADE), Math.round(colour[2] * HEADING_SHADE), colour[3]];
        batch.polygon(headingTriangle(a.x, a.y, a.yawRad, a.lengthM, a.widthM), cue, i);
      }
    }
    return batch.data();
  }

  #layers(): Layer[] {
    const scene = this.#scene;
    if (scene === null) return [];
    const view = this.#view();
    const layers: Layer[] = [];
    const road = this.#roadNear(view);
    if (road !== null) layers.push(new SolidPolygonLayer({ id: 'road', data: binary(road), _normalize: false, positionFormat: 'XY' }));
    const triggers = this.#triggerShapes();
    if (triggers.length > 0) {
      layers.push(
        new PolygonLayer<TriggerShape>({
          id: 'triggers',
          data: triggers,
          getPolygon: (t) => t.polygon,
          getFillColor: TRIGGER_FILL,
          getLineColor: TRIGGER_LINE,
          getLineWidth: 2,
          lineWidthUnits: 'pixels',
          pickable: true,
        }),
      );
    }
    layers.push(new SolidPolygonLayer({ id: 'moving', data: binary(this.#buildMoving(view)), _normalize: false, positionFormat: 'XY', pickable: true }));
    if (this.#handles.length > 0) {
      layers.push(
        new ScatterplotLayer<{ kind: 'handle'; handle: HandleJson }>({
          id: 'handles',
          data: this.#handles.map((handle) => ({ kind: 'handle' as const, handle })),
          getPosition: (d) => [d.handle.x, d.handle.y],
          getFillColor: (d) => HANDLE_COLOURS[d.handle.kind],
          getLineColor: HANDLE_LINE,
          stroked: true,
          lineWidthMinPixels: 1.5,
          getRadius: 7,
          radiusUnits: 'pixels',
          pickable: true,
          onHover: (info) => this.#setPan(info.object === undefined || info.object === null),
          onDragStart: () => {
            this.#dragging = true;
          },
          onDrag: (info) => this.#drag(info, false),
          onDragEnd: (info) => {
            this.#dragging = false;
            this.#drag(info, true);
            this.#setPan(true);
          },
        }),
      );
    }
    return layers;
  }

  #drag(info: PickingInfo, done: boolean): void {
    const picked = info.object as { handle: HandleJson } | undefined;
    const at = info.coordinate;
    if (picked === undefined || at === undefined || at === null) return;
    this.options.onHandleDrag?.(picked.handle, at[0], at[1], done);
  }

  #setPan(on: boolean): void {
    if (this.#dragging) return;
    this.deck.setProps({ controller: { dragPan: on, scrollZoom: true, doubleClickZoom: true } });
  }

  #redraw(): void {
    const ego = this.#follow ? this.#agent(0) : null;
    if (ego !== null && ego.isEgo) this.#viewState = { ...this.#viewState, target: [ego.x, ego.y, 0] };
    this.deck.setProps({ layers: this.#layers(), viewState: this.#viewState });
  }
}
