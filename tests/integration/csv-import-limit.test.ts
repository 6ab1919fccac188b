import { afterEach, describe, expect, it } from 'vitest';
import { readTable } from '../../server/spreadsheets/read-table.js';
import { startServer, type TestServer } from '../support/server.js';
import { userSession } from './staff-support.js';

let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const HEADER = 'title,investor,investor country,partner,amount,currency,sector,venue,area';

/** A header and `rows` short rows (fewer cells than the header, the slowest kind for the parser). */
const shortRows = (rows: number) => HEADER + '\n' + 'a,b\n'.repeat(rows);

describe('CSV import row limit', () => {
  it('stops reading one row past the limit: what comes after is never parsed', async () => {
    // An unclosed quote far past the limit: reading the whole file would call it invalid CSV.
    const text = shortRows(30) + '"never closed\n';
    await expect(readTable(Buffer.from(text), 20)).rejects.toMatchObject({ code: 'payload_too_large', message: expect.stringMatching(/more than 20 rows/) });
    expect((await readTable(Buffer.from(shortRows(20)), 20)).rows).toHaveLength(21);
  });

  it('refuses a 10 MB file past 20,000 rows with 413 naming the limit, in about a second', async () => {
    server = await startServer();
    const organizer = await userSession(server.url, 'organizer');
    const file = shortRows(2_600_000);
    expect(file.length).toBeGreaterThan(10_000_000);
    const started = performance.now();
    const res = await organizer.call('POST', '/api/v1/signings/import?dryRun=true', undefined, { 'content-type': 'text/csv' }, file);
    const ms = performance.now() - started;
    expect(res.status).toBe(413);
    expect(res.body.error).toEqual({
      code: 'payload_too_large',
      message: 'the file has more than 20000 rows: import at most 20000 rows per file',
      fields: { file: 'more than 20000 rows' },
    });
    // Parsed whole it took over a minute (and 1.4 GB); bounded it takes about one second here.
    expect(ms).toBeLessThan(15_000);
  }, 120_000);
});
