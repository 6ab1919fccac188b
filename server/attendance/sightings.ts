/** Which distinct-visitor counts a scan adds to; bit flags so that a repeat costs no allocation. */
export const NEW_IN_VENUE_DAY = 1;
export const NEW_IN_VENUE = 2;
export const NEW_IN_DAY = 4;
export const NEW_AT_ALL = 8;

const MAX_LOAD = 0.5;
/** Bytes of a badge hash that identify it here. */
export const BADGE_BYTES = 8;

/** Badge hashes as `load` reads them back: their first 8 bytes, one after the other. */
export function packed(badges: Uint8Array[]): Buffer {
  return Buffer.concat(badges.map((b) => b.subarray(0, BADGE_BYTES)));
}

/**
 * Which badge was seen in which venue on which day, in memory, so that a scan learns what it
 * counts towards without a random-key write to disk. One slot per badge, keyed by the first
 * 64 bits of its keyed hash (a false match among ten million badges has odds of about one in
 * 400,000), with a bitmask of the (venue, day) pairs it was seen in. Typed arrays keep a
 * million badges in tens of megabytes, where a Map of strings would take hundreds.
 *
 * Changes are undone in reverse order (`mark` / `undoTo`), so the caller can tie them to a
 * database transaction; `reserve` must run first so that nothing grows in between.
 */
export class BadgeSightings {
  #capacity = 0;
  #size = 0;
  #used = new Uint8Array(0);
  #hi = new Uint32Array(0);
  #lo = new Uint32Array(0);
  /** `#words` bitmask words per slot: bit p set when the badge was seen in pair p. */
  #masks = new Uint32Array(0);
  #words = 1;
  readonly #pairs = new Map<string, number>();
  readonly #venueMasks = new Map<string, Uint32Array>();
  readonly #dayMasks = new Map<string, Uint32Array>();
  #undoAt: number[] = [];
  #undoWas: number[] = [];

  get size(): number {
    return this.#size;
  }

  /** Makes room for `badges` more badges and the given (venue, day) pairs, so `record` never resizes. */
  reserve(badges: number, pairs: Iterable<readonly [venueId: string, day: string]>): void {
    const known = this.#pairs.size;
    for (const [venueId, day] of pairs) this.#pairOf(venueId, day);
    const words = Math.max(1, Math.ceil(this.#pairs.size / 32));
    let capacity = Math.max(this.#capacity, 1024);
    while ((this.#size + badges) / capacity > MAX_LOAD) capacity *= 2;
    if (capacity !== this.#capacity || words !== this.#words) this.#rebuild(capacity, words);
    else if (this.#pairs.size > known) this.#rebuildScopeMasks();
  }

  /** Records a sighting and says which counts it is new to; the pair must have been reserved. */
  record(badge: Uint8Array, venueId: string, day: string): number {
    return this.#record(badge, 0, this.#reservedPair(venueId, day), venueId, day, true);
  }

  /** Records sightings packed 8 bytes each, as `packed` keeps them, for good: a start reads them back. */
  load(venueId: string, day: string, badges: Uint8Array): void {
    const pair = this.#reservedPair(venueId, day);
    for (let at = 0; at + BADGE_BYTES <= badges.length; at += BADGE_BYTES) this.#record(badges, at, pair, venueId, day, false);
  }

  #record(badge: Uint8Array, offset: number, pair: number, venueId: string, day: string, undoable: boolean): number {
    const hi = readU32(badge, offset);
    const lo = readU32(badge, offset + 4);
    const found = this.#find(hi, lo);
    if (found < 0) {
      this.#insert(~found, hi, lo, undoable);
      this.#setBit(~found, pair, undoable);
      return NEW_IN_VENUE_DAY | NEW_IN_VENUE | NEW_IN_DAY | NEW_AT_ALL;
    }
    const base = found * this.#words;
    const word = pair >>> 5;
    const bit = 1 << (pair & 31);
    if ((this.#masks[base + word]! & bit) !== 0) return 0;
    let fresh = NEW_IN_VENUE_DAY;
    if (!this.#overlaps(base, this.#venueMasks.get(venueId)!)) fresh |= NEW_IN_VENUE;
    if (!this.#overlaps(base, this.#dayMasks.get(day)!)) fresh |= NEW_IN_DAY;
    this.#setBit(found, pair, undoable);
    return fresh;
  }

  #reservedPair(venueId: string, day: string): number {
    const pair = this.#pairs.get(pairKey(venueId, day));
    if (pair === undefined) throw new Error(`sightings: pair ${venueId} ${day} was not reserved`);
    return pair;
  }

  /** A point to return to with `undoTo`. */
  mark(): number {
    return this.#undoAt.length;
  }

  /** Reverts every change since `mark`, newest first, which restores the probe sequences exactly. */
  undoTo(mark: number): void {
    while (this.#undoAt.length > mark) {
      const at = this.#undoAt.pop()!;
      const was = this.#undoWas.pop()!;
      if (was < 0) {
        this.#used[at] = 0;
        this.#size -= 1;
      } else this.#masks[at] = was;
    }
  }

  /** The changes so far are committed: forget how to undo them. */
  settle(): void {
    this.#undoAt = [];
    this.#undoWas = [];
  }

  /** `was` is the mask word's old value, or -1 for a slot that was empty. */
  #logUndo(at: number, was: number): void {
    this.#undoAt.push(at);
    this.#undoWas.push(was);
  }

  #find(hi: number, lo: number): number {
    const last = this.#capacity - 1;
    let i = lo & last;
    while (this.#used[i] === 1) {
      if (this.#lo[i] === lo && this.#hi[i] === hi) return i;
      i = (i + 1) & last;
    }
    return ~i;
  }

  #insert(slot: number, hi: number, lo: number, undoable: boolean): void {
    this.#used[slot] = 1;
    this.#hi[slot] = hi;
    this.#lo[slot] = lo;
    this.#masks.fill(0, slot * this.#words, (slot + 1) * this.#words);
    this.#size += 1;
    if (undoable) this.#logUndo(slot, -1);
  }

  #setBit(slot: number, pair: number, undoable: boolean): void {
    const at = slot * this.#words + (pair >>> 5);
    if (undoable) this.#logUndo(at, this.#masks[at]!);
    this.#masks[at] = this.#masks[at]! | (1 << (pair & 31));
  }

  #overlaps(base: number, mask: Uint32Array): boolean {
    for (let w = 0; w < this.#words; w++) if ((this.#masks[base + w]! & mask[w]!) !== 0) return true;
    return false;
  }

  #pairOf(venueId: string, day: string): number {
    const key = pairKey(venueId, day);
    let pair = this.#pairs.get(key);
    if (pair === undefined) {
      pair = this.#pairs.size;
      this.#pairs.set(key, pair);
    }
    return pair;
  }

  #rebuild(capacity: number, words: number): void {
    if (this.#undoAt.length > 0) throw new Error('sightings: cannot resize with changes not yet settled');
    const old = { capacity: this.#capacity, used: this.#used, hi: this.#hi, lo: this.#lo, masks: this.#masks, words: this.#words };
    this.#capacity = capacity;
    this.#words = words;
    this.#used = new Uint8Array(capacity);
    this.#hi = new Uint32Array(capacity);
    this.#lo = new Uint32Array(capacity);
    this.#masks = new Uint32Array(capacity * words);
    for (let i = 0; i < old.capacity; i++) {
      if (old.used[i] !== 1) continue;
      const slot = ~this.#find(old.hi[i]!, old.lo[i]!);
      this.#used[slot] = 1;
      this.#hi[slot] = old.hi[i]!;
      this.#lo[slot] = old.lo[i]!;
      this.#masks.set(old.masks.subarray(i * old.words, (i + 1) * old.words), slot * words);
    }
    this.#rebuildScopeMasks();
  }

  /** Per venue and per day, the bits of the pairs that belong to it. */
  #rebuildScopeMasks(): void {
    this.#venueMasks.clear();
    this.#dayMasks.clear();
    for (const [key, pair] of this.#pairs) {
      const [venueId, day] = key.split('\n') as [string, string];
      for (const [masks, scope] of [[this.#venueMasks, venueId], [this.#dayMasks, day]] as const) {
        let mask = masks.get(scope);
        if (!mask) masks.set(scope, (mask = new Uint32Array(this.#words)));
        mask[pair >>> 5] = mask[pair >>> 5]! | (1 << (pair & 31));
      }
    }
  }
}

const pairKey = (venueId: string, day: string) => `${venueId}\n${day}`;

function readU32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}
