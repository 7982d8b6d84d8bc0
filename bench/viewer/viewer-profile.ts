/**
 * Where the viewer's time goes on the bench's 2,000-step, 100-actor rollout, measured through the
 * Chrome DevTools protocol rather than guessed: a sampling CPU profile of the page's main thread
 * (self time per function, and per script) and a trace of every process's threads (busy time of
 * the renderer main thread vs the GPU process, where SwiftShader rasterises WebGL), once for the
 * first load and once for a few seconds of playback at 1x.
 *
 *   node dist/bench/viewer/viewer-profile.js [--viewer DIR] [--play-s S]
 *
 * --viewer serves another build of the viewer (e.g. `vite build viewer --minify false --outDir
 * /tmp/viewer-plain`, so that the profile names functions); the default is viewer/dist.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { createApp } from '../../api/server/app';
import { listen } from '../../api/server/listen';
import { browserProblem, launchChromium, VIEWER_DIST } from './chromium';
import { writeSyntheticRollout } from './synthetic-rollout';
import { BENCH_ACTORS, BENCH_STEPS } from './viewer-bench';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number; readonly columnNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

interface TraceEvent {
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly name: string;
  readonly cat: string;
  readonly dur?: number;
  readonly ts: number;
  readonly args?: { readonly name?: string };
}

const TOP = 25;

function frameName(n: ProfileNode): string {
  const f = n.callFrame;
  if (f.url === '') return f.functionName || '(anonymous)';
  return `${f.functionName || '(anonymous)'} ${basename(f.url.split('?')[0])}:${f.lineNumber + 1}`;
}

/** Self time per function and per script (ms), and the profile's wall span. */
function summariseProfile(p: CpuProfile): { spanMs: number; functions: [string, number][]; scripts: [string, number][] } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000));
  const functions = new Map<string, number>();
  const scripts = new Map<string, number>();
  for (const [id, ms] of self) {
    const n = byId.get(id) as ProfileNode;
    const name = frameName(n);
    functions.set(name, (functions.get(name) ?? 0) + ms);
    const script = n.callFrame.url === '' ? n.callFrame.functionName || '(native)' : basename(n.callFrame.url.split('?')[0]);
    scripts.set(script, (scripts.get(script) ?? 0) + ms);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { spanMs: (p.endTime - p.startTime) / 1000, functions: sorted(functions).slice(0, TOP), scripts: sorted(scripts).slice(0, 12) };
}

/** Busy time (top-level tasks, ms) per named thread over the trace. */
function summariseTrace(events: readonly TraceEvent[]): [string, number][] {
  const processNames = new Map<number, string>();
  const threadNames = new Map<string, string>();
  for (const e of events) {
    if (e.ph !== 'M') continue;
    if (e.name === 'process_name') processNames.set(e.pid, e.args?.name ?? String(e.pid));
    if (e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, e.args?.name ?? String(e.tid));
  }
  // Top-level tasks only (nested slices would count twice): RunTask is each thread's task loop.
  const busy = new Map<string, number>();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined || !e.cat.split(',').includes('toplevel')) continue;
    if (e.name !== 'ThreadControllerImpl::RunTask' && e.name !== 'ThreadPool_RunTask') continue;
    const key = `${processNames.get(e.pid) ?? e.pid} / ${threadNames.get(`${e.pid}:${e.tid}`) ?? e.tid}`;
    busy.set(key, (busy.get(key) ?? 0) + e.dur / 1000);
  }
  return [...busy].sort((a, b) => b[1] - a[1]).filter(([, ms]) => ms >= 5);
}

/** Self time (ms) per slice name on the threads named `thread` (slices nest by time on one thread). */
function sliceSelfTimes(events: readonly TraceEvent[], thread: string): [string, number][] {
  const tids = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === thread).map((e) => `${e.pid}:${e.tid}`));
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph !== 'X' || e.dur === undefined || !tids.has(key)) continue;
    byThread.set(key, [...(byThread.get(key) ?? []), e]);
  }
  const self = new Map<string, number>();
  for (const slices of byThread.values()) {
    slices.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    const stack: { end: number; name: string }[] = [];
    for (const e of slices) {
      while (stack.length > 0 && stack[stack.length - 1].end <= e.ts) stack.pop();
      const parent = stack[stack.length - 1];
      const dur = (e.dur ?? 0) / 1000;
      if (parent !== undefined) self.set(parent.name, (self.get(parent.name) ?? 0) - dur);
      self.set(e.name, (self.get(e.name) ?? 0) + dur);
      stack.push({ end: e.ts + (e.dur ?? 0), name: e.name });
    }
  }
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, 12);
}

async function traced<T>(cdp: CDPSession, body: () => Promise<T>): Promise<{ result: T; profile: CpuProfile; trace: TraceEvent[] }> {
  const trace: TraceEvent[] = [];
  const collect = (m: { value: unknown[] }) => trace.push(...(m.value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', collect);
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel', 'devtools.timeline', 'gpu', '__metadata'], recordMode: 'recordContinuously' }, transferMode: 'ReportEvents' });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
  await cdp.send('Profiler.start');
  const result = await body();
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.send('Tracing.end');
  await complete;
  cdp.off('Tracing.dataCollected', collect);
  return { result, profile: profile as unknown as CpuProfile, trace };
}

function report(title: string, wallMs: number, profile: CpuProfile, trace: readonly TraceEvent[]): string {
  const p = summariseProfile(profile);
  const lines = [`== ${title}: ${wallMs.toFixed(0)} ms wall, CPU profile of the page's main thread over ${p.spanMs.toFixed(0)} ms`];
  lines.push('  self ms  script');
  for (const [s, ms] of p.scripts) lines.push(`  ${ms.toFixed(0).padStart(7)}  ${s}`);
  lines.push('  self ms  function');
  for (const [f, ms] of p.functions) lines.push(`  ${ms.toFixed(0).padStart(7)}  ${f}`);
  lines.push('  busy ms  process / thread (trace, top-level tasks)');
  for (const [t, ms] of summariseTrace(trace)) lines.push(`  ${ms.toFixed(0).padStart(7)}  ${t}`);
  for (const thread of ['CrRendererMain', 'CrGpuMain']) {
    lines.push(`  self ms  ${thread} slice`);
    for (const [name, ms] of sliceSelfTimes(trace, thread)) lines.push(`  ${ms.toFixed(0).padStart(7)}  ${name}`);
  }
  return lines.join('\n');
}

async function playFor(page: Page, seconds: number): Promise<{ frames: number; seconds: number }> {
  return page.evaluate(async (playS) => {
    const dd = (globalThis as unknown as { dreamdrive: { timeline: { play(): void; pause(): void }; bev: { framesRendered: number } } }).dreamdrive;
    const frames0 = dd.bev.framesRendered;
    const t0 = performance.now();
    dd.timeline.play();
    await new Promise((r) => setTimeout(r, playS * 1000));
    dd.timeline.pause();
    return { frames: dd.bev.framesRendered - frames0, seconds: (performance.now() - t0) / 1000 };
  }, seconds);
}

async function main(): Promise<void> {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(name);
    return i < 0 ? undefined : process.argv[i + 1];
  };
  const viewerDir = arg('--viewer') ?? VIEWER_DIST;
  const playS = Number(arg('--play-s') ?? '4');
  const problem = browserProblem();
  if (problem !== null) throw new Error(problem);
  const root = mkdtempSync(join(tmpdir(), 'dreamdrive-viewer-profile-'));
  const logsDir = join(root, 'logs');
  const id = await writeSyntheticRollout(logsDir, BENCH_ACTORS, BENCH_STEPS);
  const running = await listen(createApp({ logsDir, scenariosDir: join(root, 'scenarios'), viewerDir, log: () => undefined }), { port: 0 });
  const browser = await launchChromium();
  try {
    // The server decodes the log on its first request; warm it so the load measures the viewer.
    await (await fetch(`${running.url}/api/rollouts/${id}/track`)).arrayBuffer();
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    await page.goto(`${running.url}/index.html?warm`);
    const cdp = await page.context().newCDPSession(page);
    const t0 = Date.now();
    const load = await traced(cdp, async () => {
      await page.goto(`${running.url}/?rollout=${id}&t=0`);
      await page.waitForFunction(() => performance.getEntriesByName('dreamdrive:first-frame').length > 0, null, { timeout: 60_000 });
      return page.evaluate(() => performance.getEntriesByType('mark').map((m) => `${m.name} ${m.startTime.toFixed(0)} ms`));
    });
    process.stdout.write(`${report(`first load of ${BENCH_STEPS} steps x ${BENCH_ACTORS} actors`, Date.now() - t0, load.profile, load.trace)}\n  marks: ${load.result.join(', ')}\n\n`);
    await page.evaluate(() => (globalThis as unknown as { dreamdrive: { ready: Promise<void> } }).dreamdrive.ready);
    const t1 = Date.now();
    const play = await traced(cdp, () => playFor(page, playS));
    process.stdout.write(`${report(`playback at 1x for ${playS} s: ${play.result.frames} frames, ${(play.result.frames / play.result.seconds).toFixed(1)} fps`, Date.now() - t1, play.profile, play.trace)}\n`);
  } finally {
    await browser.close();
    await running.close();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`viewer-profile failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
