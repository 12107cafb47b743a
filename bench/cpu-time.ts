import { readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc reports CPU time in these ticks (100 a second on every mainstream kernel). */
const TICKS_PER_SECOND = 100;

/** User plus system CPU time of a process (or of one of its threads) in ms, from /proc; undefined elsewhere. */
export function cpuMs(pid: number, thread?: number): number | undefined {
  try {
    const stat = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at state, field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const user = Number(fields[11]);
    const system = Number(fields[12]);
    if (!Number.isFinite(user) || !Number.isFinite(system)) return undefined;
    return ((user + system) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * CPU time of this process's main thread (the event loop) in ms. Unlike event-loop utilisation
 * it does not count time the thread was runnable but waiting for a core, so it stays honest on a
 * machine shared with other work.
 */
export function mainThreadCpuMs(): number | undefined {
  return cpuMs(process.pid, process.pid);
}
