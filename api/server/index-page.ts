/** The page GET / serves until the viewer is built (viewer/dist): the API's routes, nothing more. */
import { OPENAPI_DOCUMENT } from './openapi';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}

export function indexPage(): string {
  const rows: string[] = [];
  for (const [path, item] of Object.entries(OPENAPI_DOCUMENT.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (method === 'parameters') continue;
      rows.push(`<tr><td>${method.toUpperCase()}</td><td><code>${escapeHtml(path)}</code></td><td>${escapeHtml((op as { summary: string }).summary)}</td></tr>`);
    }
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>dreamdrive API</title></head>
<body><h1>dreamdrive API</h1>
<p>The viewer is not built (no viewer/dist). The API is described in <a href="/api/openapi.json">/api/openapi.json</a>.</p>
<table>${rows.join('\n')}</table></body></html>
`;
}
