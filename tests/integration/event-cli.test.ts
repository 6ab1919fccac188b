import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { eventCommand } from '../../scripts/event-commands.js';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import { editionSchema } from '../../shared/editions.js';
import { defaultEvent, issueToken, postSigning, sampleSigning, startServer, tempDir } from '../support/server.js';

it('`pavilion event archive` writes a read-only archive that `event import-archive` keeps in another installation', async () => {
  const server = await startServer();
  const token = await issueToken(server.url, 'staff');
  await postSigning(server.url, token, sampleSigning({ amount: 250_000_000, signedAt: '2024-06-21T14:30:00+08:00' }));
  await server.close();

  const out = path.join(tempDir(), 'wie-2024.json');
  const lines: string[] = [];
  const options = { fileEvent: defaultEvent, now: () => new Date('2024-06-24T09:00:00Z'), print: (l: string) => lines.push(l) };
  const store = openSqliteStore(server.dataDir);
  try {
    await eventCommand(store, ['archive'], { ...options, out });
    await expect(eventCommand(store, ['archive'], { ...options, out })).rejects.toThrow('archived already');
  } finally {
    await store.close();
  }
  const edition = editionSchema.parse(JSON.parse(fs.readFileSync(out, 'utf8')));
  expect(edition).toMatchObject({ id: 'wie-2024-tianjin', archivedAt: '2024-06-24T09:00:00.000Z', totals: { contracts: 1, investmentCny: 250_000_000 } });
  expect(edition.points.find((p) => p.day === 2 && p.hour === 14)).toMatchObject({ contracts: 1, investmentCny: 250_000_000 });
  expect(edition.points.find((p) => p.day === 2 && p.hour === 13)).toMatchObject({ contracts: 0 });

  // Next year's installation (Chongqing) keeps it for comparison.
  const next = openSqliteStore(tempDir());
  try {
    await next.migrate();
    await eventCommand(next, ['import-archive', out], options);
    await eventCommand(next, ['editions'], options);
    expect(lines.at(-1)).toMatch(/^wie-2024-tianjin\t2024-06-24T09:00:00.000Z\t2024 World Intelligence Expo\t1 contracts\t250000000 yuan$/);
  } finally {
    await next.close();
  }
});
