import { describe, expect, it } from "vitest";
import { CHIPS, detectFlashSize, EspFlashError, readFlashId, type ChipFamily } from "../index.js";
import { FakeSpiLoader } from "../../test/helpers/fake-spi.js";

const families = Object.keys(CHIPS) as ChipFamily[];

describe("readFlashId over READ_REG/WRITE_REG", () => {
  for (const family of families) {
    it(`${family}: writes the family's RDID sequence and restores USR/USR2`, async () => {
      const loader = new FakeSpiLoader(family, 0x1640ef);
      const { spi } = CHIPS[family];
      const at = (offset: number) => spi.base + offset;
      expect(await readFlashId(loader)).toBe(0x1640ef);
      const lengthWrite =
        family === "ESP8266"
          ? { addr: at(spi.usr1), value: 23 << 8 }
          : { addr: at(spi.misoDlen!), value: 23 };
      expect(loader.writes).toEqual([
        lengthWrite,
        { addr: at(spi.usr), value: 0x90000000 },
        { addr: at(spi.usr2), value: 0x7000009f },
        { addr: at(spi.w0), value: 0 },
        { addr: spi.base, value: 1 << 18 },
        { addr: at(spi.usr), value: 0x80000040 },
        { addr: at(spi.usr2), value: 0x70000005 },
      ]);
      if (family === "ESP8266") {
        // The ESP8266 has no DLEN registers; esptool-js 0.7.0 writes to base+0 (SPI_CMD) instead.
        const touched = loader.writes.map((w) => w.addr - spi.base);
        expect(touched).not.toContain(0x28);
        expect(touched).not.toContain(0x2c);
        expect(loader.writes.filter((w) => w.addr === spi.base)).toEqual([
          { addr: spi.base, value: 1 << 18 },
        ]);
      }
    });
  }

  it("detectFlashSize names the size and its bytes", async () => {
    expect(await detectFlashSize(new FakeSpiLoader("ESP8266", 0x1640ef))).toEqual({
      id: 0x1640ef,
      size: "4MB",
      bytes: 4 * 1024 * 1024,
    });
    // Adesto: size in the low 5 bits of the device-type byte (0x87 → 0x07 → 4MB).
    expect(await detectFlashSize(new FakeSpiLoader("ESP32-C3", 0x01871f))).toMatchObject({
      size: "4MB",
    });
  });

  it("reports an unknown ID as size undefined, never a guess", async () => {
    expect(await detectFlashSize(new FakeSpiLoader("ESP32", 0x2a40ef))).toEqual({
      id: 0x2a40ef,
      size: undefined,
      bytes: undefined,
    });
  });

  it("takes the family explicitly when the loader has no chip yet", async () => {
    const loader = new FakeSpiLoader("ESP32-S3", 0x1840c8);
    expect(
      await readFlashId({ readReg: loader.readReg, writeReg: loader.writeReg }, "ESP32-S3"),
    ).toBe(0x1840c8);
  });

  it("refuses an unsupported chip and times out with a typed error (registers restored)", async () => {
    const unknown = new FakeSpiLoader("ESP32", 0x1640ef);
    unknown.chip.CHIP_NAME = "ESP32-H21";
    await expect(readFlashId(unknown)).rejects.toMatchObject({ code: "chip-unsupported" });

    const stuck = new FakeSpiLoader("ESP32-C6", 0x1640ef);
    stuck.busyPolls = 11;
    const error = await readFlashId(stuck).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EspFlashError);
    expect(error).toMatchObject({ code: "flash-id-timeout" });
    expect(stuck.reads.filter((a) => a === CHIPS["ESP32-C6"].spi.base)).toHaveLength(10);
    expect(stuck.writes.slice(-2).map((w) => w.value)).toEqual([0x80000040, 0x70000005]);
  });
});
