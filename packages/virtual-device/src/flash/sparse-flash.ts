/**
 * NOR flash as the chips see it: erased bytes read 0xFF, programming can only clear
 * bits, erase works on 4 KB sectors or 64 KB blocks. Storage is sparse — a sector costs
 * memory only once something is programmed into it — so a 16 MB chip is free until used.
 * Addresses wrap at the chip size, as a real part ignores the high address bits.
 */
export const SECTOR_SIZE = 0x1000;
export const BLOCK_SIZE = 0x10000;
export const PAGE_SIZE = 0x100;

const ERASED = new Uint8Array(SECTOR_SIZE).fill(0xff);

export class SparseFlash {
  readonly size: number;
  private readonly sectors = new Map<number, Uint8Array>();

  constructor(size: number, contents?: Uint8Array) {
    if (!Number.isInteger(size) || size <= 0 || size % SECTOR_SIZE !== 0) {
      throw new RangeError(`Flash size ${size} is not a positive multiple of 4 KB`);
    }
    this.size = size;
    if (contents) this.load(contents);
  }

  /** Replace contents from offset 0 (an image file, say), bypassing NOR rules. */
  load(contents: Uint8Array): void {
    this.sectors.clear();
    const length = Math.min(contents.length, this.size);
    for (let at = 0; at < length; at += SECTOR_SIZE) {
      const chunk = contents.subarray(at, Math.min(at + SECTOR_SIZE, length));
      if (chunk.every((b) => b === 0xff)) continue;
      const sector = new Uint8Array(SECTOR_SIZE).fill(0xff);
      sector.set(chunk);
      this.sectors.set(at / SECTOR_SIZE, sector);
    }
  }

  /** Number of sectors that hold data (memory actually used = this × 4 KB). */
  get usedSectors(): number {
    return this.sectors.size;
  }

  read(offset: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    let done = 0;
    this.forEachChunk(offset, length, (chunk) => {
      out.set(chunk, done);
      done += chunk.length;
    });
    return out;
  }

  /** Visit [offset, offset+length) as views into storage (no copies); views are read-only by contract. */
  forEachChunk(offset: number, length: number, visit: (chunk: Uint8Array) => void): void {
    let addr = this.wrap(offset);
    let left = length;
    while (left > 0) {
      const index = Math.floor(addr / SECTOR_SIZE);
      const within = addr - index * SECTOR_SIZE;
      const n = Math.min(left, SECTOR_SIZE - within);
      const sector = this.sectors.get(index) ?? ERASED;
      visit(sector.subarray(within, within + n));
      left -= n;
      addr = this.wrap(addr + n);
    }
  }

  /** Program bytes: each byte becomes old AND new, as NOR programming only clears bits. */
  program(offset: number, data: Uint8Array): void {
    let addr = this.wrap(offset);
    let from = 0;
    while (from < data.length) {
      const index = Math.floor(addr / SECTOR_SIZE);
      const within = addr - index * SECTOR_SIZE;
      const n = Math.min(data.length - from, SECTOR_SIZE - within);
      const sector = this.sectors.get(index);
      if (!sector) {
        // Erased sector: AND with 0xFF is a plain copy.
        if (!isErased(data, from, n)) {
          const fresh = new Uint8Array(SECTOR_SIZE).fill(0xff);
          fresh.set(data.subarray(from, from + n), within);
          this.sectors.set(index, fresh);
        }
      } else {
        for (let i = 0; i < n; i++) sector[within + i]! &= data[from + i]!;
      }
      from += n;
      addr = this.wrap(addr + n);
    }
  }

  /** Erase the 4 KB sector holding `offset`. */
  eraseSector(offset: number): void {
    this.sectors.delete(Math.floor(this.wrap(offset) / SECTOR_SIZE));
  }

  /** Erase the 64 KB block holding `offset`. */
  eraseBlock(offset: number): void {
    const first = Math.floor(this.wrap(offset) / BLOCK_SIZE) * (BLOCK_SIZE / SECTOR_SIZE);
    for (let i = 0; i < BLOCK_SIZE / SECTOR_SIZE; i++) this.sectors.delete(first + i);
  }

  eraseAll(): void {
    this.sectors.clear();
  }

  private wrap(addr: number): number {
    return ((addr % this.size) + this.size) % this.size;
  }
}

function isErased(data: Uint8Array, from: number, n: number): boolean {
  for (let i = from; i < from + n; i++) if (data[i] !== 0xff) return false;
  return true;
}
