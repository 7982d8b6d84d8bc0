/** Runs a DreamdriveApp on a port (loopback unless told otherwise) and stops it cleanly. */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { DreamdriveApp } from './app';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8080;

export interface RunningServer {
  /** e.g. `http://127.0.0.1:8080` (the port actually bound when 0 was asked). */
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

export function listen(api: DreamdriveApp, options: { port?: number; host?: string } = {}): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  return new Promise((resolve, reject) => {
    const server = api.app.listen(options.port ?? DEFAULT_PORT, host, (error?: Error) => {
      if (error) {
        reject(error);
        return;
      }
      const { port } = server.address() as AddressInfo;
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shown}:${port}`,
        port,
        server,
        close: async () => {
          await api.close();
          await new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          });
        },
      });
    });
    server.once('error', reject);
  });
}
