/**
 * The viewer in headless Chromium (production build, real server): how long until the first
 * frame is drawn (navigation start to the map's first full frame, a fresh browser context per
 * load so nothing is cached), and the playback frame rate of a synthetic 2,000-step rollout with
 * 100 actors at 1x (frames deck.gl drew per wall-clock second while playing, and the slowest
 * frame interval). Targets: first frame < 2 s, playback >= 30 fps. Reported, never asserted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { createApp } from '../../api/server/app';
import { listen } from '../../api/server/listen';
import { browserProblem, launchChromium, VIEWER_DIST } from './chromium';
import { writeSyntheticRollout } from './synthetic-rollout';

export const BENCH_STEPS = 2000;
export const BENCH_ACTORS = 100;
const LOADS = 3;
const PLAY_S = 6;
export const TARGET_FIRST_FRAME_MS = 2000;
export const TARGET_FPS = 30;

export interface FirstFrameResult {
  readonly rollout: string;
  readonly trackBytes: number;
  /** Navigation start to the first full map frame, per load, ms. */
  readonly loadsMs: readonly number[];
}

export type ViewerBenchResult =
  | {
      readonly skipped: false;
      readonly firstFrame: readonly FirstFrameResult[];
      readonly playback: { readonly seconds: number; readonly frames: number; readonly fps: number; readonly worstFrameMs: number; readonly stepsShown: number };
    }
  | { readonly skipped: true; readonly reason: string };

async function firstFrameMs(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => performance.getEntriesByName('dreamdrive:first-frame').length > 0, null, { timeout: 60_000 });
    return await page.evaluate(() => performance.getEntriesByName('dreamdrive:first-frame')[0].startTime);
  } finally {
    await context.close();
  }
}

export async function viewerBench(): Promise<ViewerBenchResult> {
  const problem = browserProblem();
  if (problem !== null) return { skipped: true, reason: problem };
  const root = mkdtempSync(join(tmpdir(), 'dreamdrive-viewer-bench-'));
  const logsDir = join(root, 'logs');
  const big = await writeSyntheticRollout(logsDir, BENCH_ACTORS, BENCH_STEPS);
  const running = await listen(createApp({ logsDir, scenariosDir: join(root, 'scenarios'), viewerDir: VIEWER_DIST, log: () => undefined }), { port: 0 });
  const browser = await launchChromium();
  try {
    const created = await fetch(`${running.url}/api/rollouts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario: 'cut_in', policy: 'idm' }) });
    const small = ((await created.json()) as { id: string }).id;
    const firstFrame: FirstFrameResult[] = [];
    for (const id of [small, big]) {
      const trackBytes = (await (await fetch(`${running.url}/api/rollouts/${id}/track`)).arrayBuffer()).byteLength;
      const loadsMs: number[] = [];
      for (let i = 0; i < LOADS; i++) loadsMs.push(await firstFrameMs(browser, `${running.url}/?rollout=${id}&t=0`));
      firstFrame.push({ rollout: id.startsWith('bench-') ? `synthetic ${BENCH_STEPS} steps x ${BENCH_ACTORS} actors` : 'cut_in (120 steps, 2 actors)', trackBytes, loadsMs });
    }

    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    await page.goto(`${running.url}/?rollout=${big}&t=0`);
    await page.evaluate(() => (globalThis as unknown as { dreamdrive: { ready: Promise<void> } }).dreamdrive.ready);
    const playback = await page.evaluate(async (playS) => {
      // Runs in the page; the root tsconfig has no DOM types, hence the casts of globalThis.
      const page = globalThis as unknown as {
        dreamdrive: { timeline: { play(): void; pause(): void; timeS: number }; bev: { framesRendered: number } };
        requestAnimationFrame(cb: (t: number) => void): number;
      };
      const dd = page.dreamdrive;
      const intervals: number[] = [];
      let last = performance.now();
      let on = true;
      const tick = (t: number) => {
        intervals.push(t - last);
        last = t;
        if (on) page.requestAnimationFrame(tick);
      };
      const frames0 = dd.bev.framesRendered;
      const t0 = performance.now();
      dd.timeline.play();
      page.requestAnimationFrame(tick);
      await new Promise((r) => setTimeout(r, playS * 1000));
      on = false;
      dd.timeline.pause();
      const seconds = (performance.now() - t0) / 1000;
      const frames = dd.bev.framesRendered - frames0;
      return { seconds, frames, fps: frames / seconds, worstFrameMs: Math.max(...intervals.slice(2)), stepsShown: Math.round(dd.timeline.timeS * 10) };
    }, PLAY_S);
    await page.close();
    return { skipped: false, firstFrame, playback };
  } finally {
    await browser.close();
    await running.close();
    rmSync(root, { recursive: true, force: true });
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function formatViewerBench(r: ViewerBenchResult): string {
  if (r.skipped) return `viewer in headless Chromium: skipped (${r.reason})\n`;
  const lines = ['viewer in headless Chromium (production build, SwiftShader WebGL2; fresh context per load)'];
  lines.push('rollout                               track MB  first frame ms (each load)    median  vs 2 s');
  for (const f of r.firstFrame) {
    const m = median(f.loadsMs);
    lines.push(`${f.rollout.padEnd(37)} ${(f.trackBytes / 1e6).toFixed(2).padStart(8)}  ${f.loadsMs.map((x) => x.toFixed(0)).join(', ').padEnd(28)} ${m.toFixed(0).padStart(6)}  ${(TARGET_FIRST_FRAME_MS / m).toFixed(2)}x`);
  }
  const p = r.playback;
  lines.push(`playback of ${BENCH_STEPS} steps x ${BENCH_ACTORS} actors at 1x: ${p.frames} frames in ${p.seconds.toFixed(1)} s = ${p.fps.toFixed(1)} fps (${(p.fps / TARGET_FPS).toFixed(2)}x the 30 fps target), slowest frame ${p.worstFrameMs.toFixed(0)} ms, ${p.stepsShown} steps played`);
  return `${lines.join('\n')}\n`;
}
