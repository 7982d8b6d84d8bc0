/** The OpenAPI document covers every route the app registers, and / and the descriptor set are served. */
import { createApp } from '../../../api/server/app';
import { OPENAPI_DOCUMENT, openApiPath } from '../../../api/server/openapi';
import { startTestServer } from './server-fixture';

interface Layer {
  readonly route?: { readonly path: string; readonly methods: Record<string, boolean> };
  readonly handle?: { readonly stack?: readonly Layer[] };
}

/** Every (method, path) of the app, sub-routers included (express 5: app.router.stack). */
function appRoutes(): { method: string; path: string }[] {
  const { app } = createApp({ log: () => undefined });
  const out: { method: string; path: string }[] = [];
  const walk = (stack: readonly Layer[]) => {
    for (const layer of stack) {
      if (layer.route) for (const m of Object.keys(layer.route.methods)) out.push({ method: m, path: layer.route.path });
      else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return out;
}

describe('the OpenAPI document', () => {
  test('converts express paths to OpenAPI templates', () => {
    expect(openApiPath('/api/rollouts/:id/frames/:file')).toBe('/api/rollouts/{id}/frames/{file}');
  });

  test('lists every route of the app with its method', () => {
    const routes = appRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(15);
    const paths = OPENAPI_DOCUMENT.paths as Record<string, Record<string, unknown>>;
    for (const r of routes) {
      const item = paths[openApiPath(r.path)];
      expect({ route: `${r.method} ${r.path}`, documented: item !== undefined && r.method in item }).toEqual({ route: `${r.method} ${r.path}`, documented: true });
    }
  });

  test('is served at /api/openapi.json, the API page at /, and the descriptor set as bytes', async () => {
    const server = await startTestServer({ viewerDir: '/nonexistent' });
    try {
      const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { openapi: string };
      expect(doc.openapi).toBe('3.1.0');
      const page = await (await fetch(`${server.url}/`)).text();
      expect(page).toContain('/api/openapi.json');
      const set = await fetch(`${server.url}/api/proto/descriptor-set`);
      expect(set.headers.get('content-type')).toContain('application/x-protobuf');
      expect(Buffer.from(await set.arrayBuffer()).includes('SessionProtocol')).toBe(true);
    } finally {
      await server.close();
    }
  });
});
