import { io, type Socket } from 'socket.io-client';
import { OPS_NAMESPACE, OpsEvents, type Alert, type OpsBoard, type OpsServerToClientEvents } from '../../shared/alerts.js';
import { getJson, postJson } from '../lib/http.js';
import { problemText, say } from './labels.js';

/** How often gates, screens and instances are read again; alerts and figures arrive live. */
const BOARD_MS = 5000;
/** Alerts kept on the page: far above what an expo has open at once. */
const ALERTS_KEPT = 200;

/**
 * The operations board's state: the board (polled), the open alerts (pushed on `/ops` and
 * read again after every reconnect, since pushes missed while away are gone).
 */
export class OpsState {
  board = $state.raw<OpsBoard | null>(null);
  alerts = $state.raw<Alert[]>([]);
  connected = $state(false);
  problem = $state<string | null>(null);
  readonly #socket: Socket<OpsServerToClientEvents>;
  readonly #timer: ReturnType<typeof setInterval>;

  constructor() {
    // A connection of its own, so that its handshake carries the session cookie: sharing the
    // page's /live connection, /ops saw a handshake without it and refused the socket.
    this.#socket = io(location.origin + OPS_NAMESPACE, { withCredentials: true, forceNew: true });
    this.#socket.on('connect', () => {
      this.connected = true;
      void this.refresh();
    });
    this.#socket.on('disconnect', () => (this.connected = false));
    this.#socket.on('connect_error', () => (this.problem = say('ops.connectFailed')));
    this.#socket.on(OpsEvents.alertRaised, (a) => this.#put(a));
    this.#socket.on(OpsEvents.alertAcked, (a) => this.#put(a));
    this.#socket.on(OpsEvents.alertCleared, (a) => (this.alerts = this.alerts.filter((x) => x.id !== a.id)));
    this.#timer = setInterval(() => void this.refresh(), BOARD_MS);
    void this.refresh();
  }

  async refresh(): Promise<void> {
    try {
      const [board, open] = await Promise.all([getJson<OpsBoard>('/ops/board'), getJson<{ items: Alert[] }>('/alerts', { state: 'open' })]);
      this.board = board;
      this.alerts = ordered(open.items);
      this.problem = null;
    } catch (error) {
      this.problem = problemText(error);
    }
  }

  async ack(id: string): Promise<void> {
    const { alert } = await postJson<{ alert: Alert }>(`/alerts/${encodeURIComponent(id)}/ack`);
    this.#put(alert);
  }

  close(): void {
    clearInterval(this.#timer);
    this.#socket.close();
  }

  #put(alert: Alert): void {
    const others = this.alerts.filter((a) => a.id !== alert.id);
    this.alerts = ordered(alert.clearedAt === null ? [alert, ...others] : others);
  }
}

/** Critical first, then unacknowledged, then newest. */
function ordered(alerts: Alert[]): Alert[] {
  const rank = (a: Alert) => (a.severity === 'critical' ? 0 : 2) + (a.ackedBy ? 1 : 0);
  return [...alerts].sort((a, b) => rank(a) - rank(b) || (a.raisedAt < b.raisedAt ? 1 : a.raisedAt > b.raisedAt ? -1 : 0)).slice(0, ALERTS_KEPT);
}
