import { RTC_WDT_WKEY, SECURITY_EFUSES } from "../chips.js";
import type { ChipModel, EfuseBits } from "../chips.js";
import type { VirtualSecurity } from "../device/types.js";
import { SpiController } from "./spi.js";
import type { FlashPart } from "./spi.js";

export const MAGIC_REG = 0x40001000;
const ESP32_APB_CTL_DATE = 0x3ff6607c;

/**
 * What READ_REG/WRITE_REG reach: the chip-detect magic word, eFuse MAC words, the UART
 * clock divider (so crystal detection works), the SPI controller, and plain memory for
 * everything else (reads back what was written, 0 otherwise).
 */
/** RTC slow clock (~150 kHz RC oscillator): the watchdog's timeout counts its cycles. */
const RTC_SLOW_CLOCK_KHZ = 150;
const WDT_ENABLE = 1 << 31;

export class RegisterFile {
  readonly spi: SpiController;
  /** Set when an unlocked write enabled the RTC watchdog with a reset stage: ms until it bites. */
  watchdogDueMs: number | undefined;
  private readonly fixed = new Map<number, number>();
  private readonly memory = new Map<number, number>();

  constructor(
    private readonly model: ChipModel,
    part: FlashPart,
    mac: Uint8Array,
    private readonly currentBaud: () => number,
    revision = 0,
  ) {
    this.spi = new SpiController(model.spi, part, model.flashAttachedAtBoot);
    this.fixed.set(MAGIC_REG, model.magic);
    for (const [addr, value] of Object.entries(model.fixedRegisters ?? {}))
      this.fixed.set(Number(addr), value >>> 0);
    const { kind, base } = model.efuse;
    const low = ((mac[2]! << 24) | (mac[3]! << 16) | (mac[4]! << 8) | mac[5]!) >>> 0;
    const high = (mac[0]! << 8) | mac[1]!;
    if (kind === "esp8266") {
      // esptool reads the OUI from word 3 when non-zero, bytes 3..5 from words 1 and 0.
      this.fixed.set(base, (mac[5]! << 24) >>> 0);
      this.fixed.set(base + 4, (mac[3]! << 8) | mac[4]!);
      this.fixed.set(base + 8, 0);
      this.fixed.set(base + 12, (mac[0]! << 16) | (mac[1]! << 8) | mac[2]!);
    } else if (kind === "esp32") {
      this.fixed.set(base + 4, low);
      this.fixed.set(base + 8, high);
    } else {
      this.fixed.set(base, low);
      this.fixed.set(base + 4, high);
    }
    this.setRevision(revision);
  }

  /** revision = major * 100 + minor, spread over the family's eFuse bits. */
  private setRevision(revision: number): void {
    const major = Math.floor(revision / 100);
    const minor = revision % 100;
    const { kind, base } = this.model.efuse;
    if (kind === "esp32") {
      // ESP32 marks v1, v2, v3 with one bit each: eFuse word 3 bit 15, word 5 bit 20, APB_CTL_DATE bit 31.
      if (major >= 1) this.orFixed(base + 12, 1 << 15);
      if (major >= 2) this.orFixed(base + 20, 1 << 20);
      if (major >= 3) this.orFixed(ESP32_APB_CTL_DATE, 1 << 31);
      return;
    }
    for (const f of this.model.revisionFields ?? []) {
      const value = ((f.of === "major" ? major : minor) >> f.from) & ((1 << f.bits) - 1);
      this.orFixed(base + 4 * f.word, value << f.shift);
    }
  }

  /** The security eFuses, burnt where the family's ROM shows them (SECURITY_EFUSES). */
  burnSecurity(s: VirtualSecurity): void {
    const layout = SECURITY_EFUSES[this.model.family];
    if (!layout) return;
    const burn = (field: EfuseBits, value: number) => {
      let shift = 0;
      while (((field.mask >>> shift) & 1) === 0) shift++;
      this.orFixed(field.address, (value << shift) & field.mask);
    };
    burn(layout.flashCryptCnt, s.flashCryptCnt ?? 0);
    if (s.secureBoot === "v1" && layout.secureBootV1) burn(layout.secureBootV1, 1);
    if (s.secureBoot === "v2") burn(layout.secureBoot, 1);
    if (s.downloadEncryptDisabled) burn(layout.disDownloadManualEncrypt, 1);
  }

  /** The flash supply as the ROM shows it: the strapping pin's bit, or the VDD_SPI eFuses. */
  setFlashSupply(volts: "3.3V" | "1.8V", setBy: "strapping-pin" | "efuse"): void {
    const supply = this.model.flashSupply;
    if (!supply) return;
    if (setBy === "efuse")
      this.orFixed(supply.efuse, supply.force | supply.xpd | (volts === "3.3V" ? supply.tieh : 0));
    else if (volts === "1.8V") this.orFixed(supply.strap, supply.strapMask);
  }

  /** Burns the flash-type eFuse that says octal (S2, S3). */
  setOctalFlash(): void {
    const field = this.model.octalFlashEfuse;
    if (field) this.orFixed(field.address, field.mask);
  }

  /** A register (or ROM variable) that reads as this value, whatever is written. */
  fix(addr: number, value: number): void {
    this.fixed.set(addr >>> 0, value >>> 0);
  }

  private orFixed(addr: number, bits: number): void {
    this.fixed.set(addr, ((this.fixed.get(addr) ?? 0) | bits) >>> 0);
  }

  reset(): void {
    this.spi.reset();
    this.memory.clear();
    this.watchdogDueMs = undefined;
  }

  read(addr: number): number {
    addr >>>= 0;
    if (this.spi.owns(addr)) return this.spi.read(addr);
    if (addr === this.model.uartClkdivReg) {
      // etsXtal = baud * div / 1e6 / divider, so pick the divider the ROM would have set.
      return (
        Math.round((this.model.xtalMHz * 1e6 * this.model.xtalDivider) / this.currentBaud()) &
        0xfffff
      );
    }
    return this.fixed.get(addr) ?? this.memory.get(addr) ?? 0;
  }

  write(addr: number, value: number, mask: number): void {
    addr >>>= 0;
    const merged = ((this.read(addr) & ~mask) | (value & mask)) >>> 0;
    const wdt = this.model.rtcWatchdog;
    // Write-protected watchdog registers ignore writes unless the key is in WPROTECT.
    if (
      wdt &&
      (addr === wdt.config0 || addr === wdt.config1) &&
      this.read(wdt.wprotect) !== RTC_WDT_WKEY
    )
      return;
    if (this.spi.owns(addr)) this.spi.write(addr, merged);
    else if (!this.fixed.has(addr)) this.memory.set(addr, merged);
    if (wdt && addr === wdt.config0) this.armWatchdog(merged, this.read(wdt.config1));
  }

  /** CONFIG0: enable bit 31, stage-0 action in bits 28..30 (0 = off); CONFIG1: stage-0 timeout in slow-clock cycles. */
  private armWatchdog(config0: number, timeoutCycles: number): void {
    const stage0 = (config0 >>> 28) & 7;
    this.watchdogDueMs =
      (config0 & WDT_ENABLE) !== 0 && stage0 !== 0
        ? Math.max(1, timeoutCycles) / RTC_SLOW_CLOCK_KHZ
        : undefined;
  }
}
