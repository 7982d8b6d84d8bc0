/**
 * Authoring: the YAML text is the source of truth, edited in place (yaml-edit.ts) so that edits from
 * the form fields and from dragging on the map change only the nodes they touch (comments and
 * layout stay). Every change is validated by the server (POST /api/scenarios/validate) and each
 * error is shown next to the field it belongs to (or under the YAML with its line); a valid spec's
 * scene (POST /api/scenarios/scene) redraws the map with draggable handles.
 */
import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { appendYamlItem, deleteYamlNode, setYamlValue, setYamlValues } from './yaml-edit';
import { ApiError, postJson, request } from './api';
import type { BevView } from './bev';
import { projectOnLane, roundCm } from './geometry';
import { fieldForError, pathString, type DocPath } from './spec-paths';
import type { HandleJson, IssueJson, SceneJson, SweepRowJson } from './wire';

/** Quiet time after the last keystroke before the server validates, ms. */
const VALIDATE_DEBOUNCE_MS = 250;

interface Field {
  readonly path: DocPath;
  readonly label: string;
  readonly numeric: boolean;
}

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export class Editor {
  #doc: Document = parseDocument('');
  #scene: SceneJson | null = null;
  #handles: HandleJson[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;
  #generation = 0;
  #yaml!: HTMLTextAreaElement;
  #fields!: HTMLElement;
  #yamlErrors!: HTMLElement;
  #status!: HTMLElement;
  /** Resolves when the latest validation (and scene) has come back; for tests and the UI. */
  settled: Promise<void> = Promise.resolve();
  valid = false;

  constructor(
    private readonly side: HTMLElement,
    private readonly bev: BevView,
    private readonly onRun: (rolloutId: string) => void,
  ) {}

  /** The draggable handles as drawn now (world frame). */
  get handles(): readonly HandleJson[] {
    return this.#handles;
  }

  get text(): string {
    return this.#yaml.value;
  }

  open(text: string, note = ''): void {
    this.side.innerHTML = `<h3>Scenario</h3>
      <div class="muted" data-role="note">${esc(note)}</div>
      <div data-role="fields"></div>
      <div class="field"><button data-act="add-actor">Add actor</button></div>
      <div class="field">
        <button class="primary" data-act="save">Save</button>
        <select data-role="policy" aria-label="policy"><option>idm</option><option>trajectory</option></select>
        <button data-act="run">Save and run</button>
      </div>
      <div data-role="status" class="muted"></div>
      <h3>Parameter sweep</h3>
      <div data-role="sweep" class="muted">Save the scenario to sweep its parameters.</div>
      <h3>YAML</h3>
      <textarea class="yaml" spellcheck="false" aria-label="YAML"></textarea>
      <div class="yaml-errors" data-role="yaml-errors"></div>`;
    this.#yaml = this.side.querySelector('textarea') as HTMLTextAreaElement;
    this.#fields = this.side.querySelector('[data-role=fields]') as HTMLElement;
    this.#yamlErrors = this.side.querySelector('[data-role=yaml-errors]') as HTMLElement;
    this.#status = this.side.querySelector('[data-role=status]') as HTMLElement;
    this.#yaml.value = text;
    this.#yaml.oninput = () => this.#fromText();
    (this.side.querySelector('[data-act=save]') as HTMLButtonElement).onclick = () => void this.save();
    (this.side.querySelector('[data-act=run]') as HTMLButtonElement).onclick = () => void this.#saveAndRun();
    (this.side.querySelector('[data-act=add-actor]') as HTMLButtonElement).onclick = () => this.#addActor();
    this.#fromText();
  }

  /** The spec's name (what Save writes as <scenarios dir>/<name>.yaml). */
  get name(): string {
    const v = this.#doc.get('name');
    return typeof v === 'string' ? v : '';
  }

  #fromText(): void {
    this.#doc = parseDocument(this.#yaml.value);
    this.#renderFields();
    this.#scheduleValidate();
  }

  /** Replaces the text (an edit from a field or the map) and re-reads the document from it. */
  #setText(text: string, renderFields: boolean): void {
    this.#yaml.value = text;
    this.#doc = parseDocument(text);
    if (renderFields) this.#renderFields();
    this.#scheduleValidate();
  }

  /** Writes one node and everything that shows it: the text, the validation (not the fields, being typed in). */
  #set(path: DocPath, value: unknown): void {
    this.#setText(setYamlValue(this.#yaml.value, path, value), false);
  }

  #fieldList(): Field[] {
    const fields: Field[] = [
      { path: ['name'], label: 'name', numeric: false },
      { path: ['duration'], label: 'duration (s)', numeric: true },
    ];
    const params = this.#doc.get('parameters');
    if (isMap(params)) {
      for (const item of params.items) {
        const key = String(isScalar(item.key) ? item.key.value : item.key);
        const isObject = isMap(item.value);
        fields.push({ path: isObject ? ['parameters', key, 'value'] : ['parameters', key], label: `parameter ${key}`, numeric: false });
      }
    }
    fields.push({ path: ['ego', 'start', 'speed'], label: 'ego start speed (m/s)', numeric: false });
    const events = this.#doc.get('events');
    if (isSeq(events)) events.items.forEach((_, i) => fields.push({ path: ['events', i, 'when'], label: `event ${String(this.#doc.getIn(['events', i, 'id']))} when`, numeric: false }));
    return fields;
  }

  #renderFields(): void {
    const fields = this.#fieldList();
    this.#fields.innerHTML = '';
    for (const f of fields) {
      const div = document.createElement('div');
      div.className = 'field';
      div.dataset.path = pathString(f.path);
      const value = this.#doc.getIn(f.path);
      div.innerHTML = `<label>${esc(f.label)}</label><input aria-label="${esc(f.label)}" value="${esc(value === undefined || value === null ? '' : String(value))}"><div class="error" role="alert"></div>`;
      const input = div.querySelector('input') as HTMLInputElement;
      input.oninput = () => {
        const raw = input.value.trim();
        // Numbers stay numbers; anything else (an expression such as "ego_speed + 2") is a string.
        this.#set(f.path, raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw);
      };
      this.#fields.append(div);
    }
    const actors = this.#doc.get('actors');
    if (isSeq(actors) && actors.items.length > 0) {
      const list = document.createElement('ul');
      list.className = 'list';
      actors.items.forEach((_, i) => {
        const li = document.createElement('li');
        li.dataset.path = pathString(['actors', i]);
        li.innerHTML = `<span class="grow">actor <b>${esc(String(this.#doc.getIn(['actors', i, 'id'])))}</b> <span class="muted">${esc(String(this.#doc.getIn(['actors', i, 'behaviour', 'type']) ?? ''))}</span></span><button title="remove actor">&times;</button>`;
        (li.querySelector('button') as HTMLButtonElement).onclick = () => this.#setText(deleteYamlNode(this.#yaml.value, ['actors', i]), true);
        list.append(li);
      });
      this.#fields.append(list);
    }
  }

  #addActor(): void {
    const actors = this.#doc.get('actors');
    const ids = new Set(isSeq(actors) ? actors.items.map((_, i) => String(this.#doc.getIn(['actors', i, 'id']))) : []);
    let n = 1;
    while (ids.has(`car${n}`)) n++;
    const egoStart = this.#scene?.handles.find((h) => h.kind === 'ego_start');
    const lane = egoStart?.laneId ?? this.#scene?.road.lanes[0]?.id ?? 'lane0';
    const s = typeof this.#doc.getIn(['ego', 'start', 's']) === 'number' ? (this.#doc.getIn(['ego', 'start', 's']) as number) + 30 : 30;
    this.#setText(appendYamlItem(this.#yaml.value, ['actors'], { id: `car${n}`, start: { lane, s, speed: 10 }, behaviour: { type: 'idm' } }), true);
  }

  #scheduleValidate(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    let done!: () => void;
    this.settled = new Promise((r) => (done = r));
    this.#timer = setTimeout(() => void this.#validate().finally(done), VALIDATE_DEBOUNCE_MS);
  }

  async #validate(): Promise<void> {
    const generation = ++this.#generation;
    const text = this.#yaml.value;
    let report: { ok: boolean; errors: IssueJson[] };
    try {
      report = await postJson('/api/scenarios/validate', { text });
    } catch (error) {
      this.#showErrors([{ path: '', line: 0, col: 0, message: error instanceof Error ? error.message : String(error) }]);
      return;
    }
    if (generation !== this.#generation) return;
    this.valid = report.ok;
    this.#showErrors(report.errors);
    if (!report.ok) return;
    try {
      const { scene } = await postJson<{ scene: SceneJson }>('/api/scenarios/scene', { text });
      if (generation !== this.#generation) return;
      this.#showScene(scene);
    } catch (error) {
      if (error instanceof ApiError) this.#showErrors(error.issues.length > 0 ? [...error.issues] : [{ path: error.field ?? '', line: 0, col: 0, message: error.message }]);
    }
  }

  #showErrors(errors: readonly IssueJson[]): void {
    const fieldDivs = [...this.side.querySelectorAll<HTMLElement>('.field[data-path]')];
    for (const div of fieldDivs) {
      div.classList.remove('invalid');
      (div.querySelector('.error') as HTMLElement).textContent = '';
    }
    const paths = fieldDivs.map((d) => d.dataset.path as string);
    const rest: string[] = [];
    for (const e of errors) {
      const f = fieldForError(e.path, paths);
      const div = fieldDivs.find((d) => d.dataset.path === f);
      if (div !== undefined) {
        div.classList.add('invalid');
        const box = div.querySelector('.error') as HTMLElement;
        box.textContent = box.textContent === '' ? e.message : `${box.textContent}; ${e.message}`;
      }
      rest.push(`<div class="error">${e.line > 0 ? `line ${e.line}:${e.col}: ` : ''}${esc(e.path)}${e.path ? ': ' : ''}${esc(e.message)}</div>`);
    }
    this.#yamlErrors.innerHTML = rest.join('');
    this.#status.textContent = errors.length === 0 ? 'valid' : `${errors.length} error${errors.length === 1 ? '' : 's'}`;
  }

  #showScene(scene: SceneJson): void {
    const first = this.#scene === null;
    this.#scene = scene;
    this.#handles = [...scene.handles];
    this.bev.setFollow(false);
    this.bev.setScene(scene, !first);
    this.bev.setFrame({
      agents: scene.agents.map((a, i) => ({ ...a, isEgo: i === 0 })),
      timeS: 0,
    });
    this.bev.setHandles(this.#handles);
  }

  /** A handle dragged on the map: follows the mouse, and writes the spec when dropped. */
  drag(handle: HandleJson, x: number, y: number, done: boolean): void {
    const scene = this.#scene;
    if (scene === null) return;
    let values: Record<string, number>;
    if (handle.frame === 'lane') {
      const lane = scene.road.lanes.find((l) => l.id === handle.laneId);
      if (lane === undefined) return;
      const { s, d } = projectOnLane(lane, x, y);
      values = { s: roundCm(Math.max(0, s)), d: roundCm(d) };
    } else {
      values = { x: roundCm(x), y: roundCm(y) };
    }
    this.#handles = this.#handles.map((h) => (pathString(h.path) === pathString(handle.path) ? { ...h, x, y } : h));
    this.bev.setHandles(this.#handles);
    if (!done) return;
    this.#setText(setYamlValues(this.#yaml.value, Object.entries(values).map(([k, value]) => ({ path: [...handle.path, k], value }))), true);
  }

  async save(): Promise<boolean> {
    await this.settled;
    const name = this.name;
    try {
      await request('PUT', `/api/scenarios/${encodeURIComponent(name)}`, this.#yaml.value, 'text/yaml');
      this.#status.textContent = `saved as ${name}`;
      window.history.replaceState(null, '', `?edit=${encodeURIComponent(name)}`);
      this.#renderSweep(name);
      return true;
    } catch (error) {
      if (error instanceof ApiError) {
        this.#showErrors(error.issues.length > 0 ? error.issues : [{ path: error.field ?? '', line: 0, col: 0, message: error.message }]);
        this.#status.textContent = `not saved: ${error.message}`;
      }
      return false;
    }
  }

  async #saveAndRun(): Promise<void> {
    if (!(await this.save())) return;
    const policy = (this.side.querySelector('[data-role=policy]') as HTMLSelectElement).value;
    this.#status.textContent = 'running...';
    try {
      const { id } = await postJson<{ id: string }>('/api/rollouts', { scenario: this.name, policy });
      this.onRun(id);
    } catch (error) {
      this.#status.textContent = `run failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /** The sweep form (for a saved scenario): one parameter over a range, results as a table. */
  #renderSweep(name: string): void {
    const box = this.side.querySelector('[data-role=sweep]') as HTMLElement;
    const params = isMap(this.#doc.get('parameters')) ? (this.#doc.get('parameters') as { items: { key: unknown }[] }).items.map((i) => String(isScalar(i.key) ? i.key.value : i.key)) : [];
    box.innerHTML = `<div class="sweep-form"><select aria-label="sweep parameter">${params.map((p) => `<option>${esc(p)}</option>`).join('')}</select>
      from <input size="4" value="10" aria-label="from"> to <input size="4" value="40" aria-label="to"> n <input size="2" value="4" aria-label="count">
      <button>Sweep</button></div><div data-role="sweep-result"></div>`;
    const [from, to, count] = [...box.querySelectorAll('input')] as HTMLInputElement[];
    const result = box.querySelector('[data-role=sweep-result]') as HTMLElement;
    (box.querySelector('button') as HTMLButtonElement).onclick = async () => {
      const param = (box.querySelector('select') as HTMLSelectElement).value;
      const policy = (this.side.querySelector('[data-role=policy]') as HTMLSelectElement).value;
      result.textContent = 'running...';
      try {
        const body = await postJson<{ rows: SweepRowJson[] }>('/api/sweeps', { scenario: name, policy, axes: [{ name: param, from: Number(from.value), to: Number(to.value), count: Number(count.value) }] });
        result.innerHTML = sweepTable(param, body.rows);
      } catch (error) {
        result.innerHTML = `<div class="error">${esc(error instanceof Error ? error.message : String(error))}</div>`;
      }
    };
  }
}

function fmt(v: number | string | null): string {
  return v === null ? '-' : typeof v === 'string' ? v : v.toFixed(2);
}

export function sweepTable(param: string, rows: readonly SweepRowJson[]): string {
  const body = rows
    .map((r) => `<tr><td>${fmt(r.assigned[param] ?? null)}</td><td class="${r.passed ? 'pass' : 'fail'}">${r.error ? esc(r.error) : r.passed === null ? '-' : r.passed ? 'pass' : 'fail'}</td><td>${r.collision ? 'yes' : 'no'}</td><td>${fmt(r.minTtcS)}</td><td>${fmt(r.minHeadwayM)}</td><td>${fmt(r.score)}</td></tr>`)
    .join('');
  return `<table class="sweep" data-testid="sweep-table"><tr><th>${esc(param)}</th><th>verdict</th><th>hit</th><th>TTC s</th><th>gap m</th><th>score</th></tr>${body}</table>`;
}
