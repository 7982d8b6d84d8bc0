/**
 * A progress bar on stderr for work longer than a couple of seconds. On a terminal it redraws one
 * line; elsewhere (CI logs, pipes) it prints a line at most every 10 % so logs stay short.
 */
export interface Progress {
  tick(done: number): void;
  finish(): void;
}

const BAR_WIDTH = 28;

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '--';
  if (s < 60) return `${s.toFixed(0)}s`;
  return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
}

export function createProgress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr, enabled = true): Progress {
  const start = Date.now();
  const tty = stream.isTTY === true;
  let lastDecile = -1;
  const render = (done: number): string => {
    const frac = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(frac * BAR_WIDTH);
    const elapsedS = (Date.now() - start) / 1000;
    const etaS = done > 0 ? (elapsedS / done) * (total - done) : Infinity;
    const rate = elapsedS > 0 ? done / elapsedS : 0;
    return `${label} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${done}/${total} ${rate.toFixed(1)}/s eta ${formatSeconds(etaS)}`;
  };
  return {
    tick(done) {
      if (!enabled) return;
      if (tty) stream.write(`\r${render(done)}`);
      else {
        const decile = Math.floor((done / Math.max(1, total)) * 10);
        if (decile > lastDecile) {
          lastDecile = decile;
          stream.write(`${render(done)}\n`);
        }
      }
    },
    finish() {
      if (enabled && tty) stream.write('\n');
    },
  };
}
