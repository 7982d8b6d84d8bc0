/**
 * The bird's-eye view: deck.gl in an orthographic view (x east, y north, 1 unit = 1 m). Static
 * layers (road triangles by material) are built once per scene; the dynamic ones (trigger
 * regions, trails, the ego plan, agent boxes with heading cues, draggable handles) from one
 * BevFrame per time step, so playback is one `setFrame` per animation frame.
 */
import { Deck, OrthographicView, type Layer, type PickingInfo } from '@deck.gl/core';
import { PathLayer, PolygonLayer, ScatterplotLayer, SolidPolygonLayer } from '@deck.gl/layers';
import { classColour, HANDLE_COLOURS, MATERIAL_COLOURS, PLAN_COLOUR, TRAIL_ALPHA, TRIGGER_FILL, TRIGGER_LINE } from './colours';
import { boxPolygon, headingTriangle, triggerPolygon, type Xy } from './geometry';
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

export interface BevFrame {
  readonly agents: readonly BevAgent[];
  /** Past positions per agent (same order as agents), oldest first. */
  readonly trails: readonly (readonly Xy[])[];
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

type Picked = { kind: 'agent'; agent: BevAgent } | { kind: 'trigger'; region: TriggerRegion } | { kind: 'handle'; handle: HandleJson };

/** Metres of road shown across the map at the initial zoom. */
const INITIAL_SPAN_M = 90;
const MATERIAL_ORDER: readonly MapMaterial[] = ['shoulder', 'road', 'kerbTop', 'marking'];

function trianglesOf(flat: readonly number[]): [number, number][][] {
  const out: [number, number][][] = [];
  for (let i = 0; i + 5 < flat.length; i += 6) out.push([[flat[i], flat[i + 1]], [flat[i + 2], flat[i + 3]], [flat[i + 4], flat[i + 5]]]);
  return out;
}

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

export class BevView {
  readonly deck: Deck<OrthographicView>;
  #scene: SceneJson | null = null;
  #static: Layer[] = [];
  #frame: BevFrame | null = null;
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
      views: new OrthographicView({ id: 'bev', flipY: false }),
      viewState: this.#viewState,
      controller: { dragPan: true, scrollZoom: true, doubleClickZoom: true },
      onViewStateChange: ({ viewState }) => {
        this.#viewState = viewState as unknown as ViewState;
        this.deck.setProps({ viewState: this.#viewState });
      },
      // Marks for the browser bench: when WebGL was ready, when the first full frame was drawn.
      onLoad: () => performance.mark('dreamdrive:webgl-ready'),
      onAfterRender: () => {
        this.framesRendered++;
        if (this.firstSceneDrawMs === null && this.#scene !== null && this.#frame !== null) {
          this.firstSceneDrawMs = performance.now();
          performance.mark('dreamdrive:first-frame');
        }
      },
      getTooltip: (info: PickingInfo) => (info.object ? { html: tooltipHtml(info.object as Picked), className: 'tooltip' } : null),

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

  /** Shows a new scene: road layers, view fitted around the ego's start. */
  setScene(scene: SceneJson, keepView = false): void {
    this.#scene = scene;
    this.#static = MATERIAL_ORDER.map(
      (m) =>
        new SolidPolygonLayer<[number, number][]>({
          id: `road-${m}`,
          data: trianglesOf(scene.road.triangles[m]),
          getPolygon: (t) => t,
          getFillColor: MATERIAL_COLOURS[m],
        }),
    );
    if (!keepView) {
      const ego = scene.agents[0];
      const width = Math.max(200, this.#container.clientWidth);
      this.#viewState = { target: [ego.x + INITIAL_SPAN_M * 0.3, ego.y, 0], zoom: Math.log2(width / INITIAL_SPAN_M) };
    }
    this.#redraw();
  }

  setFrame(frame: BevFrame): void {
    this.#frame = frame;
    this.#redraw();
  }

  setHandles(handles: readonly HandleJson[]): void {
    this.#handles = handles;
    this.#redraw();
  }

  #dynamicLayers(): Layer[] {
    const scene = this.#scene;
    const frame = this.#frame;
    if (scene === null) return [];
    const layers: Layer[] = [];
    const agents = frame?.agents ?? [];
    const byId = new Map(agents.map((a) => [a.id, a]));
    const regions = scene.triggers
      .map((r) => {
        const c = r.kind === 'circle' ? byId.get(r.centreId) : undefined;
        return { region: r, polygon: triggerPolygon(r, scene.road.bounds, c === undefined ? null : [c.x, c.y]) };
      })
      .filter((r) => r.polygon !== null);
    layers.push(
      new PolygonLayer<(typeof regions)[number]>({
        id: 'triggers',
        data: regions,
        getPolygon: (r) => r.polygon as [number, number][],
        getFillColor: TRIGGER_FILL,
        getLineColor: TRIGGER_LINE,
        getLineWidth: 2,
        lineWidthUnits: 'pixels',
        pickable: true,
        updateTriggers: { getPolygon: frame?.timeS },
      }),
    );
    if (frame !== null) {
      layers.push(
        new PathLayer<{ path: readonly Xy[]; agent: BevAgent }>({
          id: 'trails',
          data: frame.trails.map((path, i) => ({ path, agent: agents[i] })).filter((t) => t.path.length > 1),
          getPath: (t) => t.path as [number, number][],
          getColor: (t) => {
            const c = classColour(t.agent.cls, t.agent.isEgo);
            return [c[0], c[1], c[2], TRAIL_ALPHA];
          },
          getWidth: 0.6,
          widthUnits: 'meters',
          widthMinPixels: 1.5,
        }),
      );
    }
    layers.push(
      new PathLayer<readonly [number, number][]>({
        id: 'ego-plan',
        data: scene.egoPlan.length > 1 ? [scene.egoPlan.map((p) => [p.x, p.y] as [number, number])] : [],
        getPath: (p) => p as [number, number][],
        getColor: PLAN_COLOUR,
        getWidth: 2,
        widthUnits: 'pixels',
      }),
      new PolygonLayer<{ kind: 'agent'; agent: BevAgent }>({
        id: 'agents',
        data: agents.map((agent) => ({ kind: 'agent' as const, agent })),
        getPolygon: (d) => boxPolygon(d.agent.x, d.agent.y, d.agent.yawRad, d.agent.lengthM, d.agent.widthM),
        getFillColor: (d) => classColour(d.agent.cls, d.agent.isEgo),
        getLineColor: [20, 20, 20, 255],
        getLineWidth: 1,
        lineWidthUnits: 'pixels',
        pickable: true,
      }),
      new SolidPolygonLayer<BevAgent>({
        id: 'agent-headings',
        data: agents.filter((a) => a.lengthM > 1),
        getPolygon: (a) => headingTriangle(a.x, a.y, a.yawRad, a.lengthM, a.widthM),
        getFillColor: [0, 0, 0, 90],
      }),
    );
    if (this.#handles.length > 0) {
      layers.push(
        new ScatterplotLayer<{ kind: 'handle'; handle: HandleJson }>({
          id: 'handles',
          data: this.#handles.map((handle) => ({ kind: 'handle' as const, handle })),
          getPosition: (d) => [d.handle.x, d.handle.y],
          getFillColor: (d) => HANDLE_COLOURS[d.handle.kind],
          getLineColor: [0, 0, 0, 255],
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
    const ego = this.#frame?.agents.find((a) => a.isEgo);
    if (this.#follow && ego !== undefined) this.#viewState = { ...this.#viewState, target: [ego.x, ego.y, 0] };
    this.deck.setProps({ layers: [...this.#static, ...this.#dynamicLayers()], viewState: this.#viewState });
  }
}
