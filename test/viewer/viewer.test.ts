/**
 * Browser acceptance tests of the viewer: the real server and the production build in Debian's
 * headless Chromium. They look at pixels (screenshots), not only at the DOM: the map must show
 * road and the ego, the camera pane a rendered frame, and a scrub must change that frame.
 */
import { PNG_COLOUR_TOLERANCE, countColour, decodeScreenshot, distinctColours, pollUntil } from './pixels';
import type { Browser, Page } from 'playwright-core';
import { browserTestProblem, launchBrowser, newPage, startViewerServer, type ViewerServer } from './browser-fixture';

let server: ViewerServer;
let browser: Browser;
let page: Page;
let rolloutId: string;

const ROAD: [number, number, number] = [86, 86, 90];
const EGO: [number, number, number] = [255, 140, 0];

beforeAll(async () => {
  const problem = browserTestProblem();
  if (problem !== null) throw new Error(`browser tests cannot run: ${problem}`);
  server = await startViewerServer();
  const res = await fetch(`${server.url}/api/rollouts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario: 'cut_in', policy: 'idm' }) });
  rolloutId = ((await res.json()) as { id: string }).id;
  browser = await launchBrowser();
  page = await newPage(browser);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Waits for the app's start-up, then until the element's pixels satisfy `check`. */
async function waitForPixels(selector: string, check: (png: ReturnType<typeof decodeScreenshot>) => boolean, timeoutMs = 15000): Promise<ReturnType<typeof decodeScreenshot>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const png = decodeScreenshot(await page.locator(selector).screenshot());
    if (check(png)) return png;
    if (Date.now() > until) throw new Error(`${selector} never showed the expected pixels`);
    await page.waitForTimeout(150);
  }
}

const referenceSrc = () => page.locator('img[data-camera=reference]').getAttribute('src');

test('the app loads a rollout and draws the map (road, ego) and the reference camera frame', async () => {
  await page.goto(`${server.url}/?rollout=${rolloutId}`);
  await page.evaluate(() => (globalThis as unknown as { dreamdrive: { ready: Promise<void> } }).dreamdrive.ready);
  const map = await waitForPixels('#map', (png) => countColour(png, ROAD, PNG_COLOUR_TOLERANCE) > 2000 && countColour(png, EGO, PNG_COLOUR_TOLERANCE) > 20);
  expect(countColour(map, ROAD, PNG_COLOUR_TOLERANCE)).toBeGreaterThan(2000);
  // A rendered 64 x 64 frame upscaled: many colours (sky, road, grass), not an empty box.
  await waitForPixels('img[data-camera=reference]', (png) => distinctColours(png) > 20);
  // Without world-model frames, the model slot says why instead of showing a broken image.
  await expect(page.locator('.frame-box .missing').first().textContent()).resolves.toMatch(/no world-model frames/);
});

test('scrubbing the timeline changes the camera frame', async () => {
  const before = decodeScreenshot(await page.locator('img[data-camera=reference]').screenshot());
  const slider = page.getByTestId('scrubber');
  await slider.focus();
  await page.keyboard.press('End');
  await page.waitForFunction(() => (globalThis as unknown as PageGlobals).document.querySelector('img[data-camera=reference]')?.getAttribute('src')?.includes('/frames/120.png'));
  const after = await waitForPixels('img[data-camera=reference]', (png) => !png.data.equals(before.data));
  expect(after.data.equals(before.data)).toBe(false);
  expect(await page.locator('#timeline .time').textContent()).toMatch(/^12\.0 \/ 12\.0 s/);
});

test('a share link opens the rollout at its time', async () => {
  await page.goto(`${server.url}/?rollout=${rolloutId}&t=5`);
  await page.evaluate(() => (globalThis as unknown as { dreamdrive: { ready: Promise<void> } }).dreamdrive.ready);
  expect(await page.getByTestId('scrubber').inputValue()).toBe('50');
  await page.waitForFunction(() => (globalThis as unknown as PageGlobals).document.querySelector('img[data-camera=reference]')?.getAttribute('src')?.includes('/frames/50.png'));
  expect(await referenceSrc()).toContain(`/api/rollouts/${rolloutId}/frames/50.png`);
  await waitForPixels('#map', (png) => countColour(png, EGO, PNG_COLOUR_TOLERANCE) > 20);
});

/** What the page functions read (the tests compile without DOM types; these run in the browser). */
interface PageGlobals {
  readonly document: { querySelector(selector: string): { getAttribute(name: string): string | null; textContent: string | null } | null };
}

interface EditorHandle {
  readonly kind: string;
  readonly path: (string | number)[];
  readonly x: number;
  readonly y: number;
}

async function editorSettled(): Promise<void> {
  await page.evaluate(() => (globalThis as unknown as { dreamdrive: { editor: { settled: Promise<void> } } }).dreamdrive.editor.settled);
}

test('dragging an ego waypoint on the map, saving and reloading keeps the change in the saved YAML', async () => {
  const name = 'drag_test';
  const template = await page.evaluate(async () => (await fetch('/api/scenarios/cut_in')).json() as Promise<{ text: string }>);
  const text = template.text
    .replace(/^name: .*$/m, `name: ${name}`)
    .replace('trajectory: { type: constant_speed, speed: ego_speed }', 'trajectory:\n    - { t: 0, lane: lane1, s: 50 }\n    - { t: 2, lane: lane1, s: 100 }\n    - { t: 12, lane: lane1, s: 350 }');
  expect((await fetch(`${server.url}/api/scenarios/${name}`, { method: 'PUT', headers: { 'content-type': 'text/yaml' }, body: text })).status).toBe(201);

  await page.goto(`${server.url}/?edit=${name}`);
  await page.evaluate(() => (globalThis as unknown as { dreamdrive: { ready: Promise<void> } }).dreamdrive.ready);
  await editorSettled();
  await page.waitForFunction(() => (globalThis as unknown as { dreamdrive: { editor: { handles: unknown[] } } }).dreamdrive.editor.handles.length >= 4);
  const handle = await page.evaluate(() => {
    const dd = (globalThis as unknown as { dreamdrive: { editor: { handles: EditorHandle[] }; project(x: number, y: number): [number, number] } }).dreamdrive;
    const h = dd.editor.handles.find((k) => k.kind === 'ego_waypoint' && k.path[2] === 1) as EditorHandle;
    return { from: dd.project(h.x, h.y), to: dd.project(h.x + 10, h.y + 1.75), x: h.x };
  });
  await page.waitForTimeout(300); // deck.gl picks on the next frame after the layers change
  await page.mouse.move(handle.from![0], handle.from![1]);
  await page.mouse.down();
  await page.mouse.move(handle.to![0], handle.to![1], { steps: 8 });
  await page.mouse.up();
  await page.waitForFunction(() => /s: 1(0[5-9]|1[0-5])/.test(((globalThis as unknown as PageGlobals).document.querySelector('textarea.yaml') as unknown as { value: string }).value));
  await editorSettled();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForFunction(() => /saved as/.test((globalThis as unknown as PageGlobals).document.querySelector('[data-role=status]')?.textContent ?? ''));

  await page.reload();
  await page.evaluate(() => (globalThis as unknown as { dreamdrive: { ready: Promise<void> } }).dreamdrive.ready);
  const saved = ((await (await fetch(`${server.url}/api/scenarios/${name}`)).json()) as { text: string }).text;
  const moved = /- \{ t: 2, lane: lane1, s: ([\d.]+), d: ([-\d.]+) \}/.exec(saved);
  expect(moved).not.toBeNull();
  // Dragged 10 m along the lane and 1.75 m to the left (half a lane), to within a few pixels.
  expect(Number(moved![1])).toBeCloseTo(110, -0.5);
  expect(Number(moved![2])).toBeCloseTo(1.75, 0);
  expect(await page.locator('textarea.yaml').inputValue()).toContain(moved![0]);
  // Everything else is as it was (comments, other waypoints, layout).
  expect(saved.replace(moved![0], '- { t: 2, lane: lane1, s: 100 }')).toBe(text);
});

test('an invalid value shows the server error next to its field', async () => {
  const field = page.locator('.field[data-path=duration]');
  await field.locator('input').fill('-4');
  expect(await pollUntil(() => field.locator('.error').textContent(), (t) => /must be greater than 0/.test(t ?? ''))).toMatch(/must be greater than 0, got -4/);
  expect(await field.getAttribute('class')).toContain('invalid');
  await field.locator('input').fill('12');
  expect(await pollUntil(() => field.locator('.error').textContent(), (t) => t === '')).toBe('');
});
