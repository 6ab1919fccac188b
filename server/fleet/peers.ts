import type { Namespace } from 'socket.io';
import type { CommandAnswer, FleetRequest, PairedMessage, ScreenInfo } from '../../shared/fleet.js';
import { ClusterEvents } from '../cluster/events.js';
import type { FleetCommandKind, FleetRegistry } from './registry.js';
import { targetKey } from './resolve.js';

/** The fleet seen from one instance: its own screens, and with Redis those of the others. */
export interface FleetPeers {
  /** Screens connected to the other instances. */
  screens(): Promise<ScreenInfo[]>;
  /** Tells the other instances a command was stored; resolves with the screens they reached and that confirmed. */
  commanded(request: Pick<FleetRequest, 'target'> & { command: { kind: FleetCommandKind } }): Promise<CommandAnswer>;
  /** Whether a page connected to another instance shows `code` now. */
  showsCode(code: string): Promise<boolean>;
  /** Hands the page showing `code` on another instance its credential; false when none did. */
  pair(code: string, message: PairedMessage): Promise<boolean>;
}

const NONE: CommandAnswer = { reached: 0, acknowledged: 0 };

export const NO_PEERS: FleetPeers = { screens: async () => [], commanded: async () => NONE, showsCode: async () => false, pair: async () => false };

export function addAnswers(a: CommandAnswer, b: CommandAnswer): CommandAnswer {
  return { reached: a.reached + b.reached, acknowledged: a.acknowledged + b.acknowledged };
}

type PeerNamespace = Pick<Namespace, 'on' | 'serverSideEmitWithAck'>;

/**
 * Fleet requests between instances, over the Socket.IO adapter's server-side events. An
 * instance that does not answer within the adapter's timeout (5 s) is left out of the answer
 * rather than failing it.
 */
export function fleetPeers(nsp: PeerNamespace, registry: FleetRegistry): FleetPeers {
  nsp.on(ClusterEvents.fleetScreens, (ack: (screens: ScreenInfo[]) => void) => ack(registry.list()));
  nsp.on(ClusterEvents.fleetCommanded, (key: string, kind: FleetCommandKind, ack: (answer: CommandAnswer) => void) => {
    registry.deliverStored(key, kind).then(ack, () => ack(NONE));
  });
  nsp.on(ClusterEvents.fleetShowsCode, (code: string, ack: (shown: boolean) => void) => ack(registry.showsCode(code)));
  // The credential crosses Redis as every figure and command does: Redis is inside the deployment.
  nsp.on(ClusterEvents.fleetPair, (code: string, message: PairedMessage, ack: (paired: boolean) => void) => ack(registry.pair(code, message)));
  const ask = async <T>(...args: [string, ...unknown[]]): Promise<T[]> => {
    try {
      // The namespace is untyped for server-side events: the answers are checked by their use.
      const emit = nsp.serverSideEmitWithAck.bind(nsp) as (...a: unknown[]) => Promise<T[]>;
      return await emit(...args);
    } catch (error) {
      return ((error as { responses?: T[] }).responses ?? []) as T[];
    }
  };
  return {
    screens: async () => (await ask<ScreenInfo[]>(ClusterEvents.fleetScreens)).flat(),
    commanded: async (request) =>
      (await ask<CommandAnswer>(ClusterEvents.fleetCommanded, targetKey(request.target), request.command.kind)).reduce(addAnswers, NONE),
    showsCode: async (code) => (await ask<boolean>(ClusterEvents.fleetShowsCode, code)).includes(true),
    pair: async (code, message) => (await ask<boolean>(ClusterEvents.fleetPair, code, message)).includes(true),
  };
}
