/**
 * Browser tests' fixture: the real server (createApp, viewer/dist as built by `npm run build`) on
 * an ephemeral loopback port with temp scenarios and logs dirs, and Debian's Chromium
 * (bench/viewer/chromium.ts: playwright-core, SwiftShader WebGL2, no downloaded browser).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createApp } from '../../api/server/app';
import { listen, type RunningServer } from '../../api/server/listen';
import { browserProblem, launchChromium, VIEWER_DIST } from '../../bench/viewer/chromium';

export interface ViewerServer extends RunningServer {
  readonly scenariosDir: string;
  readonly logsDir: string;
}

/** Why the browser tests cannot run here, or null when they can. */
export const browserTestProblem = browserProblem;
export const launchBrowser = launchChromium;

export async function startViewerServer(): Promise<ViewerServer> {
  const root = mkdtempSync(join(tmpdir(), 'dreamdrive-viewer-'));
  const scenariosDir = join(root, 'scenarios');
  const logsDir = join(root, 'logs');
  const api = createApp({ scenariosDir, logsDir, viewerDir: VIEWER_DIST, log: () => undefined });
  const running = await listen(api, { port: 0 });
  return {
    ...running,
    scenariosDir,
    logsDir,
    close: async () => {
      await running.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export async function newPage(browser: Browser, width = 1400, height = 860): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  page.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`));
  return page;
}
