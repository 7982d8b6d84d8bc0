/**
 * Open-addressing hash table from integer grid-cell coordinates (cx, cy) to dense slot indices
 * 0, 1, 2, ... in first-seen order; typed arrays only, for the collision grid's hot loop.
 *
 * Why not a Map: a key packing two coordinates exceeds V8's small-integer range, so every lookup
 * boxed a heap number and hashed a double; this table probes Int32Arrays and allocates nothing
 * except when it grows (doubling, load factor <= 1/2, linear probing).
 */

const INITIAL_BUCKETS = 256; // a power of two

export class CellTable {
  private buckets: Int32Array = new Int32Array(INITIAL_BUCKETS).fill(-1); // slot index, -1 = empty
  private mask = INITIAL_BUCKETS - 1;
  private slotCx: Int32Array = new Int32Array(INITIAL_BUCKETS / 2);
  private slotCy: Int32Array = new Int32Array(INITIAL_BUCKETS / 2);
  private slotCount = 0;

  /** Number of distinct cells added since the last reset(). */
  get count(): number {
    return this.slotCount;
  }

  cx(slot: number): number {
    return this.slotCx[slot];
  }

  cy(slot: number): number {
    return this.slotCy[slot];
  }

  /** Forgets every cell (slots restart at 0), keeping the buffers. */
  reset(): void {
    this.buckets.fill(-1);
    this.slotCount = 0;
  }

  /** The slot of cell (cx, cy), or -1 when it was never added. */
  find(cx: number, cy: number): number {
    for (let b = hashCell(cx, cy) & this.mask; ; b = (b + 1) & this.mask) {
      const slot = this.buckets[b];
      if (slot === -1 || (this.slotCx[slot] === cx && this.slotCy[slot] === cy)) return slot;
    }
  }

  /** The slot of cell (cx, cy), adding it (as slot `count`) when new. */
  findOrAdd(cx: number, cy: number): number {
    let b = hashCell(cx, cy) & this.mask;
    for (; ; b = (b + 1) & this.mask) {
      const slot = this.buckets[b];
      if (slot === -1) break;
      if (this.slotCx[slot] === cx && this.slotCy[slot] === cy) return slot;
    }
    const slot = this.slotCount++;
    this.slotCx[slot] = cx;
    this.slotCy[slot] = cy;
    this.buckets[b] = slot;
    if (2 * this.slotCount > this.mask) this.grow();
    return slot;
  }

  /** Doubles the buckets (and slot arrays) and re-inserts every slot. */
  private grow(): void {
    const bucketCount = 2 * this.buckets.length;
    this.buckets = new Int32Array(bucketCount).fill(-1);
    this.mask = bucketCount - 1;
    const cx = new Int32Array(bucketCount / 2);
    const cy = new Int32Array(bucketCount / 2);
    cx.set(this.slotCx);
    cy.set(this.slotCy);
    this.slotCx = cx;
    this.slotCy = cy;
    for (let slot = 0; slot < this.slotCount; slot++) {
      let b = hashCell(cx[slot], cy[slot]) & this.mask;
      while (this.buckets[b] !== -1) b = (b + 1) & this.mask;
      this.buckets[b] = slot;
    }
  }
}

/** Mixes two int32 coordinates into a well-spread 32-bit hash (multiplicative, murmur3 finaliser). */
function hashCell(cx: number, cy: number): number {
  let h = Math.imul(cx, 0x9e3779b1) ^ Math.imul(cy, 0x85ebca77);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h;
}
