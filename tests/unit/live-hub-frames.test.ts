import { describe, expect, it } from 'vitest';
import { DEFAULT_HUB_OPTIONS, LiveHub, type LiveNamespace } from '../../server/live/hub.js';
import type { SigningChangeRecord } from '../../server/store/operations.js';
import { emptySummary } from '../../shared/summary.js';
import { signing } from '../contract/store-contract.js';
import { pacedFakeSockets, tickingClock, turns } from '../support/fake-sockets.js';
import { defaultEvent } from '../support/server.js';

const SCREENS = 640;

function created(seq: number): SigningChangeRecord {
  return { seq, type: 'signing.created', at: new Date().toISOString(), actor: 'staff', signing: signing({ id: `s${seq}` }), previous: null };
}

/** A hub whose screens take 20 µs each to write, 64 per turn of the event loop. */
function hubWithSlowScreens() {
  const screens = pacedFakeSockets(SCREENS, tickingClock(2), 0.02);
  const local = { emit: (event: string, payload: unknown) => screens.emit(event, payload), except: () => local };
  const nsp = { adapter: screens.adapter, local, sockets: new Map() } as unknown as LiveNamespace;
  const hub = new LiveHub(nsp, screens.pacer, defaultEvent(), { summary: emptySummary(), recent: [] }, { ...DEFAULT_HUB_OPTIONS, signingFrameMs: 0, now: () => new Date('2024-06-20T04:00:00Z') });
  return { hub, written: screens.written };
}

const nextTimer = () => new Promise((resolve) => setTimeout(resolve, 0));

function framesOf(written: Array<[string, string]>, id: string) {
  return written.filter(([socket]) => socket === id).map(([, packet]) => {
    const [event, payload] = JSON.parse(packet).data as [string, { seq: number; prevSeq: number }];
    return { event, seq: payload.seq, prevSeq: payload.prevSeq };
  });
}

describe('live hub frames', () => {
  it('holds the next frame until the previous one is written to every screen, and sends the changes of the wait together', async () => {
    const { hub, written } = hubWithSlowScreens();
    try {
      hub.apply([created(1)]);
      await nextTimer();
      expect(written.length).toBeGreaterThan(0);
      expect(written.length).toBeLessThan(SCREENS);
      hub.apply([created(2)]);
      await nextTimer();
      hub.apply([created(3)]);
      await turns(200);
      expect(written).toHaveLength(2 * SCREENS);
      for (const id of ['s0', `s${SCREENS - 1}`]) {
        expect(framesOf(written, id)).toEqual([
          { event: 'signing:created', seq: 1, prevSeq: 0 },
          { event: 'signing:batch', seq: 3, prevSeq: 1 },
        ]);
      }
    } finally {
      hub.close();
    }
  });
});
