/**
 * The live sessions: at most `maxSessions` at once (429 beyond), each dropped after `idleTimeoutMs`
 * without a request (its log aborted). The sweep timer is unref'd, so it never keeps Node alive.
 */
import { randomUUID } from 'node:crypto';
import { HttpError } from './http-error';
import { Session, type SessionOptions } from './session';

export const DEFAULT_MAX_SESSIONS = 64;
export const DEFAULT_SESSION_IDLE_MS = 10 * 60 * 1000;

export class SessionStore {
  readonly #sessions = new Map<string, Session>();
  readonly #timer: NodeJS.Timeout;

  constructor(
    readonly maxSessions: number,
    readonly idleTimeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {
    // Sweeping at a tenth of the timeout keeps an expired session at most 10 % past its time.
    this.#timer = setInterval(() => void this.expire(), Math.max(50, idleTimeoutMs / 10));
    this.#timer.unref();
  }

  get size(): number {
    return this.#sessions.size;
  }

  create(options: Omit<SessionOptions, 'id' | 'logPath'>, logPathOf: (id: string) => string | null): Session {
    this.expire();
    if (this.#sessions.size >= this.maxSessions) {
      throw new HttpError(429, `too many sessions (${this.maxSessions} live); DELETE finished ones or wait for idle ones to expire`);
    }
    const id = randomUUID();
    const session = new Session({ ...options, id, logPath: logPathOf(id) });
    session.lastUsedMs = this.now();
    this.#sessions.set(id, session);
    return session;
  }

  get(id: string): Session {
    const session = this.#sessions.get(id);
    if (session === undefined) throw new HttpError(404, `unknown session '${id.slice(0, 64)}' (expired after ${this.idleTimeoutMs / 1000} s idle, deleted, or never created)`, 'id');
    session.lastUsedMs = this.now();
    return session;
  }

  async delete(id: string): Promise<void> {
    const session = this.get(id);
    this.#sessions.delete(id);
    await session.close();
  }

  /** Drops sessions idle longer than the timeout; returns how many. */
  expire(): number {
    const limit = this.now() - this.idleTimeoutMs;
    let n = 0;
    for (const [id, s] of this.#sessions) {
      if (s.lastUsedMs > limit) continue;
      this.#sessions.delete(id);
      void s.close().catch(() => undefined);
      n++;
    }
    return n;
  }

  async closeAll(): Promise<void> {
    clearInterval(this.#timer);
    const all = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.all(all.map((s) => s.close().catch(() => undefined)));
  }
}
