import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CHIP_LIST, loadRom, romFromChipId } from "esptool-js/lib/targets/index.js";
import {
  CHIP_FAMILIES,
  CHIPS,
  chipFromEsptoolJsName,
  chipInfo,
  nameForCode,
  type ChipFamily,
} from "../index.js";

interface VectorChip {
  bootloaderOffset: number;
  imageChipId: number | null;
  flashSizes: Record<string, number>;
  flashFrequency: Record<string, number>;
}
type JsChip = Record<string, number | string | number[] | boolean | undefined>;
// Every target, loaded the way the (patched) esptool-js loads one on demand.
const jsChips = (await Promise.all(CHIP_LIST.map(loadRom))) as unknown as JsChip[];

const vectors = JSON.parse(
  readFileSync(new URL("../../test/fixtures/vectors/chips.json", import.meta.url), "utf8"),
) as { chips: Record<string, VectorChip> };

describe("chip table", () => {
  it("covers exactly the families of chips.json", () => {
    expect(Object.keys(CHIPS).sort()).toEqual(Object.keys(vectors.chips).sort());
    expect([...CHIP_FAMILIES].sort()).toEqual(Object.keys(vectors.chips).sort());
  });

  for (const [family, want] of Object.entries(vectors.chips)) {
    it(`${family} matches esptool v5 (offset, chip id, size and freq codes in order)`, () => {
      const info = chipInfo(family as ChipFamily);
      expect(info.family).toBe(family);
      expect(info.bootloaderOffset).toBe(want.bootloaderOffset);
      expect(info.imageChipId).toBe(want.imageChipId);
      // Order matters: esptool lists the supported names in table order in its errors.
      expect(Object.entries(info.flashSizes)).toEqual(Object.entries(want.flashSizes));
      expect(Object.entries(info.flashFrequencies)).toEqual(Object.entries(want.flashFrequency));
    });
  }

  it("ESP32-C6 80m has code 0, as in esptool v5", () => {
    expect(CHIPS["ESP32-C6"].flashFrequencies["80m"]).toBe(0);
    expect(nameForCode(CHIPS["ESP32-C6"].flashFrequencies, 0)).toBe("40m");
    expect(nameForCode(CHIPS.ESP32.flashSizes, 0x90)).toBe("0x90");
  });

  it("esptool-js finds each chip by its GET_SECURITY_INFO chip ID (our patch's table)", async () => {
    for (const js of jsChips) {
      const found = (await romFromChipId(js.IMAGE_CHIP_ID as number)) as unknown as JsChip | null;
      // ESP8266 and ESP32 have no GET_SECURITY_INFO: only their magic value names them.
      if (js.USES_MAGIC_VALUE) expect(found?.CHIP_NAME).not.toBe(js.CHIP_NAME);
      else expect(found?.CHIP_NAME, String(js.CHIP_NAME)).toBe(js.CHIP_NAME);
    }
    expect(await romFromChipId(0x7fff)).toBeNull();
  });
  for (const info of Object.values(CHIPS)) {
    it(`${info.family} agrees with esptool-js 0.7.0 on name, chip id, offset and SPI registers`, () => {
      const js = jsChips.find((c) => c.CHIP_NAME === info.esptoolJsName);
      expect(js, `esptool-js has ${info.esptoolJsName}`).toBeDefined();
      if (!js) return;
      expect(chipFromEsptoolJsName(info.esptoolJsName)).toBe(info);
      expect(js.BOOTLOADER_FLASH_OFFSET).toBe(info.bootloaderOffset);
      if (info.imageChipId !== null) expect(js.IMAGE_CHIP_ID).toBe(info.imageChipId);
      const base = info.spi.base;
      expect([
        js.SPI_REG_BASE,
        js.SPI_USR_OFFS,
        js.SPI_USR1_OFFS,
        js.SPI_USR2_OFFS,
        js.SPI_W0_OFFS,
      ]).toEqual([base, info.spi.usr, info.spi.usr1, info.spi.usr2, info.spi.w0]);
      if (info.family === "ESP8266") {
        // esptool-js writes 0 here instead of leaving them out; we model "absent".
        expect(info.spi.mosiDlen).toBeUndefined();
        expect(info.spi.misoDlen).toBeUndefined();
      } else {
        expect([js.SPI_MOSI_DLEN_OFFS, js.SPI_MISO_DLEN_OFFS]).toEqual([
          info.spi.mosiDlen,
          info.spi.misoDlen,
        ]);
      }
      // esptool-js keeps the ESP32's magic (0x00F01D83) in its loader, not on the target.
      if (info.detection.magic && info.family !== "ESP32") {
        expect(js.CHIP_DETECT_MAGIC_VALUE).toEqual(info.detection.magic);
      }
    });
  }

  it("is frozen and rejects unknown families", () => {
    expect(Object.isFrozen(CHIPS)).toBe(true);
    expect(Object.isFrozen(CHIPS.ESP8266.flashSizes)).toBe(true);
    expect(chipFromEsptoolJsName("ESP32-H21")).toBeUndefined();
    expect(() => chipInfo("ESP32-C4" as ChipFamily)).toThrow(/Unknown chip family 'ESP32-C4'/);
    expect(() => chipInfo("toString" as ChipFamily)).toThrow(/Unknown chip family/);
  });
});
