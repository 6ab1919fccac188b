/**
 * The audience's "as fast as answered" phases driven by wrk (Debian's `wrk`), a load generator
 * written in C. The Node viewers take most of the two cores themselves when nothing paces
 * them, which caps every target near the generator's own rate; wrk needs a fraction of that
 * CPU, so the ratios compare the servers rather than the generator. Every request sends the
 * latest ETag the thread got back with If-None-Match, as a phone that holds the figures does.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface WrkResult {
  reqPerSecond: number;
  /** Latency percentiles, milliseconds. */
  p50: number;
  p99: number;
  /** Non-2xx/3xx answers and socket errors. */
  errors: number;
}

const SCRIPT = `
local etag = nil
request = function()
  if etag then return wrk.format("GET", nil, { ["If-None-Match"] = etag }) end
  return wrk.format("GET")
end
response = function(status, headers, body)
  if status == 200 then etag = headers["ETag"] or headers["etag"] end
end
`;

export function wrkAvailable(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk prints its version and exits 1; only a missing binary is "not available".
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/** `connections` keep-alive connections on one wrk thread against `url` for `seconds`. */
export async function runWrk(dir: string, url: string, connections: number, seconds: number): Promise<WrkResult> {
  const script = path.join(dir, 'etag.lua');
  fs.writeFileSync(script, SCRIPT);
  const args = ['-t', '1', '-c', String(connections), '-d', `${seconds}s`, '--latency', '-s', script, url];
  const output = await new Promise<string>((resolve, reject) =>
    execFile('wrk', args, { maxBuffer: 1 << 20 }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
  );
  return parseWrk(output);
}

const MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000 };

/** The figures of wrk's text report. */
export function parseWrk(output: string): WrkResult {
  const number = (pattern: RegExp) => Number(pattern.exec(output)?.[1] ?? NaN);
  const latency = (percent: string) => {
    const match = new RegExp(`^\\s*${percent}%\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(output);
    return match ? Math.round(Number(match[1]) * MS[match[2]!]! * 100) / 100 : NaN;
  };
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const socketErrors = socket ? socket.slice(1).reduce((n, v) => n + Number(v), 0) : 0;
  const non2xx = number(/Non-2xx or 3xx responses: (\d+)/);
  return {
    reqPerSecond: Math.round(number(/Requests\/sec:\s+([\d.]+)/)),
    p50: latency('50'),
    p99: latency('99'),
    errors: socketErrors + (Number.isFinite(non2xx) ? non2xx : 0),
  };
}
