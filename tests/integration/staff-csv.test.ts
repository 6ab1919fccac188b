import { afterEach, describe, expect, it } from 'vitest';
import { issueToken, login, postSigning, sampleSigning, startServer, type TestServer } from '../support/server.js';
import { STAFF_PASSWORD, userSession } from './staff-support.js';

let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const GOOD_ZH = [
  '项目名称,投资方,投资方国家/地区,签约方,金额,币种,行业,场馆,展区,签约时间',
  '智能网联汽车测试场,"Example Mobility GmbH",德国,天津滨海新区,50亿,CNY,智能网联汽车,v1,icv,2024-06-20 10:30',
  '"AI 芯片, 二期",Chipworks Ltd,GB,天津经开区,1.2 billion,USD,ai,v1,ai,',
].join('\r\n');

async function importCsv(url: string, cookieCall: Awaited<ReturnType<typeof userSession>>, csv: string, dryRun: boolean) {
  return cookieCall.call('POST', `/api/v1/signings/import?dryRun=${dryRun}`, undefined, { 'content-type': 'text/csv' }, csv);
}

describe('CSV import and export', () => {
  it('previews, then imports a Chinese-headed file with BOM and CRLF in one go', async () => {
    server = await startServer();
    const organizer = await userSession(server.url, 'organizer');
    const preview = await importCsv(server.url, organizer, '\uFEFF' + GOOD_ZH, true);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ dryRun: true, rows: 2, valid: 2, errors: [] });
    expect(preview.body.preview[0]).toMatchObject({ line: 2, amount: 5e9, investorCountry: 'DE', sector: 'icv', signedAt: '2024-06-20T10:30:00+08:00' });
    expect(preview.body.preview[1]).toMatchObject({ title: 'AI 芯片, 二期', amount: 1.2e9, currency: 'USD' });
    expect((await (await fetch(`${server.url}/api/v1/summary`)).json()).signings.count).toBe(0);

    const done = await importCsv(server.url, organizer, '\uFEFF' + GOOD_ZH, false);
    expect(done.status).toBe(201);
    expect(done.body.imported).toBe(2);
    const summary = await (await fetch(`${server.url}/api/v1/summary`)).json();
    expect(summary.signings).toEqual({ count: 2, amountCny: 5e9 + Math.round(1.2e9 * 7.12) });

    const again = await importCsv(server.url, organizer, GOOD_ZH, false);
    expect(again.status).toBe(409);
  });

  it('names each bad row and field, and a file with bad rows changes nothing', async () => {
    server = await startServer();
    const organizer = await userSession(server.url, 'organizer');
    const csv = [
      'title,investor,investor country,partner,amount,currency,sector,venue,area',
      'Good row,Acme,US,Binhai,3.5亿,CNY,ai,v1,ai',
      'Bad amount,Acme,US,Binhai,lots,CNY,ai,v1,ai',
      ',Acme,Narnia,Binhai,1亿,XYZ,ai,nowhere,ai',
    ].join('\n');
    const preview = await importCsv(server.url, organizer, csv, true);
    expect(preview.body.valid).toBe(1);
    const found = preview.body.errors.map((e: { line: number; field: string }) => `${e.line}:${e.field}`).sort();
    expect(found).toEqual(['3:amount', '4:currency', '4:investorCountry', '4:title', '4:venueId']);

    const attempt = await importCsv(server.url, organizer, csv, false);
    expect(attempt.status).toBe(400);
    expect(Object.keys(attempt.body.error.fields)).toContain('line 3.amount');
    const list = await (await fetch(`${server.url}/api/v1/signings?includeUncounted=false`)).json();
    expect(list.items).toEqual([]);
    expect((await (await fetch(`${server.url}/api/v1/summary`)).json()).seq).toBe(0);
  });

  it('refuses unknown and missing columns, and staff may not import', async () => {
    server = await startServer();
    const organizer = await userSession(server.url, 'organizer');
    const bad = await importCsv(server.url, organizer, 'title,investr\nx,y', true);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('investr');
    const staff = await userSession(server.url, 'staff');
    expect((await importCsv(server.url, staff, GOOD_ZH, true)).status).toBe(403);
  });

  it('exports with a BOM and defuses formulas', async () => {
    server = await startServer();
    const token = await issueToken(server.url, 'staff');
    await postSigning(server.url, token, sampleSigning({ title: '=HYPERLINK("http://evil.example","点击")', investor: '+cmd|calc', partner: '@SUM(A1)' }));
    const staff = await userSession(server.url, 'staff');
    const res = await fetch(`${server.url}/api/v1/signings.csv`, { headers: { cookie: (await staffCookie(server.url, staff.username)) } });
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""点击"")"`);
    expect(text).toContain(",'+cmd|calc,");
    expect(text).toContain(",'@SUM(A1),");
    expect(text).not.toMatch(/,=|,\+|,@/);
  });
});

async function staffCookie(url: string, username: string): Promise<string> {
  return (await login(url, username, STAFF_PASSWORD)).cookie;
}
