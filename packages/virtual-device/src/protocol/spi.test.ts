import { describe, expect, it } from "vitest";
import { CHIP_MODELS } from "../chips.js";
import { RegisterFile } from "./registers.js";

const part = { id: 0x1640ef, sizeBytes: 4 * 1024 * 1024 };
const mac = Uint8Array.of(1, 2, 3, 4, 5, 6);

/** RDID the way esptool (Python) drives each register layout. */
function rdid(regs: RegisterFile, chip: keyof typeof CHIP_MODELS, setLength = true): number {
  const s = CHIP_MODELS[chip].spi;
  const w = (off: number, v: number) => regs.write(s.base + off, v, 0xffffffff);
  if (setLength) {
    if (s.misoDlen === null) w(s.usr1, 23 << 8);
    else w(s.misoDlen, 23);
  }
  w(s.usr, (1 << 31) | (1 << 28));
  w(s.usr2, (7 << 28) | 0x9f);
  w(s.w0, 0);
  w(0, 1 << 18);
  expect(regs.read(s.base) & (1 << 18)).toBe(0);
  return regs.read(s.base + s.w0);
}

describe("SPI user commands through the registers", () => {
  it("RDID returns the JEDEC id on every layout when the length is set", () => {
    for (const chip of ["ESP8266", "ESP32", "ESP32-C6", "ESP32-P4"] as const) {
      const regs = new RegisterFile(CHIP_MODELS[chip], part, mac, () => 115200);
      regs.spi.attach();
      expect(rdid(regs, chip)).toBe(0x1640ef);
    }
  });

  it("flash that is not attached answers nothing (all ones) until SPI_ATTACH; S2 and P4 attach at reset", () => {
    for (const chip of ["ESP8266", "ESP32", "ESP32-S3", "ESP32-C3", "ESP32-C6"] as const) {
      const regs = new RegisterFile(CHIP_MODELS[chip], part, mac, () => 115200);
      expect(rdid(regs, chip) & 0xffffff).toBe(0xffffff);
      regs.spi.attach();
      expect(rdid(regs, chip)).toBe(0x1640ef);
      regs.reset();
      expect(rdid(regs, chip) & 0xffffff).toBe(0xffffff);
    }
    for (const chip of ["ESP32-S2", "ESP32-P4"] as const) {
      expect(rdid(new RegisterFile(CHIP_MODELS[chip], part, mac, () => 115200), chip)).toBe(
        0x1640ef,
      );
    }
  });

  it("SFDP takes the address from the ADDR register's top bits on ESP8266/ESP32 and its low bits on later chips", () => {
    const sfdpAt = (chip: keyof typeof CHIP_MODELS, addr: number): number => {
      const s = CHIP_MODELS[chip].spi;
      const regs = new RegisterFile(CHIP_MODELS[chip], part, mac, () => 115200);
      regs.spi.attach();
      const w = (off: number, v: number) => regs.write(s.base + off, v, 0xffffffff);
      // As esptool's run_spiflash_command: 24 address bits, 8 dummy cycles, 24 bits read.
      if (s.misoDlen === null) w(s.usr1, (23 << 26) | (23 << 8));
      else {
        w(s.usr1, (23 << 26) | 7);
        w(s.misoDlen, 23);
      }
      w(s.usr, (1 << 31) | (1 << 30) | (1 << 29) | (1 << 28));
      w(s.usr2, (7 << 28) | 0x5a);
      w(4, s.addrMsb ? addr << 8 : addr);
      w(0, 1 << 18);
      return regs.read(s.base + s.w0) & 0xffffff;
    };
    const ascii = (v: number) => String.fromCharCode(v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff);
    for (const chip of [
      "ESP8266",
      "ESP32",
      "ESP32-S2",
      "ESP32-S3",
      "ESP32-C3",
      "ESP32-C6",
      "ESP32-P4",
    ] as const) {
      expect(ascii(sfdpAt(chip, 1)), chip).toBe("FDP");
    }
  });

  it("a skipped length write reads with whatever USER1 held: reset value gives one bit", () => {
    const regs = new RegisterFile(CHIP_MODELS.ESP8266, part, mac, () => 115200);
    regs.spi.attach();
    expect(rdid(regs, "ESP8266", false)).toBe(0x80);
    // After a client that did set it, the stale value makes the short sequence work.
    rdid(regs, "ESP8266");
    expect(rdid(regs, "ESP8266", false)).toBe(0x1640ef);
  });

  it("a command the flash ignores reads the pulled-up line: 0xFF", () => {
    const regs = new RegisterFile(CHIP_MODELS.ESP32, part, mac, () => 115200);
    const s = CHIP_MODELS.ESP32.spi;
    regs.write(s.base + s.misoDlen!, 7, 0xffffffff);
    regs.write(s.base + s.usr, (1 << 31) | (1 << 28), 0xffffffff);
    regs.write(s.base + s.usr2, (7 << 28) | 0xab, 0xffffffff);
    regs.write(s.base + s.w0, 0, 0xffffffff);
    regs.write(s.base, 1 << 18, 0xffffffff);
    expect(regs.read(s.base + s.w0)).toBe(0xff);
  });

  it("reports the crystal through the UART divider at the current baud", () => {
    let baud = 115200;
    const regs = new RegisterFile(CHIP_MODELS.ESP8266, part, mac, () => baud);
    const xtal = (d: number) => (baud * d) / 1e6 / 2;
    expect(Math.round(xtal(regs.read(0x60000014)))).toBe(26);
    baud = 921600;
    expect(Math.round(xtal(regs.read(0x60000014)))).toBe(26);
  });
});
