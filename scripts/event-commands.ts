/**
 * `pavilion event …`: the stored event and archived editions from the command line.
 *   pavilion event export [--out <file>]           the stored event, as an event file
 *   pavilion event archive [--out <file>]          archives this edition (read-only) and writes its file
 *   pavilion event import-archive <file>           keeps a past edition's archive file for comparison
 *   pavilion event editions                        lists the archived editions
 */
import fs from 'node:fs';
import { editionSchema } from '../shared/editions.js';
import type { EventConfig } from '../shared/event-config.js';
import { archiveEdition } from '../server/event/editions.js';
import type { Store } from '../server/store/types.js';

export const EVENT_USAGE = `  pavilion event export [--out <file>]
  pavilion event archive [--out <file>]
  pavilion event import-archive <file>
  pavilion event editions`;

export class EventCommandError extends Error {}

/** Runs one `event` command; `fileEvent` seeds a database that has none yet, as a first start would. */
export async function eventCommand(
  store: Store,
  args: string[],
  options: { out?: string; fileEvent: () => EventConfig; now: () => Date; print: (line: string) => void },
): Promise<void> {
  const [verb, file] = args;
  const write = (text: string) => (options.out ? fs.writeFileSync(options.out, text) : options.print(text.trimEnd()));
  if (verb === 'editions') {
    for (const e of await store.events.listEditions()) options.print(`${e.id}\t${e.archivedAt}\t${e.name.en}\t${e.totals.contracts} contracts\t${e.totals.investmentCny} yuan`);
    return;
  }
  if (verb === 'import-archive') {
    if (!file) throw new EventCommandError(`usage:\n${EVENT_USAGE}`);
    const parsed = editionSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (!parsed.success) throw new EventCommandError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
    if (!(await store.events.putEdition(parsed.data))) throw new EventCommandError(`edition "${parsed.data.id}" is archived already`);
    options.print(`imported the archive of ${parsed.data.id}`);
    return;
  }
  const { event } = (await store.events.current()) ?? (await store.events.seed(options.fileEvent()));
  if (verb === 'export') return write(`${JSON.stringify(event, null, 2)}\n`);
  if (verb === 'archive') {
    const edition = await archiveEdition(store, event, options.now());
    if (!(await store.events.putEdition(edition))) throw new EventCommandError(`edition "${edition.id}" is archived already`);
    write(`${JSON.stringify(edition)}\n`);
    if (options.out) options.print(`archived ${edition.id}: ${edition.totals.contracts} contracts, ${edition.totals.investmentCny} yuan; file ${options.out}`);
    return;
  }
  throw new EventCommandError(`usage:\n${EVENT_USAGE}`);
}
