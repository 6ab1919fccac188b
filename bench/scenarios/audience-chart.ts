import { barChart, COLORS } from '../svg.js';

interface AudiencePhase {
  target: string;
  mode: 'polling' | 'closed-loop';
  reqPerSecond: number;
}

interface AudienceResult {
  scenario: string;
  mode: string;
  startedAt: string;
  phases: Record<string, unknown>;
}

/** Requests served per second as fast as answered: nginx micro-cache, Pavilion direct, bare nginx; from the newest non-smoke audience run. */
export function audienceChart(all: AudienceResult[]): string | undefined {
  const latest = all.filter((r) => r.scenario === 'audience' && r.mode !== 'smoke').at(-1);
  if (!latest) return undefined;
  const { phases, viewers } = latest.phases as { phases: AudiencePhase[]; viewers: number };
  const colors: Record<string, string> = { 'nginx micro-cache': COLORS[0]!, 'Pavilion direct': COLORS[1]!, 'bare nginx, static file': '#bbb' };
  const bars = phases
    .filter((p) => p.mode === 'closed-loop')
    .map((p) => ({ label: p.target.replace(', ', ',\n'), value: p.reqPerSecond, color: colors[p.target] ?? COLORS[2]! }));
  return barChart(`Public summary, ${viewers} viewers as fast as answered (${latest.startedAt.slice(0, 16).replace('T', ' ')})`, 'requests per second', bars);
}
