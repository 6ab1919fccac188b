import fs from 'node:fs';

/** Linux clock ticks per second (USER_HZ); 100 on every mainstream kernel configuration. */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may contain spaces; fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / TICKS_PER_SECOND;
}

/** Resident set size in bytes, from /proc/<pid>/status. */
export function rssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

/** Measures the share of one core some processes used, together, between `start()` and `stop()`. */
export class CpuMeter {
  readonly #pids: number[];
  #startCpu = 0;
  #startAt = 0;
  constructor(...pids: number[]) {
    this.#pids = pids;
  }

  start(): void {
    this.#startCpu = this.#used();
    this.#startAt = performance.now();
  }

  /** Percent of one core (200% = both cores of a 2-core machine). */
  stop(): number {
    const seconds = (performance.now() - this.#startAt) / 1000;
    return seconds > 0 ? Math.round(((this.#used() - this.#startCpu) / seconds) * 1000) / 10 : 0;
  }

  #used(): number {
    return this.#pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  }
}
