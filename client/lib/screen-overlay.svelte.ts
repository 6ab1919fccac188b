import type { ScreenState, TimedMessage } from '../../shared/fleet.js';

/**
 * What the fleet wants over a screen's figures: its state, and the banner and spotlight,
 * each taken down when its time is up. Shared by a fleet screen and the fleet page's preview.
 */
export class ScreenOverlay {
  state = $state.raw<ScreenState | null>(null);
  announcement = $state<string | null>(null);
  spotlight = $state<string | null>(null);
  #timers: Array<ReturnType<typeof setTimeout>> = [];

  get blank(): boolean {
    return this.state?.blank ?? false;
  }

  protected show(state: ScreenState): void {
    this.state = state;
    this.stopTimers();
    this.announcement = this.#timed(state.announcement, () => (this.announcement = null));
    this.spotlight = this.#timed(state.spotlight, () => (this.spotlight = null));
  }

  protected stopTimers(): void {
    this.#timers.forEach(clearTimeout);
    this.#timers = [];
  }

  /** Timed by the screen's own clock from `remainingMs`, since screen clocks drift. */
  #timed(message: TimedMessage | null, end: () => void): string | null {
    if (!message || message.remainingMs <= 0) return null;
    this.#timers.push(setTimeout(end, message.remainingMs));
    return message.text;
  }
}
