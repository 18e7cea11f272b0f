import { CHIPS, type ChipFamily } from "../../src/index.js";

export interface RegWrite {
  addr: number;
  value: number;
}

/**
 * A model of one chip's SPI controller, just enough to answer RDID: the command only
 * produces the ID when USR, USR2 and the read length (USR1 on the ESP8266, MISO_DLEN
 * elsewhere) are set up as the hardware needs; otherwise W0 keeps stale data.
 */
export class FakeSpiLoader {
  readonly regs = new Map<number, number>();
  readonly writes: RegWrite[] = [];
  readonly reads: number[] = [];
  readonly chip: { CHIP_NAME: string };
  /** Polls of CMD that still read "busy" after the command starts. */
  busyPolls = 2;

  constructor(
    readonly family: ChipFamily,
    readonly flashId: number,
  ) {
    this.chip = { CHIP_NAME: CHIPS[family].esptoolJsName };
    const { spi } = CHIPS[family];
    // Leftover state from the ROM: must be restored afterwards, must not leak into the answer.
    this.regs.set(spi.base + spi.usr, 0x80000040);
    this.regs.set(spi.base + spi.usr2, 0x70000005);
    this.regs.set(spi.base + spi.w0, 0xdeadbeef);
  }

  readReg = async (addr: number): Promise<number> => {
    this.reads.push(addr);
    const { base } = CHIPS[this.family].spi;
    if (addr === base && this.busyPolls > 0 && (this.regs.get(base) ?? 0) & (1 << 18)) {
      this.busyPolls--;
      if (this.busyPolls === 0) this.regs.set(base, 0);
    }
    return this.regs.get(addr) ?? 0;
  };

  writeReg = async (addr: number, value: number): Promise<void> => {
    this.writes.push({ addr, value });
    const { spi } = CHIPS[this.family];
    if (addr === spi.base) {
      if (value !== 1 << 18) throw new Error(`unexpected SPI_CMD value ${value}`);
      this.execute();
      if (this.busyPolls === 0) return;
    }
    this.regs.set(addr, value >>> 0);
  };

  private execute(): void {
    const { spi } = CHIPS[this.family];
    const get = (offset: number) => this.regs.get(spi.base + offset) ?? 0;
    const misoBits =
      spi.misoDlen === undefined
        ? ((get(spi.usr1) >>> 8) & 0x1ff) + 1
        : (get(spi.misoDlen) & 0xffff) + 1;
    const usr = get(spi.usr);
    const usr2 = get(spi.usr2);
    const ok =
      (usr & 0x90000000) >>> 0 === 0x90000000 && (usr2 & 0xff) === 0x9f && usr2 >>> 28 === 7;
    if (ok)
      this.regs.set(
        spi.base + spi.w0,
        misoBits >= 32 ? this.flashId : this.flashId % 2 ** misoBits,
      );
  }
}
