import type { EventConfig } from '../../shared/event-config.js';

export async function fetchEvent(): Promise<EventConfig> {
  const res = await fetch('/api/v1/event');
  if (!res.ok) throw new Error(`GET /api/v1/event: ${res.status}`);
  return (await res.json()) as EventConfig;
}
