import { sha256 } from "@noble/hashes/sha2.js";
import { CHIP_MODELS } from "../../src/chips.js";
import type { ChipFamily } from "../../src/chips.js";

/** A small valid app/bootloader image for `chip`, built from esptool's image format. */
export function buildImage(
  chip: ChipFamily,
  o: { sizeByte: number; segments?: number; sha?: boolean; chipId?: number },
): Uint8Array {
  const model = CHIP_MODELS[chip];
  const extended = model.imageChipId !== null;
  const parts: number[] = [0xe9, o.segments ?? 2, 0x02, o.sizeByte, 0x00, 0x10, 0x08, 0x40];
  if (extended) {
    const id = o.chipId ?? model.imageChipId!;
    parts.push(
      0xee,
      0,
      0,
      0,
      id & 0xff,
      id >> 8,
      0,
      0,
      0,
      0xff,
      0xff,
      0,
      0,
      0,
      0,
      o.sha === false ? 0 : 1,
    );
  }
  let checksum = 0xef;
  for (let s = 0; s < (o.segments ?? 2); s++) {
    const len = 64 + s * 20;
    const addr = 0x40080000 + s * 0x1000;
    parts.push(
      addr & 0xff,
      (addr >> 8) & 0xff,
      (addr >> 16) & 0xff,
      addr >>> 24,
      len & 0xff,
      len >> 8,
      0,
      0,
    );
    for (let i = 0; i < len; i++) {
      const b = (i * 7 + s) & 0xff;
      checksum ^= b;
      parts.push(b);
    }
  }
  while (parts.length % 16 !== 15) parts.push(0);
  parts.push(checksum);
  const body = Uint8Array.from(parts);
  if (!extended || o.sha === false) return body;
  const out = new Uint8Array(body.length + 32);
  out.set(body);
  out.set(sha256(body), body.length);
  return out;
}
