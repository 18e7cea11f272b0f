import { EspFlashError } from "../errors.js";

const ADESTO_VENDOR = 0x1f;

// esptool's capacity-byte table: the JEDEC capacity byte → size name.
const SIZE_BY_CAPACITY: ReadonlyMap<number, string> = new Map([
  [0x12, "256KB"],
  [0x13, "512KB"],
  [0x14, "1MB"],
  [0x15, "2MB"],
  [0x16, "4MB"],
  [0x17, "8MB"],
  [0x18, "16MB"],
  [0x19, "32MB"],
  [0x1a, "64MB"],
  [0x1b, "128MB"],
  [0x1c, "256MB"],
  [0x20, "64MB"],
  [0x21, "128MB"],
  [0x22, "256MB"],
  [0x32, "256KB"],
  [0x33, "512KB"],
  [0x34, "1MB"],
  [0x35, "2MB"],
  [0x36, "4MB"],
  [0x37, "8MB"],
  [0x38, "16MB"],
  [0x39, "32MB"],
  [0x3a, "64MB"],
]);

// Adesto parts encode the size in the low 5 bits of the device-type byte.
const ADESTO_SIZE: ReadonlyMap<number, string> = new Map([
  [0x04, "512KB"],
  [0x05, "1MB"],
  [0x06, "2MB"],
  [0x07, "4MB"],
  [0x08, "8MB"],
  [0x09, "16MB"],
]);

/**
 * The flash size esptool's tables give for an RDID answer (`mfg | type << 8 | capacity << 16`),
 * or `undefined` when the ID is unknown. Unlike esptool we never fall back to a guess.
 */
export function flashSizeFromId(id: number): string | undefined {
  if (!Number.isSafeInteger(id) || id < 0) return undefined;
  if (id % 0x100 === ADESTO_VENDOR) return ADESTO_SIZE.get(Math.floor(id / 0x100) & 0x1f);
  // Like esptool, the whole value above bit 16 is the key: stray high bits mean "unknown".
  return SIZE_BY_CAPACITY.get(Math.floor(id / 0x10000));
}

/** Bytes in a flash size name: "4MB" → 4194304, "512KB" → 524288, "2MB-c1" → 2097152. */
export function flashSizeBytes(name: string): number {
  const match = /^([1-9]\d{0,4})(KB|MB)(-c1)?$/.exec(name);
  if (!match) {
    throw new EspFlashError(
      "flash-size-invalid",
      `'${name}' is not a flash size.`,
      "Write sizes as esptool does: 256KB, 512KB, 1MB, 2MB, 4MB, 8MB, 16MB, …",
    );
  }
  return Number(match[1]) * (match[2] === "KB" ? 1024 : 1024 * 1024);
}
