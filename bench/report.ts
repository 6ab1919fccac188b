import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchOptions } from './options.js';

/** One line of the final table: Pavilion's figure beside its reference, and the target. */
export interface Row {
  scenario: string;
  metric: string;
  value: number | string;
  unit: string;
  reference?: number;
  referenceName?: string;
  /** value / reference. */
  ratio?: number;
  target?: string;
  met?: boolean;
}

export interface ScenarioResult {
  scenario: string;
  rows: Row[];
  /** Raw measurements, for the charts and for digging. */
  phases: Record<string, unknown>;
}

export function machine() {
  const cpus = os.cpus();
  return {
    nproc: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export function ratio(value: number, reference: number): number | undefined {
  return reference > 0 ? Math.round((value / reference) * 100) / 100 : undefined;
}

export function printTable(rows: Row[]): void {
  const header = ['scenario', 'metric', 'Pavilion', 'reference', 'ratio', 'target', 'met'];
  const lines = rows.map((r) => [
    r.scenario,
    r.metric,
    `${r.value} ${r.unit}`.trim(),
    r.reference === undefined ? '' : `${r.reference} ${r.unit} (${r.referenceName ?? ''})`,
    r.ratio === undefined ? '' : `${r.ratio}x`,
    r.target ?? '',
    r.met === undefined ? '' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  console.log('\n' + format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const line of lines) console.log(format(line));
}

/** Writes <outDir>/<timestamp>-<scenario>.json and returns its path. */
export function writeResult(result: ScenarioResult, options: BenchOptions, startedAt: Date, loadBefore: number[]): string {
  fs.mkdirSync(options.outDir, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const file = path.join(options.outDir, `${stamp}-${result.scenario}${options.databaseUrl ? '-postgres' : ''}.json`);
  const body = { ...result, mode: options.mode, startedAt: startedAt.toISOString(), machine: { ...machine(), loadAverageBefore: loadBefore }, options };
  fs.writeFileSync(file, JSON.stringify(body, null, 2) + '\n');
  return file;
}

export function progress(message: string): void {
  console.log(`  ${new Date().toISOString().slice(11, 19)} ${message}`);
}
