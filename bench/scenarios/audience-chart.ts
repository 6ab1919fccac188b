import { barChart, COLORS } from '../svg.js';

interface AudiencePhase {
  target: string;
  mode: 'polling' | 'closed-loop' | 'wrk';
  reqPerSecond: number;
}

interface AudienceResult {
  scenario: string;
  mode: string;
  startedAt: string;
  phases: Record<string, unknown>;
}

/**
 * Requests served per second as fast as answered: nginx micro-cache, Pavilion direct, bare
 * nginx; from the newest non-smoke audience run, driven by wrk when it ran.
 */
export function audienceChart(all: AudienceResult[]): string | undefined {
  const latest = all.filter((r) => r.scenario === 'audience' && r.mode !== 'smoke').at(-1);
  if (!latest) return undefined;
  const { phases, viewers } = latest.phases as { phases: AudiencePhase[]; viewers: number };
  const colors: Record<string, string> = { 'nginx micro-cache': COLORS[0]!, 'Pavilion direct': COLORS[1]!, 'bare nginx, static file': '#bbb' };
  const generator = phases.some((p) => p.mode === 'wrk') ? 'wrk' : 'closed-loop';
  const bars = phases
    .filter((p) => p.mode === generator)
    .map((p) => ({ label: p.target.replace(', ', ',\n'), value: p.reqPerSecond, color: colors[p.target] ?? COLORS[2]! }));
  const who = generator === 'wrk' ? 'wrk, 1,000 connections' : `${viewers} viewers`;
  return barChart(`Public summary as fast as answered, ${who} (${latest.startedAt.slice(0, 16).replace('T', ' ')})`, 'requests per second', bars);
}
