import { EspFlashError } from "../errors.js";
import type { ChipFamily } from "./families.js";
import { CHIPS, type ChipInfo } from "./table.js";

export { CHIP_FAMILIES, isChipFamily, type ChipFamily } from "./families.js";
export {
  CHIPS,
  FLASH_MODES,
  USB_RAM_BLOCK,
  type ChipInfo,
  type CrystalSource,
  type EfuseField,
  type FlashVoltageRegisters,
  type FlashMode,
  type RtcWatchdogRegs,
  type SecurityEfuses,
  type SpiRegisters,
} from "./table.js";

/** The table row for a family; throws `EspFlashError("unknown-chip")` for anything else. */
export function chipInfo(family: ChipFamily): ChipInfo {
  const info = Object.hasOwn(CHIPS, family) ? CHIPS[family] : undefined;
  if (!info) {
    throw new EspFlashError(
      "unknown-chip",
      `Unknown chip family '${String(family)}'.`,
      `Use one of: ${Object.keys(CHIPS).join(", ")}.`,
    );
  }
  return info;
}

/** Maps esptool-js's `loader.chip.CHIP_NAME` to our row; `undefined` for chips we do not support. */
export function chipFromEsptoolJsName(name: string): ChipInfo | undefined {
  return Object.values(CHIPS).find((info) => info.esptoolJsName === name);
}

/**
 * The name esptool uses for a code in one of the chip's tables. When two names share a
 * code (ESP32-C6 "80m" and "40m" are both 0) the later one wins, as in esptool's
 * reverse lookups; codes with no name come back as hex, e.g. "0x3".
 */
export function nameForCode(table: Readonly<Record<string, number>>, code: number): string {
  let name: string | undefined;
  for (const [key, value] of Object.entries(table)) if (value === code) name = key;
  return name ?? `0x${code.toString(16)}`;
}
