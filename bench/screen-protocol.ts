/** Messages between the benchmark and its screen worker processes (over the IPC channel). */
export type ToWorker =
  | { type: 'connect'; url: string; count: number }
  | { type: 'measure'; tag: string }
  | { type: 'report'; expected: number }
  /** Closes a random screen's transport every `everyMs` (it reconnects by itself); 0 stops. */
  | { type: 'churn'; everyMs: number }
  /** Closes every screen's transport at once, as when a venue's network goes down and back. */
  | { type: 'drop' }
  | { type: 'close' };

export interface WorkerReport {
  screens: number;
  connected: number;
  /** Signing changes of the measured phase received, summed over screens. */
  delivered: number;
  /** Screens that received at least `expected` changes. */
  complete: number;
  minPerScreen: number;
  maxPerScreen: number;
  /** Encoded HDR histogram of POST-sent to screen-received, in microseconds. */
  histogram: string;
  /** `attendance:updated` messages of the measured phase, summed over screens. */
  attendanceFrames: number;
  /** Lowest and highest `entriesTotal` the screens last saw (equal when every screen agrees). */
  minEntriesTotal: number;
  maxEntriesTotal: number;
  disconnects: number;
  reconnects: number;
  recovered: number;
  /** Reconnection attempts that failed and were retried. */
  reconnectErrors: number;
  errors: number;
  firstError?: string;
}

export type FromWorker =
  | { type: 'connected'; connected: number; failed: number; firstError?: string }
  | { type: 'measuring' }
  | ({ type: 'report' } & WorkerReport)
  | { type: 'churning' }
  | { type: 'dropped' }
  | { type: 'closed' };
