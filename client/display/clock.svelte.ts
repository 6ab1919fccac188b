/** One ticking clock per screen: staleness, scene rotation, language flips and the burn-in shift all read it. */
export class ScreenClock {
  now = $state(Date.now());
  readonly startedAt = Date.now();
  #timer: ReturnType<typeof setInterval>;

  constructor(tickMs = 1000) {
    this.#timer = setInterval(() => (this.now = Date.now()), tickMs);
  }

  get elapsed(): number {
    return this.now - this.startedAt;
  }

  destroy(): void {
    clearInterval(this.#timer);
  }
}
