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
export class Pacer {
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

  /**
   * Calls `callback` once every broadcast queued so far has been written to every socket and
   * returns true; returns false, without calling it, when nothing is being written.
   */
  afterPending(callback: () => void): boolean {
    if (!this.#busy) return false;
    this.#idleListeners.push(callback);
    return true;
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
 * must wait for `Pacer.afterPending`, or the queue grows when writing cannot keep up.
 *
 * It wraps the instance, not the class, because the Redis Streams adapter only exports a
 * factory. It relies on the base adapter's `broadcast` encoding the packet and then calling
 * `this.apply` with a callback that writes to one socket, as socket.io-adapter 2.x does.
 */
export function paceBroadcasts(adapter: Adapter, options: Partial<PaceOptions> = {}): Pacer {
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
  return pacer;
}

type Namespace = ConstructorParameters<typeof Adapter>[0];

/**
 * The pacers of one Socket.IO server, one per namespace. The app owns it and hands each
 * namespace's pacer to whoever broadcasts there, so that nothing can broadcast on a paced
 * adapter without being able to wait for it.
 */
export class BroadcastPacing {
  readonly #pacers = new Map<string, Pacer>();

  /**
   * An adapter factory for the Server's `adapter` option whose adapters pace their
   * broadcasts. Socket.IO calls it with `new`, so it returns a function, not an arrow.
   */
  adapter(create: (nsp: Namespace) => Adapter): (nsp: Namespace) => Adapter {
    const pacers = this.#pacers;
    return function paced(nsp: Namespace) {
      const adapter = create(nsp);
      pacers.set(nsp.name, paceBroadcasts(adapter));
      return adapter;
    };
  }

  /** The pacer of a namespace created with `adapter`; throws for one that is not paced. */
  of(nsp: { name: string }): Pacer {
    const pacer = this.#pacers.get(nsp.name);
    if (!pacer) throw new Error(`namespace ${nsp.name} has no paced adapter`);
    return pacer;
  }
}
