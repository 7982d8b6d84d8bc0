/**
 * The viewer's entry: the three panes (side panel, map over timeline, camera), the library and
 * rollout lists, and the modes a URL opens:
 *
 *   /                        the library and stored rollouts (the newest rollout plays)
 *   /?rollout=ID&t=SECONDS   replay a stored rollout at a time (the share link)
 *   /?edit=NAME | /?new=1    author a scenario
 *
 * `window.dreamdrive` exposes the state the browser tests and the bench read (and a projection
 * from world to screen so a test can drag a handle where it is drawn).
 */
import { ApiError, getJson, postJson, request } from './api';
import { BevView } from './bev';
import { CameraPane } from './camera-pane';
import { Editor } from './editor';
import { Player, shareLink } from './player';
import { NEW_SCENARIO_YAML } from './templates';
import { Timeline } from './timeline';
import type { RolloutSummaryJson, ScenarioEntryJson } from './wire';

const $ = (id: string) => document.getElementById(id) as HTMLElement;
const side = $('side');
const status = (text: string) => ($('status').textContent = text);

const bev = new BevView($('map') as HTMLDivElement, { onHandleDrag: (h, x, y, done) => editor.drag(h, x, y, done) });
const camera = new CameraPane($('camera'));
const timeline = new Timeline($('timeline'), (t) => player.show(t));
const player = new Player(bev, camera, timeline, (track) => {
  $('title').innerHTML = `${track.json.scenario} <span class="muted">seed ${track.json.seed}, ${track.json.policy}</span> <span class="${track.json.verdict === 'fail' ? 'fail' : 'pass'}">${track.json.verdict}</span>`;
});
const editor = new Editor(side, bev, (id) => void openRollout(id, 0));

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function openRollout(id: string, timeS: number): Promise<void> {
  status(`loading ${id}...`);
  try {
    await player.open(id, timeS);
    status('');
    await showRollouts(id);
  } catch (error) {
    status(error instanceof Error ? error.message : String(error));
  }
}

async function showLibrary(): Promise<void> {
  const { scenarios } = await getJson<{ scenarios: ScenarioEntryJson[] }>('/api/scenarios');
  side.innerHTML = `<h3>Scenarios</h3><div class="field"><button data-act="new">New scenario</button></div><ul class="list" data-testid="library"></ul>`;
  (side.querySelector('[data-act=new]') as HTMLButtonElement).onclick = () => openEditor(null);
  const list = side.querySelector('ul') as HTMLElement;
  for (const s of scenarios) {
    const li = document.createElement('li');
    li.innerHTML = `<span class="grow" title="${esc(s.summary?.description ?? '')}">${esc(s.name)} <span class="muted">${esc(s.origin)}</span></span><button data-act="run">Run</button><button data-act="edit">Edit</button>`;
    (li.querySelector('[data-act=run]') as HTMLButtonElement).onclick = async () => {
      status(`running ${s.name}...`);
      try {
        const { id } = await postJson<{ id: string }>('/api/rollouts', { scenario: s.name, policy: 'idm' });
        await openRollout(id, 0);
      } catch (error) {
        status(error instanceof Error ? error.message : String(error));
      }
    };
    (li.querySelector('[data-act=edit]') as HTMLButtonElement).onclick = () => openEditor(s.name);
    list.append(li);
  }
}

async function showRollouts(current: string | null): Promise<void> {
  const { rollouts } = await getJson<{ rollouts: RolloutSummaryJson[] }>('/api/rollouts');
  const id = current ?? player.track?.json.id ?? null;
  side.innerHTML = `<h3>Rollout</h3>
    <div class="field"><button data-act="share">Copy share link</button> <label><input type="checkbox" data-act="follow"> follow ego</label></div>
    <div class="field">Export GIF: <a data-view="camera">camera</a> · <a data-view="bev">top-down</a> · <a data-view="both">both</a> · <button data-act="video">Record video (map)</button></div>
    <h3>Stored rollouts</h3><div class="drop" data-testid="drop">Drop an MCAP log here to open it</div><ul class="list" data-testid="rollouts"></ul>`;
  const follow = side.querySelector('[data-act=follow]') as HTMLInputElement;
  follow.checked = bev.follow;
  follow.onchange = () => bev.setFollow(follow.checked);
  (side.querySelector('[data-act=share]') as HTMLButtonElement).onclick = async () => {
    if (id === null) return;
    const link = shareLink(id, timeline.timeS);
    await navigator.clipboard?.writeText(link).catch(() => undefined);
    status(`link: ${link}`);
  };
  for (const a of side.querySelectorAll<HTMLAnchorElement>('a[data-view]')) {
    if (id !== null) a.href = `/api/rollouts/${encodeURIComponent(id)}/export.gif?view=${a.dataset.view}&scale=3`;
  }
  (side.querySelector('[data-act=video]') as HTMLButtonElement).onclick = () => void recordVideo();
  const drop = side.querySelector('.drop') as HTMLElement;
  drop.ondragover = (e) => {
    e.preventDefault();
    drop.classList.add('over');
  };
  drop.ondragleave = () => drop.classList.remove('over');
  drop.ondrop = async (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const file = e.dataTransfer?.files[0];
    if (file === undefined) return;
    status(`uploading ${file.name}...`);
    try {
      const { id: imported } = await request<{ id: string }>('POST', '/api/rollouts/import', await file.arrayBuffer(), 'application/octet-stream');
      await openRollout(imported, 0);
    } catch (error) {
      status(`${file.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const list = side.querySelector('ul') as HTMLElement;
  for (const r of rollouts) {
    const li = document.createElement('li');
    li.innerHTML = `<a class="grow" href="?rollout=${encodeURIComponent(r.id)}&t=0">${esc(r.scenario)} <span class="muted">${esc(r.policy)} seed ${r.seed}${r.id === id ? ' (open)' : ''}</span></a>`;
    (li.querySelector('a') as HTMLAnchorElement).onclick = (e) => {
      e.preventDefault();
      void openRollout(r.id, 0);
    };
    list.append(li);
  }
}

/** Plays the rollout from the start while recording the map canvas as WebM (MediaRecorder). */
async function recordVideo(): Promise<void> {
  const canvas = bev.canvas;
  const track = player.track;
  if (canvas === null || track === null) return;
  const recorder = new MediaRecorder(canvas.captureStream(30), { mimeType: 'video/webm' });
  const chunks: Blob[] = [];
  recorder.ondataavailable = (e) => chunks.push(e.data);
  const stopped = new Promise((r) => (recorder.onstop = r));
  recorder.start();
  timeline.seek(0);
  timeline.play();
  status('recording...');
  while (timeline.playing) await new Promise((r) => setTimeout(r, 100));
  recorder.stop();
  await stopped;
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob(chunks, { type: 'video/webm' }));
  a.download = `${track.json.id}.webm`;
  a.click();
  status('video saved');
}

async function openEditor(name: string | null): Promise<void> {
  timeline.pause();
  camera.clear('Save and run the scenario to see its camera frames.');
  if (name === null) {
    editor.open(NEW_SCENARIO_YAML, 'A new scenario: drag the ego waypoints (yellow) and the start positions on the map.');
    window.history.replaceState(null, '', '?new=1');
    return;
  }
  const entry = await getJson<{ name: string; origin: string; text: string }>(`/api/scenarios/${encodeURIComponent(name)}`);
  // Library scenarios are read-only: editing one starts a copy under another name.
  const text = entry.origin === 'library' ? entry.text.replace(/^name:\s*\S+/m, `name: my_${entry.name}`) : entry.text;
  editor.open(text, entry.origin === 'library' ? `A copy of the library scenario ${entry.name}; save writes my_${entry.name}.yaml.` : `Saved scenario ${entry.name}.`);
  window.history.replaceState(null, '', `?edit=${encodeURIComponent(name)}`);
}

async function start(): Promise<void> {
  $('nav-library').onclick = () => void showLibrary();
  $('nav-rollouts').onclick = () => void showRollouts(null);
  const params = new URLSearchParams(window.location.search);
  const rollout = params.get('rollout');
  const edit = params.get('edit');
  if (rollout !== null) {
    const t = Number(params.get('t') ?? '0');
    await openRollout(rollout, Number.isFinite(t) ? t : 0);
  } else if (edit !== null || params.has('new')) {
    await openEditor(edit);
  } else {
    const { rollouts } = await getJson<{ rollouts: RolloutSummaryJson[] }>('/api/rollouts').catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 403) return { rollouts: [] };
      throw e;
    });
    if (rollouts.length > 0) await openRollout(rollouts[rollouts.length - 1].id, 0);
    await showLibrary();
  }
}

declare global {
  interface Window {
    dreamdrive: unknown;
  }
}

window.dreamdrive = {
  player,
  timeline,
  editor,
  bev,
  /** Screen position (CSS px, relative to the page) of a world point on the map. */
  project(x: number, y: number): [number, number] | null {
    const viewport = bev.deck.getViewports()[0];
    if (viewport === undefined) return null;
    const [px, py] = viewport.project([x, y]);
    const rect = $('map').getBoundingClientRect();
    return [rect.left + px, rect.top + py];
  },
  ready: start().catch((error: unknown) => status(error instanceof Error ? error.message : String(error))),
};
