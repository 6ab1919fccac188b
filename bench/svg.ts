/** Minimal SVG charts for docs/bench: enough for a line chart and a bar chart, no library. */
const W = 720;
const H = 400;
const M = { top: 50, right: 170, bottom: 60, left: 80 };
export const COLORS = ['#1f77b4', '#d62728', '#7fb2dc', '#f2a3a3', '#2ca02c', '#9467bd'];

export interface Series {
  name: string;
  color: string;
  values: Array<number | undefined>;
  dashed?: boolean;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceMax(max: number): number {
  if (max <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(max));
  return Math.ceil(max / step) * step;
}

interface Scale {
  y: (v: number) => number;
  ticks: number[];
}

function linearScale(yMax: number): Scale {
  const plotH = H - M.top - M.bottom;
  return { y: (v) => M.top + plotH - (v / yMax) * plotH, ticks: Array.from({ length: 6 }, (_, i) => (yMax * i) / 5) };
}

/** Powers of ten from below the smallest value to above the largest: latencies span 10 ms to 30 s. */
function logScale(values: number[]): Scale {
  const plotH = H - M.top - M.bottom;
  const lo = Math.floor(Math.log10(Math.max(0.1, Math.min(...values))));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...values))));
  const y = (v: number) => M.top + plotH - ((Math.log10(Math.max(v, 10 ** lo)) - lo) / (hi - lo)) * plotH;
  return { y, ticks: Array.from({ length: hi - lo + 1 }, (_, i) => 10 ** (lo + i)) };
}

/** Bar charts have no legend, so their plot takes the width a line chart's legend needs. */
const BAR_RIGHT = 20;

function frame(title: string, yLabel: string, scale: Scale, body: string[], right = M.right): string {
  const plotH = H - M.top - M.bottom;
  const grid = scale.ticks.map((t) => {
    const y = scale.y(t);
    return `<line x1="${M.left}" y1="${y}" x2="${W - right}" y2="${y}" stroke="#ddd"/><text x="${M.left - 8}" y="${y + 4}" text-anchor="end">${Number(t.toPrecision(3))}</text>`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2 - right / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${escape(title)}</text>`,
    `<text transform="translate(18 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escape(yLabel)}</text>`,
    ...grid,
    ...body,
    '</svg>',
  ].join('\n');
}

/** Lines over categorical x positions; missing values break nothing, they are skipped. */
export function lineChart(title: string, xLabel: string, yLabel: string, xs: string[], series: Series[], log = false): string {
  const plotW = W - M.left - M.right;
  const values = series.flatMap((s) => s.values.filter((v): v is number => v !== undefined));
  const scale = log ? logScale(values) : linearScale(niceMax(Math.max(0, ...values)));
  const x = (i: number) => M.left + (xs.length === 1 ? plotW / 2 : (i / (xs.length - 1)) * plotW);
  const y = scale.y;
  // At most about ten labels on the x axis, so that long series stay readable.
  const every = Math.ceil(xs.length / 10);
  const body = xs.flatMap((label, i) => (i % every === 0 ? [`<text x="${x(i)}" y="${H - M.bottom + 18}" text-anchor="middle">${escape(label)}</text>`] : []));
  body.push(`<text x="${M.left + plotW / 2}" y="${H - 15}" text-anchor="middle">${escape(xLabel)}</text>`);
  series.forEach((s, n) => {
    const points = s.values.flatMap((v, i) => (v === undefined ? [] : [`${x(i)},${y(v)}`]));
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    body.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2"${dash} points="${points.join(' ')}"/>`);
    body.push(...points.map((p) => `<circle cx="${p.split(',')[0]}" cy="${p.split(',')[1]}" r="3.5" fill="${s.color}"/>`));
    body.push(`<rect x="${W - M.right + 15}" y="${M.top + n * 22}" width="14" height="4" fill="${s.color}"/><text x="${W - M.right + 35}" y="${M.top + n * 22 + 6}">${escape(s.name)}</text>`);
  });
  return frame(title, yLabel, scale, body);
}

export interface Bar {
  label: string;
  value: number;
  color: string;
}

export function barChart(title: string, yLabel: string, bars: Bar[]): string {
  const plotW = W - M.left - BAR_RIGHT;
  const plotH = H - M.top - M.bottom;
  const yMax = niceMax(Math.max(0, ...bars.map((b) => b.value)));
  const slot = plotW / Math.max(1, bars.length);
  const body = bars.flatMap((b, i) => {
    const h = (b.value / yMax) * plotH;
    const x = M.left + i * slot + slot * 0.15;
    return [
      `<rect x="${x}" y="${M.top + plotH - h}" width="${slot * 0.7}" height="${h}" fill="${b.color}"/>`,
      `<text x="${x + slot * 0.35}" y="${M.top + plotH - h - 6}" text-anchor="middle">${b.value}</text>`,
      // A label may hold line breaks: bars are narrow.
      ...b.label.split('\n').map((line, n) => `<text x="${x + slot * 0.35}" y="${H - M.bottom + 16 + n * 13}" text-anchor="middle" font-size="11">${escape(line)}</text>`),
    ];
  });
  return frame(title, yLabel, linearScale(yMax), body, BAR_RIGHT);
}
