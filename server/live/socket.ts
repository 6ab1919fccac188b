import { LiveEvents } from '../../shared/live.js';
import { guardAgainstFloods } from './flood-guard.js';
import type { LiveHub, LiveNamespace } from './hub.js';
import { forgetUpgradeRequest } from './socket-internals.js';

/** Snapshots are the expensive request a screen can make; one a second is plenty. */
const SNAPSHOT_INTERVAL_MS = 1000;

export function serveLiveNamespace(nsp: LiveNamespace, hub: LiveHub): void {
  nsp.on('connection', (socket) => {
    forgetUpgradeRequest(socket);
    guardAgainstFloods(socket);
    let lastSnapshotAt = -Infinity;
    let deferred: NodeJS.Timeout | undefined;
    const sendSnapshot = () => {
      deferred = undefined;
      lastSnapshotAt = performance.now();
      socket.emit(LiveEvents.snapshot, hub.snapshot());
    };
    // Listeners are registered before anything is awaited, so no request is missed.
    socket.on(LiveEvents.snapshotRequest, () => {
      const wait = lastSnapshotAt + SNAPSHOT_INTERVAL_MS - performance.now();
      if (wait <= 0) sendSnapshot();
      else deferred ??= setTimeout(sendSnapshot, wait);
    });
    socket.on('disconnect', () => clearTimeout(deferred));
    // A recovered connection had its missed frames replayed; anyone else starts from a snapshot.
    if (!socket.recovered) sendSnapshot();
  });
}
