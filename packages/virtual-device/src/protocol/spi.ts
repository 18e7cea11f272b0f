import type { SpiLayout } from "../chips.js";

/** What the attached flash part answers to user-mode SPI commands. */
export interface FlashPart {
  /** JEDEC RDID as u32 mfg | type << 8 | capacity << 16. */
  id: number;
  sizeBytes: number;
}

const CMD_USR = 1 << 18;
const USR_COMMAND = 1 << 31;
const USR_ADDR = 1 << 30;
const USR_DUMMY = 1 << 29;
const USR_MISO = 1 << 28;

/** Reset value of SPI_USER1 (address 23 bits, dummy 7 cycles, MISO length field 0 = 1 bit). */
const USER1_RESET = 0x5c000007;

/**
 * The SPI flash controller's user-command registers. Writing CMD bit 18 runs the command
 * described by USR/USR1/USR2/DLEN/ADDR right away; the received bits land in W0.. and the
 * bit clears. Lengths come from whatever the registers hold at that moment, so a client
 * that skips a write gets the stale value's result, as on silicon.
 */
export class SpiController {
  private readonly regs = new Map<number, number>();
  /** Whether the flash pins are routed to this controller (SPI_ATTACH, or the ROM did it at reset). */
  private attached = false;

  constructor(
    private readonly layout: SpiLayout,
    private readonly part: FlashPart,
    private readonly attachedAtReset = false,
  ) {
    this.reset();
  }

  reset(): void {
    this.regs.clear();
    this.regs.set(this.layout.usr1, USER1_RESET);
    this.attached = this.attachedAtReset;
  }

  /** Route the flash pins (SPI_ATTACH; ESP8266's FLASH_BEGIN; the stub at start). */
  attach(): void {
    this.attached = true;
  }

  get isAttached(): boolean {
    return this.attached;
  }

  /** True if addr is one of this controller's registers (CMD .. W15). */
  owns(addr: number): boolean {
    const off = addr - this.layout.base;
    return off >= 0 && off < this.layout.w0 + 64 && (off & 3) === 0;
  }

  read(addr: number): number {
    return (this.regs.get(addr - this.layout.base) ?? 0) >>> 0;
  }

  write(addr: number, value: number): void {
    const off = addr - this.layout.base;
    this.regs.set(off, value >>> 0);
    if (off === 0 && (value & CMD_USR) !== 0) {
      this.execute();
      this.regs.set(0, (value & ~CMD_USR) >>> 0);
    }
  }

  private execute(): void {
    const l = this.layout;
    const usr = this.read(l.base + l.usr);
    const usr2 = this.read(l.base + l.usr2);
    if ((usr & USR_COMMAND) === 0) return;
    const command = usr2 & 0xff;
    const misoBits = (usr & USR_MISO) !== 0 ? this.misoBits() : 0;
    const addrBits = (usr & USR_ADDR) !== 0 ? ((this.read(l.base + l.usr1) >>> 26) & 0x3f) + 1 : 0;
    const addrReg = this.read(l.base + 4);
    // ESP8266/ESP32 take the address from the register's top bits; later chips from its low bits.
    const address =
      addrBits === 0
        ? 0
        : l.addrMsb
          ? addrReg >>> (32 - addrBits)
          : addrBits >= 32
            ? addrReg
            : addrReg & ((1 << addrBits) - 1);
    const dummy = (usr & USR_DUMMY) !== 0;
    const reply = this.answer(command, address, dummy);
    this.storeMiso(reply, misoBits);
  }

  private misoBits(): number {
    const l = this.layout;
    if (l.misoDlen === null) return ((this.read(l.base + l.usr1) >>> 8) & 0x1ff) + 1;
    return (this.read(l.base + l.misoDlen) & 0x3ff) + 1;
  }

  /** Bytes the flash drives on MISO for a command; 0xFF (pulled-up line) when it drives nothing. */
  private answer(command: number, address: number, _dummy: boolean): (i: number) => number {
    // Unattached, nothing drives MISO: the pulled-up line reads all ones.
    if (!this.attached) return () => 0xff;
    const id = this.part.id;
    switch (command) {
      case 0x9f: // RDID
        return (i) => (i < 3 ? (id >>> (8 * i)) & 0xff : 0xff);
      case 0x05: // RDSR: not busy, not write-enabled
      case 0x35: // RDSR2
      case 0x15: // RDSR3
        return () => 0x00;
      case 0x5a: {
        const table = sfdp(this.part.sizeBytes);
        return (i) => table[(address + i) & 0xff] ?? 0xff;
      }
      default:
        return () => 0xff;
    }
  }

  /** Received bits fill W0.. MSB-first within each byte, bytes little-endian in each word. */
  private storeMiso(byteAt: (i: number) => number, bits: number): void {
    const w0 = this.layout.base + this.layout.w0;
    for (let i = 0; i * 8 < bits && i < 64; i++) {
      const have = Math.min(8, bits - i * 8);
      const mask = (0xff << (8 - have)) & 0xff;
      const wordAddr = w0 + (i & ~3);
      const shift = 8 * (i & 3);
      const old = this.read(wordAddr);
      const merged = (old & ~(mask << shift)) | ((byteAt(i) & mask) << shift);
      this.regs.set(wordAddr - this.layout.base, merged >>> 0);
    }
  }
}

/** A minimal JESD216 SFDP table: header, one parameter header, basic table with density. */
function sfdp(sizeBytes: number): Uint8Array {
  const t = new Uint8Array(256).fill(0xff);
  t.set([0x53, 0x46, 0x44, 0x50, 0x06, 0x01, 0x00, 0xff]); // "SFDP", rev 1.6, 1 header
  t.set([0x00, 0x06, 0x01, 0x10, 0x30, 0x00, 0x00, 0xff], 8); // basic table: 16 dwords at 0x30
  const density = sizeBytes * 8 - 1;
  t.set([0xe5, 0x20, 0xf1, 0xff], 0x30);
  t.set(
    [density & 0xff, (density >>> 8) & 0xff, (density >>> 16) & 0xff, (density >>> 24) & 0xff],
    0x34,
  );
  return t;
}
