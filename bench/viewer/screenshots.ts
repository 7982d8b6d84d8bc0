/**
 * `npm run screenshots`: regenerates the viewer screenshots in README.md (docs/images/viewer_*.png)
 * from the production build, the real server and headless Chromium:
 *
 *   viewer_replay.png    a cut_in rollout (IDM ego) at t = 4.5 s: map, camera pane, timeline
 *   viewer_editor.png    authoring a new scenario: handles on the map, a validation error beside
 *                        its field, and a parameter sweep's table
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../api/server/app';
import { listen } from '../../api/server/listen';
import { packageRoot } from '../../scenarios/library';
import { browserProblem, launchChromium, VIEWER_DIST } from './chromium';

const OUT_DIR = join(packageRoot(), 'docs', 'images');
const VIEWPORT = { width: 1400, height: 860 };

interface PageApi {
  dreamdrive: { ready: Promise<void>; editor: { settled: Promise<void> } };
}

async function main(): Promise<void> {
  const problem = browserProblem();
  if (problem !== null) throw new Error(problem);
  const root = mkdtempSync(join(tmpdir(), 'dreamdrive-screenshots-'));
  const running = await listen(createApp({ logsDir: join(root, 'logs'), scenariosDir: join(root, 'scenarios'), viewerDir: VIEWER_DIST, log: () => undefined }), { port: 0 });
  const browser = await launchChromium();
  try {
    mkdirSync(OUT_DIR, { recursive: true });
    const page = await browser.newPage({ viewport: VIEWPORT });
    const created = await fetch(`${running.url}/api/rollouts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario: 'cut_in', policy: 'idm' }) });
    const { id } = (await created.json()) as { id: string };
    await page.goto(`${running.url}/?rollout=${id}&t=4.5`);
    await page.evaluate(() => (globalThis as unknown as PageApi).dreamdrive.ready);
    await page.waitForTimeout(1500); // camera frames and tiles settle
    await page.screenshot({ path: join(OUT_DIR, 'viewer_replay.png') });

    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.goto(`${running.url}/?new=1`);
    await page.evaluate(() => (globalThis as unknown as PageApi).dreamdrive.ready);
    await page.evaluate(() => (globalThis as unknown as PageApi).dreamdrive.editor.settled);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('button', { name: 'Sweep' }).waitFor();
    await page.getByLabel('sweep parameter').selectOption('gap');
    await page.getByRole('button', { name: 'Sweep' }).click();
    await page.getByTestId('sweep-table').waitFor({ timeout: 60_000 });
    await page.locator('.field[data-path=duration] input').fill('-2');
    await page.waitForFunction(() => /must be/.test((globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }).document.querySelector('.field[data-path=duration] .error')?.textContent ?? ''));
    await page.locator('#side').evaluate((el) => el.scrollTo(0, 0));
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(OUT_DIR, 'viewer_editor.png') });
    process.stdout.write(`wrote ${join(OUT_DIR, 'viewer_replay.png')} and viewer_editor.png\n`);
  } finally {
    await browser.close();
    await running.close();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`screenshots failed: ${(error as Error).message}\n`);
  process.exit(1);
});
