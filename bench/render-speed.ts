/**
 * Reference renderer speed: frames per second on one core over every state of a cut_in rollout
 * (3-lane highway, two other cars), at the camera sizes the world model uses. Each row renders
 * the states once to warm up, then repeatedly for at least `minSeconds`.
 */
import { defaultPolicy, makePolicy } from '../eval/run-scenario';
import { instantiate } from '../scenarios/instantiate';
import { findScenario } from '../scenarios/library';
import { loadSpecFile } from '../scenarios/load-spec';
import type { CameraModel } from '../sim/render/camera-model';
import { createRenderer, type FrameRequest } from '../sim/render/renderer';
import { runRollout } from '../sim/rollout';
import type { RoadNetwork } from '../sim/road/types';
import type { World } from '../sim/types';
import { createRuntime } from '../sim/world/runtime';

export interface RenderSpeedRow {
  /** "WxH". */
  readonly size: string;
  readonly supersample: number;
  /** What each frame produced: rgb, or rgb plus class and depth maps. */
  readonly outputs: 'rgb' | 'rgb+class+depth';
  readonly frames: number;
  readonly seconds: number;
  readonly fps: number;
  readonly msPerFrame: number;
}

interface Case {
  readonly widthPx: number;
  readonly heightPx: number;
  readonly supersample: number;
  readonly request: FrameRequest;
}

const CASES: readonly Case[] = [
  { widthPx: 64, heightPx: 64, supersample: 2, request: {} },
  { widthPx: 64, heightPx: 64, supersample: 2, request: { semantic: true, depth: true } },
  { widthPx: 64, heightPx: 64, supersample: 1, request: {} },
  { widthPx: 128, heightPx: 128, supersample: 2, request: {} },
  { widthPx: 128, heightPx: 64, supersample: 2, request: {} },
];

export function scenarioStates(name: string): { worlds: World[]; camera: CameraModel; road: RoadNetwork; dtS: number } {
  const path = findScenario(name);
  if (path === null) throw new Error(`render-speed: library scenario '${name}' not found`);
  const { resolved, setup } = instantiate(loadSpecFile(path).spec, {});
  const rt = createRuntime(setup);
  const worlds: World[] = [];
  runRollout(rt, { policy: makePolicy(defaultPolicy(rt), rt), hashStates: false, onState: (w) => worlds.push(w) });
  return { worlds, camera: { ...resolved.camera }, road: setup.road, dtS: setup.dtS };
}

export function renderSpeed(minSeconds = 1, scenario = 'cut_in'): RenderSpeedRow[] {
  const { worlds, camera, road } = scenarioStates(scenario);
  return CASES.map((c) => {
    const renderer = createRenderer(road, { camera: { ...camera, widthPx: c.widthPx, heightPx: c.heightPx }, supersample: c.supersample });
    for (const w of worlds) renderer.render(w, c.request); // warm-up: JIT and caches
    let frames = 0;
    const t0 = process.hrtime.bigint();
    let seconds = 0;
    while (seconds < minSeconds) {
      for (const w of worlds) renderer.render(w, c.request);
      frames += worlds.length;
      seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    }
    return {
      size: `${c.widthPx}x${c.heightPx}`,
      supersample: c.supersample,
      outputs: c.request.semantic ? 'rgb+class+depth' : 'rgb',
      frames,
      seconds,
      fps: frames / seconds,
      msPerFrame: (1000 * seconds) / frames,
    };
  });
}
