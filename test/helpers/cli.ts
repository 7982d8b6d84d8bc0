/**
 * Runs the real `dreamdrive` CLI (bin/dreamdrive.js -> dist/) in a child process, as a user would.
 * The CLI is compiled by `npm run build` (which `npm test` runs first); these helpers refuse to run
 * against a missing build instead of reporting confusing launcher errors.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.join(__dirname, '..', '..');
export const CLI_BIN = path.join(REPO_ROOT, 'bin', 'dreamdrive.js');
const BUILT_MAIN = path.join(REPO_ROOT, 'dist', 'api', 'cli', 'main.js');

/**
 * Longest a single CLI call may take, ms. The slowest call in the tests (a 2-worker sweep) takes
 * ~6 s on 2 cores; anything near this limit is a hang (e.g. a parser stuck on a hostile spec).
 */
export const CLI_TIMEOUT_MS = 20_000;

/** A line of a JavaScript stack trace ("    at fn (file:line:col)"), which a user must never see. */
export const STACK_LINE = /^ {4}at /m;

export interface CliResult {
  readonly args: readonly string[];
  /** Exit code; null when the process was killed (see timedOut). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly durationMs: number;
}

/** Throws a clear message when dist/ has not been built: the CLI tests exercise the compiled CLI. */
export function assertBuilt(): void {
  if (!existsSync(BUILT_MAIN)) {
    throw new Error(`${path.relative(REPO_ROOT, BUILT_MAIN)} is missing: run npm run build first (npm test does it for you)`);
  }
}

/** Runs `dreamdrive ...args` with node's own binary; resolves (never rejects) with what it printed. */
export function runCli(args: readonly string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  assertBuilt();
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, DREAMDRIVE_DEBUG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? CLI_TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ args, code, stdout, stderr, timedOut, durationMs: Date.now() - started });
    });
  });
}

/**
 * Runs several CLI calls with at most `concurrency` at a time (each call spends ~1 s loading
 * modules on one core, so two at a time halves the wall time on a 2-core machine).
 */
export async function runCliAll(calls: readonly (readonly string[])[], concurrency = 2): Promise<CliResult[]> {
  const results: CliResult[] = new Array(calls.length);
  let next = 0;
  const lane = async () => {
    while (next < calls.length) {
      const i = next++;
      results[i] = await runCli(calls[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, calls.length) }, lane));
  return results;
}

/** One line describing a call, for failure messages. */
export function describeCall(r: CliResult): string {
  return `dreamdrive ${r.args.join(' ')} -> exit ${r.code}${r.timedOut ? ' (timed out)' : ''}\n--- stdout\n${r.stdout.slice(0, 2000)}\n--- stderr\n${r.stderr.slice(0, 2000)}`;
}
