/**
 * `dreamdrive serve`: the HTTP API (api/server/app.ts) on a port, loopback by default. Runs until
 * SIGINT/SIGTERM, then ends the sessions (aborting their logs) and exits 0.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../../scenarios/library';
import { createApp } from '../../server/app';
import { DEFAULT_HOST, DEFAULT_PORT, listen } from '../../server/listen';
import { DEFAULT_MAX_SESSIONS } from '../../server/session-store';
import { intOption, parseCommandArgs } from '../args';
import { CliError } from '../cli-error';
import type { Command } from './command';

const USAGE = `usage: dreamdrive serve [options]

  --port N                port (default ${DEFAULT_PORT}; 0 picks a free one)
  --host ADDR             address to bind (default ${DEFAULT_HOST}: this machine only)
  --scenarios DIR         where saved scenarios live (PUT /api/scenarios/:name writes there)
  --logs DIR              where rollout and session logs (MCAP) are written
  --max-sessions N        concurrent closed-loop sessions (default ${DEFAULT_MAX_SESSIONS})
  --session-idle S        seconds before an idle session expires (default 600)

  The API is described at /api/openapi.json.`;

const MAX_PORT = 65535;

export const serveCommand: Command = {
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseCommandArgs('serve', argv, {
      port: { type: 'string' },
      host: { type: 'string' },
      scenarios: { type: 'string' },
      logs: { type: 'string' },
      'max-sessions': { type: 'string' },
      'session-idle': { type: 'string' },
    });
    if (positionals.length > 0) throw new CliError(`dreamdrive serve: unexpected argument '${positionals[0]}'`, 2);
    const port = intOption('serve', 'port', values.port, DEFAULT_PORT, 0);
    if (port > MAX_PORT) throw new CliError(`dreamdrive serve: --port must be at most ${MAX_PORT}, got ${port}`, 2);
    const host = values.host ?? DEFAULT_HOST;
    const api = createApp({
      scenariosDir: values.scenarios ?? null,
      logsDir: values.logs ?? null,
      maxSessions: intOption('serve', 'max-sessions', values['max-sessions'], DEFAULT_MAX_SESSIONS, 1),
      sessionIdleMs: intOption('serve', 'session-idle', values['session-idle'], 600, 1) * 1000,
    });
    let running;
    try {
      running = await listen(api, { port, host });
    } catch (error) {
      await api.close();
      throw new CliError(`dreamdrive serve: cannot listen on ${host}:${port}: ${(error as Error).message}`, 2);
    }
    process.stdout.write(`dreamdrive API on ${running.url} (OpenAPI: ${running.url}/api/openapi.json)\n`);
    if (existsSync(join(packageRoot(), 'viewer', 'dist', 'index.html'))) process.stdout.write(`viewer: open ${running.url}/ in a browser\n`);
    if (host !== DEFAULT_HOST && host !== 'localhost' && host !== '::1') process.stderr.write(`warning: listening on ${host}: the API has no authentication\n`);
    const server = running;
    await new Promise<void>((done) => {
      const stop = () => void server.close().then(done);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
