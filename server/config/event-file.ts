import fs from 'node:fs';
import path from 'node:path';
import { eventConfigSchema, type EventConfig } from '../../shared/event-config.js';

export class ConfigError extends Error {}

/** Reads and validates an event file; the error names the file and every bad field. */
export function loadEventFile(file: string): EventConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`event file ${file}: ${(error as Error).message}`);
  }
  const result = eventConfigSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new ConfigError(`event file ${path.resolve(file)} is invalid:\n${problems.join('\n')}`);
  }
  return result.data;
}
