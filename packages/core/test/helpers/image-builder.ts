import { sha256 } from "@noble/hashes/sha2.js";
import { CHIPS, type ChipFamily } from "../../src/index.js";

export interface BuildImageOptions {
  chip: ChipFamily;
  segments?: { address: number; data: Uint8Array }[];
  /** Header byte 2. */
  mode?: number;
  /** Header byte 3. */
  sizeFreq?: number;
  hashAppended?: boolean;
  chipId?: number;
  /** Extended header revision fields (defaults: min_rev 0, min_rev_full 0, max_rev_full 0xFFFF). */
  minRev?: number;
  minRevFull?: number;
  maxRevFull?: number;
  badChecksum?: boolean;
}

/** Writes a firmware image in esptool's documented layout, for tests. */
export function buildImage(o: BuildImageOptions): Uint8Array {
  const segments = o.segments ?? [
    { address: 0x3fff0000, data: Uint8Array.from({ length: 37 }, (_, i) => i * 3) },
  ];
  const extended = CHIPS[o.chip].imageChipId !== null;
  const bytes: number[] = [
    0xe9,
    segments.length,
    o.mode ?? 0,
    o.sizeFreq ?? 0x20,
    0x10,
    0x80,
    0x3c,
    0x40,
  ];
  if (extended) {
    const id = o.chipId ?? CHIPS[o.chip].imageChipId!;
    const [minFull, maxFull] = [o.minRevFull ?? 0, o.maxRevFull ?? 0xffff];
    bytes.push(
      0xee,
      0,
      0,
      0,
      id & 0xff,
      id >> 8,
      o.minRev ?? 0,
      minFull & 0xff,
      minFull >> 8,
      maxFull & 0xff,
      maxFull >> 8,
      0,
      0,
      0,
      0,
      o.hashAppended ? 1 : 0,
    );
  }
  let checksum = 0xef;
  for (const { address, data } of segments) {
    for (const word of [address, data.length])
      bytes.push(word & 0xff, (word >>> 8) & 0xff, (word >>> 16) & 0xff, word >>> 24);
    for (const b of data) {
      bytes.push(b);
      checksum ^= b;
    }
  }
  while (bytes.length % 16 !== 15) bytes.push(0);
  bytes.push(o.badChecksum ? checksum ^ 0xff : checksum);
  const image = Uint8Array.from(bytes);
  if (!o.hashAppended) return image;
  const out = new Uint8Array(image.length + 32);
  out.set(image);
  out.set(sha256(image), image.length);
  return out;
}

/** `parts` laid out at their offsets in one 0xFF-filled buffer, like esptool merge_bin. */
export function merge(parts: { offset: number; data: Uint8Array }[], size: number): Uint8Array {
  const out = new Uint8Array(size).fill(0xff);
  for (const { offset, data } of parts) out.set(data, offset);
  return out;
}
