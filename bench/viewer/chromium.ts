/**
 * Debian's Chromium (apt-get install chromium; never a downloaded browser) driven by
 * playwright-core, for the viewer's browser tests, bench and README screenshots. WebGL2 runs on
 * SwiftShader (software), so the map really draws on a machine without a GPU.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { packageRoot } from '../../scenarios/library';

export const CHROMIUM_PATH = process.env.DREAMDRIVE_CHROMIUM ?? '/usr/bin/chromium';
export const VIEWER_DIST = join(packageRoot(), 'viewer', 'dist');

/** Software WebGL2, no sandbox (CI runs as root), and nothing that reaches the network. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why the viewer cannot be driven in a browser here, or null when it can. */
export function browserProblem(): string | null {
  if (!existsSync(CHROMIUM_PATH)) return `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set DREAMDRIVE_CHROMIUM)`;
  if (!existsSync(join(VIEWER_DIST, 'index.html'))) return `the viewer is not built (no ${VIEWER_DIST}/index.html; run npm run build)`;
  return null;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
}
