import type { ErrorBody } from '../../shared/errors.js';
import type { Exhibitor, ExhibitorImportError } from '../../shared/exhibitors.js';
import { ApiError, currentUser, getJson } from '../lib/http.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ExhibitorCounts {
  exhibitors: number;
  countriesAndRegions: number;
}

/** `POST /exhibitors/import?dryRun=true`: what the file holds, before anything is stored. */
export interface ExhibitorCheck extends ExhibitorCounts {
  format: 'csv' | 'xlsx';
  encoding?: string;
  rows: number;
  valid: number;
  errors: ExhibitorImportError[];
  preview: Array<Exhibitor & { line: number }>;
}

export interface ExhibitorImported extends ExhibitorCounts {
  imported: number;
  version: number;
}

/** Rows the page lists; the counts cover the whole list. */
const SHOWN = 200;

/**
 * The exhibitor list on the event page: the stored list and its counts, and an import that
 * checks the file first (dry run) and stores it only when asked, as the signings import does.
 */
export class ExhibitorList {
  items = $state.raw<Exhibitor[]>([]);
  counts = $state.raw<ExhibitorCounts>({ exhibitors: 0, countriesAndRegions: 0 });
  checked = $state.raw<ExhibitorCheck | null>(null);
  imported = $state.raw<ExhibitorImported | null>(null);
  problem = $state.raw<unknown>(null);
  busy = $state(false);

  get shown(): Exhibitor[] {
    return this.items.slice(0, SHOWN);
  }

  async load(): Promise<void> {
    const { items, ...counts } = await getJson<{ items: Exhibitor[] } & ExhibitorCounts>('/exhibitors');
    this.items = items;
    this.counts = counts;
  }

  /** The dry run: nothing is stored. */
  async check(file: File): Promise<void> {
    this.imported = null;
    this.checked = await this.#send<ExhibitorCheck>(file, true);
  }

  /** Stores the checked file in place of the list; screens then count from it. */
  async commit(file: File): Promise<ExhibitorImported | null> {
    const done = await this.#send<ExhibitorImported>(file, false);
    if (!done) return null;
    this.imported = done;
    this.checked = null;
    await this.load().catch(() => undefined);
    return done;
  }

  async #send<T>(file: File, dryRun: boolean): Promise<T | null> {
    this.busy = true;
    this.problem = null;
    try {
      const { csrfToken } = await currentUser();
      const type = file.type === XLSX_TYPE || /\.xlsx$/i.test(file.name) ? XLSX_TYPE : 'text/csv';
      // The file goes up as its bytes: the server finds the encoding (UTF-8 or GB18030).
      const res = await fetch(`/api/v1/exhibitors/import?dryRun=${dryRun}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': type, 'x-csrf-token': csrfToken },
        body: file,
      });
      const body = (await res.json().catch(() => null)) as T | ErrorBody | null;
      if (!res.ok) throw new ApiError(res.status, body as ErrorBody | null);
      return body as T;
    } catch (error) {
      this.problem = error;
      return null;
    } finally {
      this.busy = false;
    }
  }
}
