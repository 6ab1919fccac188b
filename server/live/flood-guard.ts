import type { Socket } from 'socket.io';

/** Refills `ratePerSecond` tokens a second up to `burst`; each event takes one. */
export class TokenBucket {
  #tokens: number;
  #updatedAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    now = performance.now(),
  ) {
    this.#tokens = burst;
    this.#updatedAt = now;
  }

  take(now = performance.now()): boolean {
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#updatedAt) / 1000) * this.ratePerSecond);
    this.#updatedAt = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}

/**
 * A client that sends events faster than any screen needs is cut off, so that it cannot
 * starve the others. Oversized messages are refused earlier by maxHttpBufferSize.
 */
export function guardAgainstFloods(socket: Socket, ratePerSecond = 5, burst = 20): void {
  const bucket = new TokenBucket(ratePerSecond, burst);
  socket.use((_packet, next) => {
    if (bucket.take()) return next();
    socket.disconnect(true);
  });
}
