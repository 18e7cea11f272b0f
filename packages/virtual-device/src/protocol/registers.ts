import type { ChipModel } from "../chips.js";
import { SpiController } from "./spi.js";
import type { FlashPart } from "./spi.js";

export const MAGIC_REG = 0x40001000;

/**
 * What READ_REG/WRITE_REG reach: the chip-detect magic word, eFuse MAC words, the UART
 * clock divider (so crystal detection works), the SPI controller, and plain memory for
 * everything else (reads back what was written, 0 otherwise).
 */
export class RegisterFile {
  readonly spi: SpiController;
  private readonly fixed = new Map<number, number>();
  private readonly memory = new Map<number, number>();

  constructor(
    private readonly model: ChipModel,
    part: FlashPart,
    mac: Uint8Array,
    private readonly currentBaud: () => number,
  ) {
    this.spi = new SpiController(model.spi, part);
    this.fixed.set(MAGIC_REG, model.magic);
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
  }

  reset(): void {
    this.spi.reset();
    this.memory.clear();
  }

  read(addr: number): number {
    addr >>>= 0;
    if (this.spi.owns(addr)) return this.spi.read(addr);
    if (addr === this.model.uartClkdivReg) {
      // etsXtal = baud * div / 1e6 / divider, so pick the divider the ROM would have set.
      return Math.round((this.model.xtalMHz * 1e6 * this.model.xtalDivider) / this.currentBaud()) & 0xfffff;
    }
    return this.fixed.get(addr) ?? this.memory.get(addr) ?? 0;
  }

  write(addr: number, value: number, mask: number): void {
    addr >>>= 0;
    const merged = ((this.read(addr) & ~mask) | (value & mask)) >>> 0;
    if (this.spi.owns(addr)) this.spi.write(addr, merged);
    else if (!this.fixed.has(addr)) this.memory.set(addr, merged);
  }
}
