/**
 * The `--queue` address: `redis://[user:password@]host[:port][/db]`, or `rediss://` for TLS. It is
 * checked once at the CLI boundary so that a typo gets a message naming the part that is wrong
 * instead of a connection attempt somewhere unexpected. The password never appears in `display`,
 * which is what messages and reports print.
 */
import { QueueError } from './queue-error';

export const DEFAULT_REDIS_PORT = 6379;

export interface QueueAddress {
  /** The URL as given, handed to ioredis (which reads credentials, TLS and the db from it). */
  readonly url: string;
  /** `redis://host:port[/db]`, without credentials. */
  readonly display: string;
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly tls: boolean;
}

const EXAMPLE = 'redis://127.0.0.1:6379';

function bad(text: string, why: string): never {
  throw new QueueError(`--queue '${text}': ${why} (expected redis://HOST[:PORT][/DB] or rediss://..., e.g. ${EXAMPLE})`, true);
}

export function parseQueueUrl(text: string): QueueAddress {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    bad(text, 'not a URL');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') bad(text, `only redis:// and rediss:// are supported, not ${url.protocol}//`);
  // WHATWG URL keeps the brackets of an IPv6 host; a missing host parses as ''.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') bad(text, 'no host');
  // The URL parser has already refused ports that are not integers in 0..65535.
  const port = url.port === '' ? DEFAULT_REDIS_PORT : Number(url.port);
  if (port === 0) bad(text, 'port 0 is not a port Redis listens on');
  const path = url.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d{1,5}$/.test(path)) bad(text, `the path must be a database number, got '/${path}'`);
  if (url.search !== '' || url.hash !== '') bad(text, 'query parameters and fragments are not supported');
  const db = path === '' ? 0 : Number(path);
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return { url: text, display: `${url.protocol}//${hostPart}:${port}${db === 0 ? '' : `/${db}`}`, host, port, db, tls: url.protocol === 'rediss:' };
}
