/**
 * CPU time used by this process's descendants (the browser, its renderer and GPU processes, and
 * the SwiftShader threads in them), read from Linux /proc. The viewer bench divides it by the
 * frames drawn: unlike a frame rate, CPU ms per frame hardly changes when other work on the
 * machine takes cores away, so a before/after ratio holds on a busy machine.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_S = 100;

interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  /** utime + stime, ticks. */
  readonly ticks: number;
}

function readStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces; the fields after it are fixed.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

/** CPU ms used so far by the live descendants of `rootPid`, or null where /proc is not there. */
export function descendantsCpuMs(rootPid = process.pid): number | null {
  let pids: number[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  } catch {
    return null;
  }
  const stats = pids.map(readStat).filter((s): s is ProcStat => s !== null);
  const children = new Map<number, ProcStat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  let ticks = 0;
  const todo = [...(children.get(rootPid) ?? [])];
  while (todo.length > 0) {
    const s = todo.pop() as ProcStat;
    ticks += s.ticks;
    todo.push(...(children.get(s.pid) ?? []));
  }
  return (ticks * 1000) / TICKS_PER_S;
}
