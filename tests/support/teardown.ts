import { afterEach } from 'vitest';

/** A server, store, socket or balancer: anything a test opens and must close. */
export interface Closable {
  close(): unknown;
}

/** Hands back what it is given, to be closed after the test. */
export type Closing = <T extends Closable>(thing: T) => T;

/**
 * Registers one `afterEach` that closes what the tests of a file opened, the last opened first,
 * so that sockets go before the server they talk to; `then` runs after, e.g. to drop the
 * schemas those servers used. Returns the function a test passes each opened thing through.
 */
export function closeAfterEach(then?: () => Promise<void>): Closing {
  const open: Closable[] = [];
  afterEach(async () => {
    for (const thing of open.splice(0).reverse()) await thing.close();
    await then?.();
  });
  return (thing) => {
    open.push(thing);
    return thing;
  };
}
