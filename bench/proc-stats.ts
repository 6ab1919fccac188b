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
  return statusBytes(pid).VmRSS ?? 0;
}

/**
 * Resident memory split by kind: anonymous (the heaps: V8's and malloc's) and file-backed
 * (mapped files: the binary, libraries, SQLite's shared-memory index), in bytes.
 */
export function residentParts(pid: number): { anon: number; file: number } {
  const parts = statusBytes(pid);
  return { anon: parts.RssAnon ?? 0, file: (parts.RssFile ?? 0) + (parts.RssShmem ?? 0) };
}

function statusBytes(pid: number): Record<string, number> {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Object.fromEntries([...status.matchAll(/^(\w+):\s+(\d+) kB$/gm)].map((m) => [m[1]!, Number(m[2]) * 1024]));
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
