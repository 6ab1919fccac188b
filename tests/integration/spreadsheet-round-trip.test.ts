import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { TEMPLATE_HEADER } from '../../shared/csv-signings.js';
import { gbkBytes } from '../support/gbk.js';
import { login, sampleSigning, tempDir, type TestServer } from '../support/server.js';
import { storesUnderTest, type StoreKind } from '../support/stores.js';
import { nextKey, sessionOf, type Session } from './staff-support.js';

const stores = storesUnderTest('pavilion_roundtrip');

afterEach(() => stores.cleanup());

type Admin = Session & { headers: Record<string, string> };

async function fresh(kind: StoreKind): Promise<{ server: TestServer; admin: Admin }> {
  const server = await stores.serve(kind);
  const { cookie, csrfToken } = await login(server.url);
  return { server, admin: { ...(await sessionOf(server.url)), headers: { cookie, 'x-csrf-token': csrfToken } } };
}

/** The file as the import page sends it: raw bytes with their content type. */
async function upload(admin: Admin, server: TestServer, bytes: Buffer, type: string, dryRun: boolean) {
  const res = await fetch(`${server.url}/api/v1/signings/import?dryRun=${dryRun}`, {
    method: 'POST',
    headers: { 'content-type': type, ...admin.headers },
    body: new Uint8Array(bytes),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const summaryOf = async (server: TestServer) => (await (await fetch(`${server.url}/api/v1/summary`)).json()).signings;
const textsOf = async (admin: Session) =>
  ((await admin.call('GET', '/api/v1/signings?includeUncounted=true&limit=500')).body.items as Array<Record<string, unknown>>)
    .map((s) => [s.title, s.investor, s.partner, s.investorCountry, s.amountCny, s.status].join('|'))
    .sort();

describe.each(stores.kinds)('export → import on %s', (name) => {
  it('gives the same totals and text in a fresh instance; voided and held rows do not come back, formula guards come off', async () => {
    const source = await fresh(name);
    const enter = (overrides: Parameters<typeof sampleSigning>[0]) =>
      source.admin.call('POST', '/api/v1/signings', sampleSigning(overrides), { 'idempotency-key': nextKey() });
    await enter({ title: '=HYPERLINK("x") 智能网联汽车测试场', investor: '+Example; "Mobility" GmbH', amount: 5e9 });
    await enter({ title: '新能源电池项目', investor: '宁德示例', investorCountry: 'HK', partner: '-天津港', amount: 1.2e8, currency: 'USD' });
    const voided = (await enter({ title: '重复录入', amount: 3e8 })).body.signing;
    await source.admin.call('POST', `/api/v1/signings/${voided.id}/void`, { reason: 'duplicate' });
    expect((await enter({ title: 'typo: 5000 yuan', amount: 5000 })).body.signing.status).toBe('held');

    const exported = await source.admin.call('GET', '/api/v1/signings.csv?includeUncounted=true');
    expect(exported.body).toContain("'=HYPERLINK");
    expect(exported.body).toContain('中国香港');

    const target = await fresh(name);
    const dry = await upload(target.admin, target.server, Buffer.from(exported.body, 'utf8'), 'text/csv', true);
    expect(dry.status).toBe(200);
    expect(dry.body.errors).toEqual([]);
    expect(dry.body.valid).toBe(2);
    const notices = dry.body.notices.map((n: { en: string }) => n.en).join(' / ');
    expect(notices).toContain('export-only columns ignored: id, investorCountryName, rate, amountCny, status, version, createdBy, createdAt, updatedAt');
    expect(notices).toContain('1 voided row not imported');
    expect(notices).toContain('1 held row not imported');
    expect((await upload(target.admin, target.server, Buffer.from(exported.body, 'utf8'), 'text/csv', false)).status).toBe(201);

    expect(await summaryOf(target.server)).toEqual(await summaryOf(source.server));
    const counted = (texts: string[]) => texts.filter((t) => t.endsWith('|published'));
    expect(await textsOf(target.admin)).toEqual(counted(await textsOf(source.admin)));
    expect((await textsOf(target.admin)).join('\n')).toContain('=HYPERLINK("x") 智能网联汽车测试场|+Example; "Mobility" GmbH');
  });
});

describe('spreadsheets from other programs', () => {
  it('imports a GBK CSV as Chinese Excel saves it, saying it read GB18030', async () => {
    const { server, admin } = await fresh('sqlite');
    const csv = [TEMPLATE_HEADER.join(','), '港口物流园,示例投资有限公司,中国香港,天津港集团,三千五百万,港币,icv,v1,icv,2024-06-20 10:30'].join('\r\n');
    const gbk = gbkBytes(csv);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk)).toThrow();
    const dry = await upload(admin, server, gbk, 'text/csv', true);
    expect(dry.body).toMatchObject({ format: 'csv', encoding: 'gb18030', valid: 1, errors: [] });
    expect(dry.body.preview[0]).toMatchObject({ title: '港口物流园', investorCountry: 'HK', amount: 3.5e7, currency: 'HKD' });
  });

  it('refuses a file in another encoding clearly', async () => {
    const { server, admin } = await fresh('sqlite');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEMPLATE_HEADER.join(','), 'utf16le')]);
    const res = await upload(admin, server, utf16, 'text/csv', true);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('neither UTF-8 nor GB18030/GBK');
  });

  it('imports an XLSX made by LibreOffice, numbers and dates as typed', async () => {
    const { server, admin } = await fresh('sqlite');
    const dir = tempDir('pavilion-lo-');
    const csvPath = path.join(dir, 'signings.csv');
    fs.writeFileSync(csvPath, [TEMPLATE_HEADER.join(','), '智能制造基地,Example GmbH,DE,滨海新区,120000000,CNY,icv,v1,icv,2024-06-20 10:30'].join('\n'));
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--infilter=CSV:44,34,76,1,,1033,false,true', '--convert-to', 'xlsx', '--outdir', dir, csvPath], { stdio: 'ignore', timeout: 120_000 });
    const xlsx = fs.readFileSync(path.join(dir, 'signings.xlsx'));
    // LibreOffice typed the cells: a number and a date, not text.
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx as unknown as ExcelJS.Buffer);
    expect(typeof book.worksheets[0]!.getCell('E2').value).toBe('number');
    expect(book.worksheets[0]!.getCell('J2').value).toBeInstanceOf(Date);
    const dry = await upload(admin, server, xlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', true);
    expect(dry.body).toMatchObject({ format: 'xlsx', valid: 1, errors: [] });
    expect(dry.body.preview[0]).toMatchObject({ title: '智能制造基地', amount: 1.2e8 });
    // The date cell is the wall-clock time it shows, on the event's clock (Tianjin, UTC+8).
    expect(new Date(dry.body.preview[0].signedAt).toISOString()).toBe('2024-06-20T02:30:00.000Z');
  }, 150_000);

  it('offers the template as CSV and XLSX with Chinese and English headers that import', async () => {
    const { server, admin } = await fresh('sqlite');
    const csv = await admin.call('GET', '/api/v1/signings/template.csv');
    expect(csv.status).toBe(200);
    expect(csv.body).toContain('项目名称 title,投资方 investor');
    const res = await fetch(`${server.url}/api/v1/signings/template.xlsx`, { headers: admin.headers });
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await res.arrayBuffer()) as ExcelJS.Buffer);
    expect(book.worksheets[0]!.getRow(1).values).toEqual([undefined, ...TEMPLATE_HEADER]);
    const empty = await upload(admin, server, Buffer.from(csv.body as string, 'utf8'), 'text/csv', true);
    expect(empty.body.errors.map((e: { message: { en: string } }) => e.message.en)).toEqual(['no data rows']);
  });
});
