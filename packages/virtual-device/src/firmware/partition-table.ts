import { md5 } from "@noble/hashes/legacy.js";

/** One row of an ESP-IDF partition table (binary format, 32 bytes per entry). */
export interface Partition {
  label: string;
  type: number;
  subtype: number;
  offset: number;
  size: number;
  flags?: number;
}

export const PARTITION_TABLE_OFFSET = 0x8000;
/** The table occupies one 0xC00 region; unused entries stay erased (0xFF). */
export const PARTITION_TABLE_SIZE = 0xc00;
const ENTRY_MAGIC = [0xaa, 0x50];
const MD5_MAGIC = [0xeb, 0xeb];

/** Binary table as gen_esp32part writes it: entries, an MD5 entry over them, 0xFF fill. */
export function buildPartitionTable(partitions: readonly Partition[]): Uint8Array {
  const out = new Uint8Array(PARTITION_TABLE_SIZE).fill(0xff);
  const view = new DataView(out.buffer);
  partitions.forEach((p, i) => {
    const at = i * 32;
    out.set(ENTRY_MAGIC, at);
    out[at + 2] = p.type;
    out[at + 3] = p.subtype;
    view.setUint32(at + 4, p.offset, true);
    view.setUint32(at + 8, p.size, true);
    out.fill(0, at + 12, at + 28);
    out.set(new TextEncoder().encode(p.label.slice(0, 15)), at + 12);
    view.setUint32(at + 28, p.flags ?? 0, true);
  });
  const entriesEnd = partitions.length * 32;
  out.set(MD5_MAGIC, entriesEnd);
  out.set(md5(out.subarray(0, entriesEnd)), entriesEnd + 16);
  return out;
}

/** IDF's "single factory app" table, with the factory partition sized to fit the app. */
export function factoryAppTable(appSize: number): Partition[] {
  const factorySize = Math.max(0x100000, Math.ceil(appSize / 0x10000) * 0x10000);
  return [
    { label: "nvs", type: 0x01, subtype: 0x02, offset: 0x9000, size: 0x6000 },
    { label: "phy_init", type: 0x01, subtype: 0x01, offset: 0xf000, size: 0x1000 },
    { label: "factory", type: 0x00, subtype: 0x00, offset: 0x10000, size: factorySize },
  ];
}
