// What esptool v5's `chip-id` and `flash-id` print beyond the chip, MAC and flash ID: the
// crystal, the flash's supply voltage and type, and the ESP8266's chip ID — read from the
// same registers esptool reads (targets/*.py), with the registers in the chip table.
import { chipInfo, type ChipFamily, type FlashVoltageRegisters } from "../chips/index.js";
import type { UsbKind } from "../session/types.js";

export type FlashVoltage = "3.3V" | "1.8V" | "1.9V" | "off";

export interface ChipHardware {
  /** The crystal in MHz, named as esptool names it (26, 40 or 48 when estimated). */
  crystalMHz?: number;
  /**
   * "uart-divider": estimated from the UART clock divider the ROM set for the link's rate
   * (ESP8266, ESP32, -C2, -C5); "fixed": the chip has one crystal frequency (the others).
   */
  crystalSource?: "uart-divider" | "fixed";
  /** The estimate before it was named, in MHz (only for "uart-divider"). */
  crystalEstimateMHz?: number;
  /** The flash's supply (VDD_SDIO) and what sets it (ESP32, -S2, -S3; others: not readable). */
  flashVoltage?: { volts: FlashVoltage; setBy: "rtc-register" | "efuse" | "strapping-pin" };
  /** What the flash-type eFuse says (ESP32-S2, -S3). */
  flashType?: "quad" | "octal";
  /** ESP8266 only: the SDK's `system_get_chip_id()`, from the OTP MAC words (esptool `chip-id`). */
  chipId?: number;
}

/** ESP8266 OTP words esptool's chip_id() reads (ESP_OTP_MAC0, ESP_OTP_MAC1). */
const ESP8266_OTP_MAC0 = 0x3ff00050;
const ESP8266_OTP_MAC1 = 0x3ff00054;
const UART_CLKDIV_MASK = 0xfffff;

/** esptool's naming of a crystal estimate: above 45 → 48, above 33 → 40, else 26 MHz. */
export function nameCrystal(estimateMHz: number): number {
  return estimateMHz > 45 ? 48 : estimateMHz > 33 ? 40 : 26;
}

/**
 * The flash supply from the three places esptool looks, in its order. The VDD_SPI eFuses are
 * decoded as espefuse burns them (FORCE: the eFuses decide; XPD: regulator on; TIEH: 3.3V, else
 * 1.8V); esptool v5.0.0 tests them with overlapping masks and so calls any burnt bit "3.3V".
 */
export function decodeFlashVoltage(
  regs: FlashVoltageRegisters,
  words: { rtc?: number; efuse: number; strap: number },
): NonNullable<ChipHardware["flashVoltage"]> {
  const rtc = regs.rtcSdioConf;
  if (rtc && words.rtc !== undefined && (words.rtc & rtc.force) !== 0) {
    const volts =
      (words.rtc & rtc.drefh) !== 0 ? "1.9V" : (words.rtc & rtc.xpd) !== 0 ? "1.8V" : "off";
    return { volts, setBy: "rtc-register" };
  }
  const e = regs.efuse;
  if ((words.efuse & e.force) !== 0) {
    const volts =
      (words.efuse & e.xpd) === 0 ? "off" : (words.efuse & e.tieh) !== 0 ? "3.3V" : "1.8V";
    return { volts, setBy: "efuse" };
  }
  return { volts: (words.strap & regs.strap.mask) !== 0 ? "1.8V" : "3.3V", setBy: "strapping-pin" };
}

/**
 * Reads what the chip table says can be read. Each fact is best effort: a read that fails
 * leaves that fact out (and is logged) rather than ending the session. `link.rate`: the baud
 * rate the UART runs at now, which its divider was set for; over the chip's own USB no UART
 * rate is in play, so the divider says nothing and the crystal is left out.
 */
export async function readChipHardware(
  readReg: (address: number) => Promise<number>,
  family: ChipFamily,
  link: { rate: number; usb: UsbKind },
  log: (line: string) => void,
  isFatal: (error: unknown) => boolean,
): Promise<ChipHardware> {
  const info = chipInfo(family);
  const facts: ChipHardware = {};
  const attempt = async (what: string, read: () => Promise<void>) => {
    try {
      await read();
    } catch (error) {
      if (isFatal(error)) throw error;
      log(`Could not read the ${what} (${String(error)}).`);
    }
  };
  const crystal = info.crystal;
  if ("fixedMHz" in crystal)
    Object.assign(facts, { crystalMHz: crystal.fixedMHz, crystalSource: "fixed" });
  else if (link.usb !== "uart-bridge")
    log("The crystal is not estimated over the chip's own USB (no UART rate to estimate it from).");
  else
    await attempt("crystal frequency", async () => {
      const divider = (await readReg(crystal.uartClkdivReg)) & UART_CLKDIV_MASK;
      const estimate = (link.rate * divider) / 1e6 / crystal.apbPerCrystal;
      facts.crystalMHz = nameCrystal(estimate);
      facts.crystalSource = "uart-divider";
      facts.crystalEstimateMHz = Math.round(estimate * 100) / 100;
      if (Math.abs(facts.crystalMHz - estimate) > 1)
        log(
          `The crystal estimate ${estimate.toFixed(2)} MHz is far from ${facts.crystalMHz} MHz: an unusual crystal?`,
        );
    });
  const voltage = info.flashVoltage;
  if (voltage)
    await attempt("flash voltage", async () => {
      const rtc = voltage.rtcSdioConf ? await readReg(voltage.rtcSdioConf.address) : undefined;
      const efuse = await readReg(voltage.efuse.address);
      const strap = await readReg(voltage.strap.address);
      facts.flashVoltage = decodeFlashVoltage(voltage, {
        ...(rtc !== undefined ? { rtc } : {}),
        efuse,
        strap,
      });
    });
  const octal = info.octalFlashEfuse;
  if (octal)
    await attempt("flash type eFuse", async () => {
      facts.flashType = ((await readReg(octal.address)) & octal.mask) !== 0 ? "octal" : "quad";
    });
  if (family === "ESP8266")
    await attempt("chip ID", async () => {
      const id0 = await readReg(ESP8266_OTP_MAC0);
      const id1 = await readReg(ESP8266_OTP_MAC1);
      facts.chipId = ((id0 >>> 24) | ((id1 & 0xffffff) << 8)) >>> 0;
    });
  return facts;
}
