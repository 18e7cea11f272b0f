import { describe, expect, it } from "vitest";
import { CHIP_MODELS } from "../../src/chips.js";
import { VirtualEsp } from "../../src/device/virtual-esp.js";
import { esptool } from "./helpers.js";

/** What real silicon does that a simpler model gets wrong; each case drives esptool-js 0.7.0. */

const SFDP = 0x5a;
const u32 = (...words: number[]): Uint8Array => {
  const out = new Uint8Array(words.length * 4);
  words.forEach((w, i) => new DataView(out.buffer).setUint32(i * 4, w >>> 0, true));
  return out;
};

/** A ROM-only session: synced and detected, no stub. */
async function romSession(
  chip: keyof typeof CHIP_MODELS,
  options: Partial<ConstructorParameters<typeof VirtualEsp>[0]> = {},
) {
  const device = new VirtualEsp({ chip, ...options });
  const session = esptool(device, 115200);
  await session.loader.detectChip("default_reset");
  return { device, ...session };
}

describe("the SPI flash is attached, not assumed", () => {
  it.each(["ESP32", "ESP32-S3", "ESP32-C3", "ESP32-C6"] as const)(
    "%s ROM: flash ID reads all ones until SPI_ATTACH",
    async (chip) => {
      const { device, loader } = await romSession(chip);
      expect((await loader.readFlashId()) & 0xffffff).toBe(0xffffff);
      await loader.flashSpiAttach(0);
      expect(await loader.readFlashId()).toBe(device.flashId);
    },
  );

  it.each(["ESP32-S2", "ESP32-P4"] as const)(
    "%s ROM attaches the flash by itself",
    async (chip) => {
      const { device, loader } = await romSession(chip);
      expect(await loader.readFlashId()).toBe(device.flashId);
    },
  );

  it("ESP8266 ROM: FLASH_BEGIN attaches it (there is no SPI_ATTACH)", async () => {
    const { loader } = await romSession("ESP8266");
    const spi = CHIP_MODELS.ESP8266.spi;
    // esptool-js 0.7.0 sends ESP8266 lengths to the wrong registers: drive them as esptool does.
    const sfdp = async () => {
      const w = (off: number, v: number) => loader.writeReg(spi.base + off, v);
      await w(spi.usr1, (23 << 26) | (31 << 8) | 7);
      await w(spi.usr, (1 << 31) | (1 << 30) | (1 << 29) | (1 << 28));
      await w(spi.usr2, (7 << 28) | SFDP);
      await w(4, 0);
      await w(spi.w0, 0);
      await w(0, 1 << 18);
      return (await loader.readReg(spi.base + spi.w0)) >>> 0;
    };
    expect(await sfdp()).toBe(0xffffffff);
    await loader.flashBegin(0, 0);
    expect(await sfdp()).toBe(0x50444653); // "SFDP"
  });

  it("the stub attaches the flash before it says OHAI", async () => {
    const device = new VirtualEsp({ chip: "ESP32-C3" });
    const { loader } = esptool(device);
    await loader.main("default_reset");
    expect(await loader.readFlashId()).toBe(device.flashId);
  });
});

describe("addressed SPI commands", () => {
  const ascii = (w: number) => String.fromCharCode(w & 0xff, (w >> 8) & 0xff, (w >> 16) & 0xff);
  const sfdpAt1 = async (chip: keyof typeof CHIP_MODELS, msb?: boolean) => {
    const { loader } = await romSession(chip);
    await loader.flashSpiAttach(0);
    if (msb !== undefined) loader.SPI_ADDR_REG_MSB = msb;
    return ascii(await loader.runSpiflashCommand(SFDP, new Uint8Array(0), 24, 1, 24, 8));
  };

  it.each(["ESP32", "ESP32-S2", "ESP32-P4"] as const)(
    "%s: esptool-js reads SFDP from address 1 ('FDP')",
    async (chip) => {
      expect(await sfdpAt1(chip)).toBe("FDP");
    },
  );

  it.each([
    "ESP32-S3",
    "ESP32-C2",
    "ESP32-C3",
    "ESP32-C5",
    "ESP32-C6",
    "ESP32-C61",
    "ESP32-H2",
  ] as const)(
    "%s takes the address unshifted, as esptool writes it (esptool-js 0.7.0 shifts it and reads address 0)",
    async (chip) => {
      expect(await sfdpAt1(chip, false)).toBe("FDP");
      expect(await sfdpAt1(chip)).toBe("SFD");
    },
  );
});

describe("ROM READ_FLASH_SLOW", () => {
  it("answers with a 64-byte buffer however few bytes were asked for", async () => {
    const device = new VirtualEsp({
      chip: "ESP32",
      flashContents: Uint8Array.of(0x5a, 0xa5, 0x0f),
    });
    const { loader } = esptool(device, 115200);
    await loader.detectChip("default_reset");
    await loader.flashSpiAttach(0);
    // As esptool: one byte asked, status read after 64 bytes of data.
    const data = (await loader.checkCommand("read flash", 0x0e, u32(0, 1), 0, 64)) as Uint8Array;
    expect(data).toHaveLength(64);
    expect([...data.slice(0, 4)]).toEqual([0x5a, 0xa5, 0x0f, 0xff]);
  });
});

describe("RAM code", () => {
  it("code that is not a flasher stub runs: no OHAI, and the loader no longer answers", async () => {
    const { device, loader } = await romSession("ESP32-C3");
    // c.nop; c.j . — a tight loop, nothing like a flasher.
    const code = Uint8Array.of(0x01, 0x00, 0x01, 0xa0, 0, 0, 0, 0);
    await loader.memBegin(code.length, 1, code.length, 0x40380000);
    await loader.memBlock(code, 0);
    await loader.memFinish(0x40380000);
    expect(device.state).toBe("running");
    await expect(loader.sync()).rejects.toThrow();
  });
});

describe("RTC watchdog", () => {
  it("esptool's watchdog-reset writes reboot an ESP32-S3 from flash", async () => {
    const { device, loader } = await romSession("ESP32-S3");
    const wdt = CHIP_MODELS["ESP32-S3"].rtcWatchdog!;
    await loader.writeReg(wdt.wprotect, 0x50d83aa1);
    await loader.writeReg(wdt.config1, 2000);
    await loader.writeReg(wdt.config0, (1 << 31) | (5 << 28) | (1 << 8) | 2);
    await loader.writeReg(wdt.wprotect, 0);
    // The lock write was still answered: the watchdog bites after its timeout, not at once.
    expect(device.state).toBe("download");
    await new Promise((r) => setTimeout(r, 100));
    expect(device.bootLog).toContain("RTCWDT_RTC_RST");
    expect(device.bootLog).toContain("invalid header");
    expect(device.state).toBe("halted");
    // With no image the ROM keeps retrying, so a monitor that listens later still hears why.
    const heard: string[] = [];
    device.onTransmit((b) => heard.push(new TextDecoder().decode(b)));
    await new Promise((r) => setTimeout(r, 500));
    expect(heard.join("")).toContain("invalid header: 0xffffffff\r\n");
  });

  it("a locked watchdog ignores the writes", async () => {
    const { device, loader } = await romSession("ESP32-C3");
    const wdt = CHIP_MODELS["ESP32-C3"].rtcWatchdog!;
    await loader.writeReg(wdt.config1, 2000);
    await loader.writeReg(wdt.config0, (1 << 31) | (5 << 28) | (1 << 8) | 2);
    await new Promise((r) => setTimeout(r, 100));
    expect(device.state).toBe("download");
  });
});

describe("C2 and C6 revisions", () => {
  it("an ESP32-C2 is v1.0 by default (esptool v5 refuses its stub on v0.0) and reports what it is given", async () => {
    const plain = await romSession("ESP32-C2");
    expect(await plain.loader.chip.getChipDescription(plain.loader)).toContain("revision 1");
    const { loader } = await romSession("ESP32-C2", { revision: 201 });
    const word = await loader.readReg(0x60008840 + 4);
    expect([(word >> 20) & 3, (word >> 16) & 0xf]).toEqual([2, 1]);
  });

  it("an ESP32-C6 keeps its revision in eFuse block 1 word 3", async () => {
    const { loader } = await romSession("ESP32-C6", { revision: 2 });
    const word = await loader.readReg(0x600b0844 + 12);
    expect([(word >> 22) & 3, (word >> 18) & 0xf]).toEqual([0, 2]);
    expect(await loader.chip.getChipDescription(loader)).toContain("revision 2");
  });
});

describe("ESP32 ROM crystal calibration", () => {
  it("reads as 40 MHz the way esptool estimates it before a ROM baud change", async () => {
    const { loader } = await romSession("ESP32");
    const cali = ((await loader.readReg(0x3ff5f06c)) >>> 7) & 0x1ffffff;
    const ck8m = (await loader.readReg(0x3ff5a010)) & 0xff;
    expect((cali * 15625 * ck8m) / 40).toBe(40_000_000);
  });
});

describe("reads past the flash size the loader was given", () => {
  it("are refused at once (a damaged length), until SPI_SET_PARAMS says the flash is larger", async () => {
    const device = new VirtualEsp({ chip: "ESP32", flashSize: "4MB" });
    const { loader } = esptool(device);
    await loader.main("default_reset");
    // The stub starts at 16 MB: inside that, addresses wrap on a 4 MB part; past it, an error.
    expect(await loader.flashMd5sum(0xfff000, 0x1000)).toMatch(/^[0-9a-f]{32}$/);
    await expect(loader.flashMd5sum(0x1000, 0x80001000)).rejects.toThrow(/status 196/);
    await expect(
      loader.checkCommand("read flash", 0xd2, u32(0xfff000, 0x2000, 0x1000, 1)),
    ).rejects.toThrow(/status 196/);
    // SPI_SET_PARAMS: id, total size, block, sector, page, status mask.
    await loader.checkCommand(
      "set SPI params",
      0x0b,
      u32(0, 0x400000, 0x10000, 0x1000, 0x100, 0xffff),
    );
    await expect(loader.flashMd5sum(0x3ff000, 0x2000)).rejects.toThrow(/status 196/);
    expect(await loader.flashMd5sum(0x3ff000, 0x1000)).toMatch(/^[0-9a-f]{32}$/);
  });
});
