import { describe, expect, it } from 'vitest';
import { cumulativeByHour, entriesByHour } from '../../client/display/chart-data.js';
import { crossedMilestones } from '../../client/display/milestones.js';
import { DEFAULT_SCENES, parseOptions, parseScenes } from '../../client/display/options.js';
import { sceneAt } from '../../client/display/scenes.js';
import { burnInOffset, isOpen, staleness } from '../../client/display/screen-time.js';
import { MAX_SIGNING_CARDS, TakeoverQueue } from '../../client/display/takeover-queue.js';
import { LiveEvents, type SigningChange } from '../../shared/live.js';
import type { Signing } from '../../shared/signing.js';

const signing = (id: number, overrides: Partial<Signing> = {}): Signing =>
  ({ id: `s${id}`, amountCny: 1e8, investorCountry: 'DE', status: 'published', ...overrides }) as Signing;
const created = (id: number): SigningChange => ({ type: LiveEvents.signingCreated, seq: id, signing: signing(id) });

function drain(queue: TakeoverQueue) {
  const cards = [];
  for (let card = queue.next(); card; card = queue.next()) cards.push(card);
  return cards;
}

describe('display options', () => {
  it('parses scenes with durations and skips unknown names', () => {
    expect(parseScenes('headline:20,bogus:5,charts')).toEqual([
      { name: 'headline', seconds: 20 },
      { name: 'charts', seconds: 15 },
    ]);
    expect(parseScenes('nothing')).toBe(DEFAULT_SCENES);
  });

  it('falls back to defaults on bad values and keeps grey after stale', () => {
    const o = parseOptions('?lang=fr&staleAfter=2&greyAfter=1&venue=v9&theme=light', ['v1']);
    expect(o).toMatchObject({ lang: 'zh-en', staleAfter: 2, greyAfter: 2, venue: null, theme: 'light', saver: false });
  });
});

describe('takeover queue', () => {
  it('shows a few signings in turn', () => {
    const q = new TakeoverQueue();
    q.push([created(1)]);
    q.push([created(2)]);
    expect(drain(q).map((c) => c.kind)).toEqual(['signing', 'signing']);
  });

  it('summarises a burst of 20 without losing any', () => {
    const q = new TakeoverQueue();
    q.push(Array.from({ length: 20 }, (_, i) => created(i + 1)));
    const cards = drain(q);
    expect(cards).toEqual([{ kind: 'burst', burst: { count: 20, amountCny: 20e8, countries: ['DE'] } }]);
  });

  it('folds signings past the cap into one burst card, so the queue stays bounded', () => {
    const q = new TakeoverQueue();
    for (let i = 1; i <= 50; i++) q.push([created(i)]);
    expect(q.length).toBe(MAX_SIGNING_CARDS + 1);
    const cards = drain(q);
    const burst = cards.find((c) => c.kind === 'burst');
    expect(burst?.kind === 'burst' && burst.burst.count).toBe(50 - MAX_SIGNING_CARDS);
  });

  it('drops the card of a signing voided before it was shown', () => {
    const q = new TakeoverQueue();
    q.push([created(1), created(2)]);
    q.push([{ type: LiveEvents.signingVoided, seq: 3, signing: signing(1, { status: 'voided' }) }]);
    expect(drain(q).map((c) => c.kind === 'signing' && c.signing.id)).toEqual(['s2']);
  });
});

describe('milestones', () => {
  const targets = { contracts: 100, investmentCny: 1000e8 };
  it('celebrates the 100th contract and 1,000 亿元 once each', () => {
    const m = crossedMilestones({ count: 99, amountCny: 990e8 }, { count: 101, amountCny: 1010e8 }, targets);
    expect(m).toEqual([
      { kind: 'contracts', value: 100, ofTarget: 1 },
      { kind: 'investment', value: 1000e8, ofTarget: 1 },
    ]);
  });
  it('celebrates quarter marks and nothing in between', () => {
    expect(crossedMilestones({ count: 24, amountCny: 0 }, { count: 25, amountCny: 0 }, targets)).toHaveLength(1);
    expect(crossedMilestones({ count: 25, amountCny: 0 }, { count: 26, amountCny: 0 }, targets)).toEqual([]);
  });
});

describe('screen time', () => {
  it('goes stale, then grey, counting from page load before anything is heard', () => {
    expect(staleness(14_000, 0, 0, 15, 60)).toBe('fresh');
    expect(staleness(15_000, 0, 0, 15, 60)).toBe('stale');
    expect(staleness(100_000, 39_000, 0, 15, 60)).toBe('grey');
  });
  it('shifts by at most one step per axis and changes with the period', () => {
    const offsets = Array.from({ length: 20 }, (_, i) => burnInOffset(i * 60_000, 60_000));
    expect(offsets.every((o) => Math.abs(o.x) <= 1 && Math.abs(o.y) <= 1)).toBe(true);
    expect(new Set(offsets.map((o) => `${o.x},${o.y}`)).size).toBeGreaterThan(4);
  });
  it('knows the opening hours in the event time zone', () => {
    const event = { timeZone: 'Asia/Shanghai', openingHours: { open: '09:00', close: '17:00' } };
    expect(isOpen(Date.parse('2024-06-20T01:00:00Z'), event)).toBe(true); // 09:00 in Tianjin
    expect(isOpen(Date.parse('2024-06-20T09:00:00Z'), event)).toBe(false); // 17:00
  });
  it('rotates scenes by elapsed time', () => {
    const scenes = parseScenes('headline:20,signings:10');
    expect(sceneAt(5_000, scenes).name).toBe('headline');
    expect(sceneAt(25_000, scenes).name).toBe('signings');
    expect(sceneAt(31_000, scenes).name).toBe('headline');
  });
});

describe('chart data', () => {
  it('accumulates investment by hour in 亿元', () => {
    const s = cumulativeByHour({ '2024-06-20T10': { count: 1, amountCny: 2e8 }, '2024-06-20T09': { count: 1, amountCny: 1e8 } });
    expect(s).toEqual({ labels: ['06-20 08:00', '06-20 09:00', '06-20 10:00'], values: [0, 1, 3] });
  });
  it('starts from zero the hour before, across midnight', () => {
    expect(cumulativeByHour({ '2024-06-21T00': { count: 1, amountCny: 1e8 } }).labels).toEqual(['06-20 23:00', '06-21 00:00']);
    expect(cumulativeByHour({})).toEqual({ labels: [], values: [] });
  });
  it('has no attendance series until attendance exists', () => {
    expect(entriesByHour(null)).toEqual({ labels: [], values: [] });
  });
});
