// The ESP-IDF partition table (at 0x8000 unless a project moved it): 32-byte entries, magic
// 0x50AA, ended by 0xFFFF or an MD5 entry (0xEBEB).

export const PARTITION_TABLE_OFFSET = 0x8000;
export const PARTITION_TABLE_SIZE = 0xc00;

export interface PartitionEntry {
  type: number;
  subtype: number;
  offset: number;
  size: number;
  label: string;
}

const ENTRY = 32;
const ENTRY_MAGIC = 0x50aa;

/** The entries of a partition table, or undefined when `bytes` do not start with one. */
export function parsePartitionTable(bytes: Uint8Array): PartitionEntry[] | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries: PartitionEntry[] = [];
  for (let at = 0; at + ENTRY <= bytes.length; at += ENTRY) {
    if (view.getUint16(at, true) !== ENTRY_MAGIC) break;
    const label = bytes.subarray(at + 12, at + 28);
    const end = label.indexOf(0);
    entries.push({
      type: bytes[at + 2]!,
      subtype: bytes[at + 3]!,
      offset: view.getUint32(at + 4, true),
      size: view.getUint32(at + 8, true),
      label: new TextDecoder().decode(label.subarray(0, end < 0 ? 16 : end)),
    });
  }
  return entries.length ? entries : undefined;
}

const APP = 0x00;
const DATA = 0x01;
const FACTORY = 0x00;
const OTA_0 = 0x10;
const OTA_DATA = 0x00;

export const appPartitions = (table: PartitionEntry[]) => table.filter((p) => p.type === APP);
export const otaDataPartition = (table: PartitionEntry[]) =>
  table.find((p) => p.type === DATA && p.subtype === OTA_DATA);

/**
 * The app the bootloader starts: with valid OTA data, the OTA slot its highest sequence number
 * selects; else the factory app, else ota_0 (what the bootloader falls back to).
 */
export function bootApp(
  table: PartitionEntry[],
  otaSequences: readonly number[] = [],
): PartitionEntry | undefined {
  const apps = appPartitions(table);
  const ota = apps.filter((p) => p.subtype >= OTA_0 && p.subtype < OTA_0 + 16);
  // Erased (0xFFFFFFFF) or zero sequence numbers are not valid selections.
  const seq = Math.max(0, ...otaSequences.filter((s) => s > 0 && s !== 0xffffffff));
  if (seq > 0 && ota.length) {
    const slot = (seq - 1) % ota.length;
    const chosen = ota.find((p) => p.subtype === OTA_0 + slot);
    if (chosen) return chosen;
  }
  return apps.find((p) => p.subtype === FACTORY) ?? ota.find((p) => p.subtype === OTA_0);
}
