import { describe, expect, it } from 'vitest';
import { parseWrk } from '../../bench/scenarios/audience-wrk.js';

// The report wrk 4.1 prints with --latency (figures made up).
const REPORT = `Running 15s test @ http://127.0.0.1:41234/api/v1/public/summary
  1 threads and 1000 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    41.32ms    8.10ms 210.00ms   91.02%
    Req/Sec    24.20k     1.10k   26.00k    80.00%
  Latency Distribution
     50%   40.10ms
     75%   43.00ms
     90%   47.50ms
     99%    1.20s
  362801 requests in 15.00s, 120.31MB read
  Socket errors: connect 0, read 3, write 0, timeout 2
  Non-2xx or 3xx responses: 4
Requests/sec:  24186.73
Transfer/sec:      8.02MB
`;

describe("wrk's report", () => {
  it('gives requests a second, latency percentiles in milliseconds and every kind of error', () => {
    expect(parseWrk(REPORT)).toEqual({ reqPerSecond: 24187, p50: 40.1, p99: 1200, errors: 9 });
  });

  it('counts no errors when wrk reports none', () => {
    const clean = REPORT.replace(/^\s*Socket errors.*\n/m, '').replace(/^\s*Non-2xx.*\n/m, '').replace('99%    1.20s', '99%  850.00us');
    expect(parseWrk(clean)).toMatchObject({ errors: 0, p99: 0.85 });
  });
});
