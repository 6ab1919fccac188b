import { describe, expect, it } from 'vitest';
import { pacedFakeSockets, tickingClock, turns } from '../support/fake-sockets.js';

function recordingScreens(count: number, clock = { sliceMs: 1_000_000, now: () => 0 }) {
  const { pacer, emit, written } = pacedFakeSockets(count, clock);
  const send = (data: unknown, except: string[] = []) => emit('frame', data, except);
  return { pacer, send, written };
}

const settle = () => turns(1000);

describe('paced broadcasts', () => {
  it('writes a broadcast that fits in one slice before returning', () => {
    const { send, written } = recordingScreens(3);
    send(1);
    expect(written.map(([id]) => id)).toEqual(['s0', 's1', 's2']);
  });

  it('yields to the event loop between slices and still reaches every socket once', async () => {
    const { send, written } = recordingScreens(1000, tickingClock(4));
    send(1);
    const writtenBeforeYield = written.length;
    await turns(1);
    expect(writtenBeforeYield).toBeGreaterThan(0);
    expect(writtenBeforeYield).toBeLessThan(1000);
    await settle();
    expect(new Set(written.map(([id]) => id)).size).toBe(1000);
    expect(written).toHaveLength(1000);
  });

  it('gives every socket the earlier broadcast before the later one', async () => {
    const { send, written } = recordingScreens(500, tickingClock(2));
    send('first');
    send('second');
    await settle();
    const order = new Map<string, string[]>();
    for (const [id, packet] of written) order.set(id, [...(order.get(id) ?? []), packet.includes('first') ? 'first' : 'second']);
    expect(order.size).toBe(500);
    for (const packets of order.values()) expect(packets).toEqual(['first', 'second']);
  });

  it('leaves out the sockets the broadcast excludes', async () => {
    const { send, written } = recordingScreens(200, tickingClock(2));
    send(1, ['s5', 's150']);
    await settle();
    const ids = written.map(([id]) => id);
    expect(ids).toHaveLength(198);
    expect(ids).not.toContain('s5');
    expect(ids).not.toContain('s150');
  });

  it('says when every queued broadcast has been written, and that nothing is when idle', async () => {
    const { pacer, send, written } = recordingScreens(300, tickingClock(2));
    expect(pacer.afterPending(() => {})).toBe(false);
    send(1);
    send(2);
    let writtenWhenIdle = -1;
    expect(pacer.afterPending(() => (writtenWhenIdle = written.length))).toBe(true);
    await settle();
    expect(writtenWhenIdle).toBe(600);
    expect(pacer.afterPending(() => {})).toBe(false);
  });
});
