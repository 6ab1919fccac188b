import type { EventConfig } from '../../shared/event-config.js';
import { HttpError } from '../http/errors.js';
import type { Store } from '../store/types.js';
import type { Change } from '../store/operations.js';

/**
 * The event this instance serves, and its version. It changes only when the feed applies an
 * `event.updated` change, so every instance moves to the new event in seq order, exactly when
 * its figures pass that change.
 */
export class CurrentEvent {
  #event: EventConfig;
  #version: number;
  /**
   * A stand-in for the event that reads the current one on every property access. Modules that
   * were handed an `EventConfig` once (and read it per request) follow each change through it
   * without being rebuilt; things derived once from the event use `perEvent` instead.
   */
  readonly live: EventConfig;

  constructor(event: EventConfig, version: number) {
    this.#event = event;
    this.#version = version;
    const current = () => this.#event as unknown as Record<PropertyKey, unknown>;
    this.live = new Proxy({} as EventConfig, {
      get: (_target, key) => current()[key],
      has: (_target, key) => key in current(),
      ownKeys: () => Reflect.ownKeys(current()),
      getOwnPropertyDescriptor: (_target, key) => {
        const d = Reflect.getOwnPropertyDescriptor(current(), key);
        // The empty target has no such key: a proxy may only report it as configurable.
        return d && { ...d, configurable: true };
      },
      set: () => false,
    });
    holders.set(this.live, this);
  }

  current(): EventConfig {
    return this.#event;
  }

  get version(): number {
    return this.#version;
  }

  /** Takes the newest event of the changes; older versions (a replay) are ignored. */
  apply(changes: readonly Change[]): void {
    for (const change of changes) {
      if (change.type === 'event.updated' && change.version > this.#version) {
        this.#event = change.event;
        this.#version = change.version;
      }
    }
  }
}

const holders = new WeakMap<object, CurrentEvent>();

/**
 * Something derived from the event (a zod schema of its venues, a map of gate rates), built
 * again when the event changes. Given a plain event instead of `CurrentEvent.live`, it is
 * built once.
 */
export function perEvent<T>(event: EventConfig, make: (event: EventConfig) => T): () => T {
  const holder = holders.get(event);
  if (!holder) {
    const once = make(event);
    return () => once;
  }
  let version = holder.version;
  let value = make(holder.current());
  return () => {
    if (holder.version !== version) {
      version = holder.version;
      value = make(holder.current());
    }
    return value;
  };
}

/**
 * The event an instance starts with: the stored one, or on a fresh database the event file,
 * stored as version 1. Read after the figures' seed, so that the event is never older than the
 * changes the figures include (a later change then moves it on).
 */
export async function openCurrentEvent(store: Store, fileEvent: EventConfig, log?: { info(message: string): void }): Promise<CurrentEvent> {
  const stored = await store.events.seed(fileEvent);
  if (stored.version > 1 || JSON.stringify(stored.event) !== JSON.stringify(fileEvent)) {
    log?.info(`event: serving the stored "${stored.event.id}" version ${stored.version}; the event file only seeds a fresh database`);
  }
  return new CurrentEvent(stored.event, stored.version);
}

/**
 * The stored event row is gone (a database emptied under a running instance): nothing can be
 * edited until a start stores the event file again.
 */
export function missingEvent(): HttpError {
  return new HttpError('unavailable', 'no event is stored: restart Pavilion to store it from the event file');
}
