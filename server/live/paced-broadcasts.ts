import type { Adapter, BroadcastOptions } from 'socket.io-adapter';

/** How long one turn of the event loop may spend writing broadcasts before it lets I/O run. */
export const BROADCAST_SLICE_MS = 4;

/** Sockets written between two looks at the clock. */
const SOCKETS_PER_CLOCK_READ = 64;

interface PaceOptions {
  sliceMs: number;
  now: () => number;
}

type Write = (socket: unknown) => void;

/** The two adapter methods pacing replaces; `apply` is private in the library's types. */
interface Broadcaster {
  apply(opts: BroadcastOptions, write: Write): void;
  broadcast(packet: unknown, opts: BroadcastOptions): void;
}

interface Delivery {
  sockets: unknown[];
  next: number;
  write: Write;
}

/** Writes queued broadcasts a slice at a time, in order, and says when all are written. */
class Pacer {
  readonly #queue: Delivery[] = [];
  #idleListeners: Array<() => void> = [];
  // True while a drain runs or is scheduled: a broadcast made meanwhile only joins the queue.
  #busy = false;

  constructor(private readonly options: PaceOptions) {}

  get pending(): boolean {
    return this.#busy;
  }

  enqueue(delivery: Delivery): void {
    this.#queue.push(delivery);
    if (!this.#busy) this.#drain();
  }

  onIdle(listener: () => void): void {
    this.#idleListeners.push(listener);
  }

  #drain = (): void => {
    this.#busy = true;
    const { now, sliceMs } = this.options;
    const deadline = now() + sliceMs;
    const queue = this.#queue;
    try {
      for (let delivery = queue[0]; delivery && now() < deadline; delivery = queue[0]) {
        const end = Math.min(delivery.sockets.length, delivery.next + SOCKETS_PER_CLOCK_READ);
        while (delivery.next < end) delivery.write(delivery.sockets[delivery.next++]);
        if (delivery.next >= delivery.sockets.length) queue.shift();
      }
    } finally {
      if (queue.length > 0) setImmediate(this.#drain);
      else this.#becomeIdle();
    }
  };

  #becomeIdle(): void {
    this.#busy = false;
    const listeners = this.#idleListeners;
    this.#idleListeners = [];
    for (const listener of listeners) listener();
  }
}

const pacers = new WeakMap<object, Pacer>();

/**
 * Makes an adapter write each broadcast in slices of a few milliseconds, yielding to the
 * event loop between them. A frame to 5,000 screens is 50-100 ms of socket writes; written
 * in one go, the loop turns a few times a second, and Node accepts one new connection per
 * turn, so screens that reconnect after a drop queue up in the kernel until their connects
 * time out, and staff requests on fresh connections wait seconds.
 *
 * The packet is still encoded once. Broadcasts keep their order: a later one waits until
 * every socket has been written the earlier ones. A socket that joins in between can get a
 * frame its snapshot already covers, which screens skip by `seq`. Whoever broadcasts often
 * must wait for `afterPendingBroadcasts`, or the queue grows when writing cannot keep up.
 *
 * It wraps the instance, not the class, because the Redis Streams adapter only exports a
 * factory. It relies on the base adapter's `broadcast` encoding the packet and then calling
 * `this.apply` with a callback that writes to one socket, as socket.io-adapter 2.x does.
 */
export function paceBroadcasts<A extends Adapter>(adapter: A, options: Partial<PaceOptions> = {}): A {
  const pacer = new Pacer({ sliceMs: BROADCAST_SLICE_MS, now: () => performance.now(), ...options });
  const target = adapter as unknown as Broadcaster;
  const apply = target.apply.bind(adapter);
  const broadcast = target.broadcast.bind(adapter);
  let capturing = false;
  target.broadcast = (packet: unknown, opts: BroadcastOptions) => {
    capturing = true;
    try {
      broadcast(packet, opts);
    } finally {
      capturing = false;
    }
  };
  target.apply = (opts: BroadcastOptions, write: Write) => {
    if (!capturing) return apply(opts, write);
    const sockets: unknown[] = [];
    apply(opts, (socket) => sockets.push(socket));
    if (sockets.length > 0) pacer.enqueue({ sockets, next: 0, write });
  };
  pacers.set(adapter, pacer);
  return adapter;
}

/**
 * Calls `callback` once every broadcast made so far has been written to every socket and
 * returns true; returns false, without calling it, when nothing is being written.
 */
export function afterPendingBroadcasts(adapter: object, callback: () => void): boolean {
  const pacer = pacers.get(adapter);
  if (!pacer?.pending) return false;
  pacer.onIdle(callback);
  return true;
}

type Namespace = ConstructorParameters<typeof Adapter>[0];

/**
 * An adapter factory for the Server's `adapter` option whose adapters pace their broadcasts.
 * Socket.IO calls it with `new`, so it must be a function, not an arrow.
 */
export function pacedAdapter(create: (nsp: Namespace) => Adapter): (nsp: Namespace) => Adapter {
  return function paced(nsp: Namespace) {
    return paceBroadcasts(create(nsp));
  };
}
