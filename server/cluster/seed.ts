import type { AttendanceDelta } from '../../shared/attendance.js';
import type { Signing } from '../../shared/signing.js';
import type { CeremonyState } from '../store/ceremony-types.js';
import type { Store } from '../store/types.js';

export interface Seed {
  seq: number;
  counted: Signing[];
  attendance: AttendanceDelta;
  /** Started ceremonies, as last recorded. */
  ceremonies: CeremonyState[];
}

/**
 * The figures an instance starts from, read while no other instance committed: the reads
 * are separate statements, and a commit between them would leave figures and seq apart for good
 * (counted twice, or never). Commits become visible in seq order, so an unchanged last seq
 * around the reads proves they saw one state.
 */
export async function readSeed(store: Store, attempts = 50): Promise<Seed> {
  for (let attempt = 1; ; attempt++) {
    const seq = await store.lastSeq();
    const [counted, attendance, ceremonies] = await Promise.all([store.countedSignings(), store.attendance.totals(), store.ceremonyRuns.states()]);
    if ((await store.lastSeq()) === seq) return { seq, counted, attendance, ceremonies };
    if (attempt >= attempts) throw new Error(`could not read a consistent start state in ${attempts} attempts`);
  }
}
