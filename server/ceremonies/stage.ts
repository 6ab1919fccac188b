import type { StageScreens } from '../../shared/ceremonies.js';
import type { FleetTarget } from '../../shared/fleet.js';
import type { FleetPeers } from '../fleet/peers.js';
import type { FleetAssignment } from '../store/types.js';

/** Switches a ceremony's stage screens to its scene and back. */
export interface StageControl {
  show(ceremonyId: string, stage: StageScreens): Promise<void>;
  clear(ceremonyId: string, stage: StageScreens): Promise<void>;
}

export interface StageFleet {
  /** The fleet registry: stores a stage assignment, then tells this instance's screens. */
  registry: {
    setStage(key: string, stage: { ceremonyId: string } | null): Promise<unknown>;
    assignments(): readonly FleetAssignment[];
  };
  /** The other instances read the stored assignments again and tell their screens. */
  peers: Pick<FleetPeers, 'commanded'>;
}

function targetsOf(stage: StageScreens): FleetTarget[] {
  return [...stage.venues.map((id) => ({ type: 'venue', id }) as const), ...stage.screens.map((id) => ({ type: 'screen', id }) as const)];
}

const keyOf = (t: FleetTarget) => (t.type === 'all' ? 'all' : `${t.type}:${t.id}`);

/**
 * A stage is a fleet assignment of kind `stage` per venue or screen: stored before any screen
 * hears of it and re-sent on every register, like the fleet's own commands; the screen's
 * resolved state gives it precedence over schedules and profiles (server/fleet/resolve.ts).
 * Finishing removes only this ceremony's assignments, so another ceremony's stage stays.
 */
export function fleetStage(fleet: StageFleet): StageControl {
  const set = async (target: FleetTarget, stage: { ceremonyId: string } | null) => {
    await fleet.registry.setStage(keyOf(target), stage);
    await fleet.peers.commanded({ target, command: { kind: 'profile' } });
  };
  return {
    async show(ceremonyId, stage) {
      for (const target of targetsOf(stage)) await set(target, { ceremonyId });
    },
    async clear(ceremonyId, stage) {
      const ours = new Set(
        fleet.registry
          .assignments()
          .filter((a) => a.kind === 'stage' && a.value.ceremonyId === ceremonyId)
          .map((a) => a.target),
      );
      for (const target of targetsOf(stage)) if (ours.has(keyOf(target))) await set(target, null);
    },
  };
}

/** For apps without screens to switch (tests of the API alone). */
export const NO_STAGE: StageControl = { show: async () => {}, clear: async () => {} };
