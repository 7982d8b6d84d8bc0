/**
 * The viewer in headless Chromium (production build, real server): how long until the first
 * frame is drawn (navigation start to the map's first full frame, a fresh browser context per
 * load so nothing is cached), and the playback frame rate of a synthetic 2,000-step rollout with
 * 100 actors at 1x (frames deck.gl drew per wall-clock second while playing, the frame
 * intervals, and the CPU time all browser processes used per frame, which other load on the
 * machine hardly changes). Targets: first frame < 2 s, playback >= 30 fps. Reported, never
 * asserted.
 *
 * Baselines measured in the same run, so that a number on a busy machine can be read: the
 * animation frame rate of an empty page in the same browser (what the machine lets any page
 * reach now), and, when DREAMDRIVE_VIEWER_BASELINE names another build of the viewer (e.g. the
 * previous commit's `viewer/dist`), that build measured alternately with this one on the same
 * logs, reported as this build / baseline.
 *
 *   node dist/bench/viewer/viewer-bench.js      (just this bench; `npm run bench` runs all)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { createApp } from '../../api/server/app';
import { listen, type RunningServer } from '../../api/server/listen';
import { browserProblem, launchChromium, VIEWER_DIST } from './chromium';
import { descendantsCpuMs } from './process-cpu';
import { writeSyntheticRollout } from './synthetic-rollout';

export const BENCH_STEPS = 2000;
export const BENCH_ACTORS = 100;
const LOADS = 3;
/** Playback runs per build, alternating between the builds. */
const PLAYBACKS = 2;
const PLAY_S = 6;
const EMPTY_PAGE_S = 2;
export const TARGET_FIRST_FRAME_MS = 2000;
export const TARGET_FPS = 30;
const VIEWPORT = { width: 1400, height: 860 };

export interface FirstFrameResult {
  readonly rollout: string;
  readonly trackBytes: number;
  /** Navigation start to the first full map frame, per load, ms. */
  readonly loadsMs: readonly number[];
}

export interface PlaybackResult {
  readonly seconds: number;
  /** Frames deck.gl drew. */
  readonly frames: number;
  readonly fps: number;
  /** Animation frame intervals while playing, ms. */
  readonly medianFrameMs: number;
  readonly p95FrameMs: number;
  readonly worstFrameMs: number;
  readonly stepsShown: number;
  /** CPU time of all browser processes per frame drawn, ms (null without /proc). */
  readonly cpuMsPerFrame: number | null;
}

export interface BuildResult {
  /** 'this build' or the baseline's directory. */
  readonly build: string;
  readonly firstFrame: readonly FirstFrameResult[];
  readonly playbacks: readonly PlaybackResult[];
}

export type ViewerBenchResult =
  | {
      readonly skipped: false;
      /** Animation frames per second of an empty page in the same browser, same run. */
      readonly emptyPageFps: number;
      /** This build first, then the baseline build when one was given. */
      readonly builds: readonly BuildResult[];
    }
  | { readonly skipped: true; readonly reason: string };

async function firstFrameMs(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => performance.getEntriesByName('dreamdrive:first-frame').length > 0, null, { timeout: 60_000 });
    return await page.evaluate(() => performance.getEntriesByName('dreamdrive:first-frame')[0].startTime);
  } finally {
    await context.close();
  }
}

/** Runs in the page; the root tsconfig has no DOM types, hence the casts of globalThis. */
interface PageGlobals {
  dreamdrive: { ready: Promise<void>; timeline: { play(): void; pause(): void; timeS: number }; bev: { framesRendered: number } };
  requestAnimationFrame(cb: (t: number) => void): number;
}

async function emptyPageFps(browser: Browser): Promise<number> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  try {
    return await page.evaluate(async (seconds) => {
      const g = globalThis as unknown as PageGlobals;
      let frames = 0;
      let on = true;
      const tick = () => {
        frames++;
        if (on) g.requestAnimationFrame(tick);
      };
      const t0 = performance.now();
      g.requestAnimationFrame(tick);
      await new Promise((r) => setTimeout(r, seconds * 1000));
      on = false;
      return frames / ((performance.now() - t0) / 1000);
    }, EMPTY_PAGE_S);
  } finally {
    await page.close();
  }
}

async function playback(browser: Browser, url: string): Promise<PlaybackResult> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  try {
    await page.goto(url);
    await page.evaluate(() => (globalThis as unknown as PageGlobals).dreamdrive.ready);
    const cpu0 = descendantsCpuMs();
    const run = await page.evaluate(
      async (playS) => {
        const g = globalThis as unknown as PageGlobals;
        const dd = g.dreamdrive;
        const intervals: number[] = [];
        let last = performance.now();
        let on = true;
        const tick = (t: number) => {
          intervals.push(t - last);
          last = t;
          if (on) g.requestAnimationFrame(tick);
        };
        const frames0 = dd.bev.framesRendered;
        const t0 = performance.now();
        dd.timeline.play();
        g.requestAnimationFrame(tick);
        await new Promise((r) => setTimeout(r, playS * 1000));
        on = false;
        dd.timeline.pause();
        const seconds = (performance.now() - t0) / 1000;
        const frames = dd.bev.framesRendered - frames0;
        const sorted = intervals.slice(2).sort((a, b) => a - b);
        const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
        return { seconds, frames, fps: frames / seconds, medianFrameMs: at(0.5), p95FrameMs: at(0.95), worstFrameMs: sorted[sorted.length - 1] ?? NaN, stepsShown: Math.round(dd.timeline.timeS * 10) };
      },
      PLAY_S,
    );
    const cpu1 = descendantsCpuMs();
    return { ...run, cpuMsPerFrame: cpu0 === null || cpu1 === null ? null : (cpu1 - cpu0) / Math.max(1, run.frames) };
  } finally {
    await page.close();
  }
}

export async function viewerBench(baselineDir = process.env.DREAMDRIVE_VIEWER_BASELINE): Promise<ViewerBenchResult> {
  const problem = browserProblem();
  if (problem !== null) return { skipped: true, reason: problem };
  const root = mkdtempSync(join(tmpdir(), 'dreamdrive-viewer-bench-'));
  const logsDir = join(root, 'logs');
  const big = await writeSyntheticRollout(logsDir, BENCH_ACTORS, BENCH_STEPS);
  const servers: { build: string; running: RunningServer }[] = [];
  for (const [build, viewerDir] of [['this build', VIEWER_DIST], ...(baselineDir ? [[baselineDir, baselineDir]] : [])]) {
    servers.push({ build, running: await listen(createApp({ logsDir, scenariosDir: join(root, 'scenarios'), viewerDir, log: () => undefined }), { port: 0 }) });
  }
  const browser = await launchChromium();
  try {
    const created = await fetch(`${servers[0].running.url}/api/rollouts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario: 'cut_in', policy: 'idm' }) });
    const small = ((await created.json()) as { id: string }).id;
    const results = servers.map(({ build }) => ({ build, firstFrame: [] as FirstFrameResult[], playbacks: [] as PlaybackResult[] }));
    for (const id of [small, big]) {
      // The first request decodes the log on the server (each server its own cache); the loads
      // then measure the viewer, not the log decoding.
      const bytes = await Promise.all(servers.map(async (s) => (await (await fetch(`${s.running.url}/api/rollouts/${id}/track`)).arrayBuffer()).byteLength));
      const loads = servers.map(() => [] as number[]);
      for (let i = 0; i < LOADS; i++) {
        for (const [k, s] of servers.entries()) loads[k].push(await firstFrameMs(browser, `${s.running.url}/?rollout=${id}&t=0`));
      }
      const rollout = id.startsWith('bench-') ? `synthetic ${BENCH_STEPS} steps x ${BENCH_ACTORS} actors` : 'cut_in (120 steps, 2 actors)';
      results.forEach((r, k) => r.firstFrame.push({ rollout, trackBytes: bytes[k], loadsMs: loads[k] }));
    }
    for (let i = 0; i < PLAYBACKS; i++) {
      for (const [k, s] of servers.entries()) results[k].playbacks.push(await playback(browser, `${s.running.url}/?rollout=${big}&t=0`));
    }
    return { skipped: false, emptyPageFps: await emptyPageFps(browser), builds: results };
  } finally {
    await browser.close();
    for (const s of servers) await s.running.close();
    rmSync(root, { recursive: true, force: true });
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const meanFps = (b: BuildResult) => b.playbacks.reduce((sum, p) => sum + p.fps, 0) / b.playbacks.length;
const meanCpu = (b: BuildResult) => (b.playbacks.every((p) => p.cpuMsPerFrame !== null) ? b.playbacks.reduce((sum, p) => sum + (p.cpuMsPerFrame as number), 0) / b.playbacks.length : null);

export function formatViewerBench(r: ViewerBenchResult): string {
  if (r.skipped) return `viewer in headless Chromium: skipped (${r.reason})\n`;
  const lines = [`viewer in headless Chromium (production build, SwiftShader WebGL2; fresh context per load); an empty page gets ${r.emptyPageFps.toFixed(1)} animation frames/s here now`];
  for (const b of r.builds) {
    if (r.builds.length > 1) lines.push(`-- ${b.build}`);
    lines.push('rollout                               track MB  first frame ms (each load)    median  vs 2 s');
    for (const f of b.firstFrame) {
      const m = median(f.loadsMs);
      lines.push(`${f.rollout.padEnd(37)} ${(f.trackBytes / 1e6).toFixed(2).padStart(8)}  ${f.loadsMs.map((x) => x.toFixed(0)).join(', ').padEnd(28)} ${m.toFixed(0).padStart(6)}  ${(TARGET_FIRST_FRAME_MS / m).toFixed(2)}x`);
    }
    lines.push(`playback of ${BENCH_STEPS} steps x ${BENCH_ACTORS} actors at 1x from the start, ${PLAY_S} s per run:`);
    for (const p of b.playbacks) {
      lines.push(
        `  ${p.frames} frames in ${p.seconds.toFixed(1)} s = ${p.fps.toFixed(1)} fps (${(p.fps / TARGET_FPS).toFixed(2)}x the 30 fps target, ${(p.fps / r.emptyPageFps).toFixed(2)}x the empty page), frame interval median ${p.medianFrameMs.toFixed(0)} ms, p95 ${p.p95FrameMs.toFixed(0)} ms, slowest ${p.worstFrameMs.toFixed(0)} ms; ${p.cpuMsPerFrame === null ? '' : `browser CPU ${p.cpuMsPerFrame.toFixed(1)} ms per frame; `}${p.stepsShown} steps played`,
      );
    }
  }
  if (r.builds.length > 1) {
    const [now, base] = r.builds;
    const ff = now.firstFrame.map((f, i) => `${f.rollout} ${(median(base.firstFrame[i].loadsMs) / median(f.loadsMs)).toFixed(2)}x`).join(', ');
    const cpuNow = meanCpu(now);
    const cpuBase = meanCpu(base);
    const cpu = cpuNow === null || cpuBase === null ? '' : `, ${(cpuBase / cpuNow).toFixed(2)}x less browser CPU per frame`;
    lines.push(`this build vs ${base.build}: first frame faster by ${ff} (baseline median / this median); playback ${(meanFps(now) / meanFps(base)).toFixed(2)}x the frame rate${cpu} (means of the runs)`);
  }
  return `${lines.join('\n')}\n`;
}

if (require.main === module) {
  viewerBench()
    .then((r) => process.stdout.write(formatViewerBench(r)))
    .catch((error: unknown) => {
      process.stderr.write(`viewer bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
