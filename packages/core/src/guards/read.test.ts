import { describe, expect, it } from "vitest";
import type { ChipFamily } from "../chips/index.js";
import { readChipGuardFacts, type GuardLoader } from "./read.js";

/** [READ_REG address, mask] of one BLOCK0 eFuse field. */
type Field = readonly [address: number, mask: number];

/**
 * Where each security eFuse sits on the silicon, written out here rather than taken from the
 * chip table, so a wrong table entry fails. Source: esptool's `targets/<chip>.py`
 * (EFUSE_SPI_BOOT_CRYPT_CNT_REG/_MASK, EFUSE_SECURE_BOOT_EN_REG/_MASK,
 * EFUSE_DIS_DOWNLOAD_MANUAL_ENCRYPT_REG/bit), tag v5.0.0 for S2, S3, C3, C6, H2 (from C6), P4.
 * For C2, C5 and C61 esptool v5.0.0 to v5.2.x read other bits; these are the positions of the
 * eFuse tables in the same v5.0.0 tag (espefuse/efuse_defs/<chip>.yaml: `word` n of BLOCK0,
 * whose read registers start at EFUSE_BASE + 0x2C per espefuse/efuse/<chip>/mem_definition.py,
 * so word 1 is at EFUSE_BASE + 0x30), which esptool's targets adopted in v5.3.0 (commits
 * 2a2b86d, 86c4f71, 97c20ec).
 */
const SILICON: Readonly<
  Record<Exclude<ChipFamily, "ESP8266" | "ESP32">, { crypt: Field; secureBoot: Field; dis: Field }>
> = {
  // esp32s2.py v5.0.0 lines 45, 63-70
  "ESP32-S2": {
    dis: [0x3f41a030, 1 << 19],
    crypt: [0x3f41a034, 0x7 << 18],
    secureBoot: [0x3f41a038, 1 << 20],
  },
  // esp32s3.py v5.0.0 lines 46, 66-73
  "ESP32-S3": {
    dis: [0x60007030, 1 << 20],
    crypt: [0x60007034, 0x7 << 18],
    secureBoot: [0x60007038, 1 << 20],
  },
  // efuse_defs/esp32c2.yaml v5.0.0 lines 9, 10, 18 (EFUSE_RD_REPEAT_DATA0_REG[6], [9:7], [21]);
  // esp32c2.py v5.3.0 lines 24-35. esptool v5.0.0's esp32c2.py line 32 has 0x7 << 18.
  "ESP32-C2": {
    dis: [0x60008830, 1 << 6],
    crypt: [0x60008830, 0x7 << 7],
    secureBoot: [0x60008830, 1 << 21],
  },
  // esp32c3.py v5.0.0 lines 42, 61-68
  "ESP32-C3": {
    dis: [0x60008830, 1 << 20],
    crypt: [0x60008834, 0x7 << 18],
    secureBoot: [0x60008838, 1 << 20],
  },
  // efuse_defs/esp32c5.yaml v5.0.0 lines 16, 29, 41 (RD_REPEAT_DATA0[20], DATA1[18:16],
  // DATA2[25]); esp32c5.py v5.3.0 lines 22, 45-52. esptool v5.0.0's esp32c5.py lines 45 and 48
  // have 0x7 << 18 and 1 << 20.
  "ESP32-C5": {
    dis: [0x600b4830, 1 << 20],
    crypt: [0x600b4834, 0x7 << 16],
    secureBoot: [0x600b4838, 1 << 25],
  },
  // esp32c6.py v5.0.0 lines 35, 54-61
  "ESP32-C6": {
    dis: [0x600b0830, 1 << 20],
    crypt: [0x600b0834, 0x7 << 18],
    secureBoot: [0x600b0838, 1 << 20],
  },
  // efuse_defs/esp32c61.yaml v5.0.0 lines 12, 18, 30 (RD_REPEAT_DATA0[14], DATA0[25:23],
  // DATA1[26]); esp32c61.py v5.3.0 lines 19, 38-45. esptool v5.0.0's esp32c61.py line 39 has
  // 1 << 20.
  "ESP32-C61": {
    dis: [0x600b4830, 1 << 14],
    crypt: [0x600b4830, 0x7 << 23],
    secureBoot: [0x600b4834, 1 << 26],
  },
  // esp32h2.py v5.0.0 sets none of these: ESP32H2ROM inherits esp32c6.py's (lines 35, 54-61).
  "ESP32-H2": {
    dis: [0x600b0830, 1 << 20],
    crypt: [0x600b0834, 0x7 << 18],
    secureBoot: [0x600b0838, 1 << 20],
  },
  // esp32p4.py v5.0.0 lines 28, 59-66
  "ESP32-P4": {
    dis: [0x5012d030, 1 << 20],
    crypt: [0x5012d034, 0x7 << 18],
    secureBoot: [0x5012d038, 1 << 20],
  },
};

/** A ROM that answers GET_SECURITY_INFO with nothing set, and READ_REG from `words` (0 elsewhere). */
function rom(words: ReadonlyMap<number, number>): GuardLoader {
  return {
    readReg: async (address) => words.get(address) ?? 0,
    getSecurityInfo: async () => ({ flags: 0, flashCryptCnt: 0 }),
  };
}

const lowestBit = (mask: number) => mask & -mask;
const only = ([address, value]: readonly [number, number]) => new Map([[address, value >>> 0]]);
/** Every bit of the field's word but the field's own. */
const allBut = ([address, mask]: Field) => new Map([[address, ~mask >>> 0]]);

describe("the security eFuses are read where the silicon keeps them", () => {
  const families = Object.keys(SILICON) as (keyof typeof SILICON)[];

  it.each(families)("%s: each field, alone, is seen", async (family) => {
    const { crypt, secureBoot, dis } = SILICON[family];

    const encrypted = await readChipGuardFacts(rom(only([crypt[0], lowestBit(crypt[1])])), family);
    expect(encrypted.security).toMatchObject({
      flashEncryption: true,
      flashCryptCnt: 1,
      secureBoot: false,
      downloadEncryptDisabled: false,
    });

    const secured = await readChipGuardFacts(rom(only(secureBoot)), family);
    expect(secured.security).toMatchObject({
      secureBoot: true,
      secureBootVersion: 2,
      flashEncryption: false,
      downloadEncryptDisabled: false,
    });

    const release = await readChipGuardFacts(rom(only(dis)), family);
    expect(release.security).toMatchObject({
      downloadEncryptDisabled: true,
      flashEncryption: false,
      secureBoot: false,
    });
  });

  it.each(families)("%s: every other bit of those words is not taken for them", async (family) => {
    const { crypt, secureBoot, dis } = SILICON[family];
    // One field at a time: on the C2 and C61 the fields share a word.
    expect((await readChipGuardFacts(rom(allBut(crypt)), family)).security).toMatchObject({
      flashEncryption: false,
      flashCryptCnt: 0,
    });
    expect((await readChipGuardFacts(rom(allBut(secureBoot)), family)).security.secureBoot).toBe(
      false,
    );
    expect(
      (await readChipGuardFacts(rom(allBut(dis)), family)).security.downloadEncryptDisabled,
    ).toBe(false);
  });

  it("plaintext guard inputs on a release-mode C5 and C61 (the chips esptool v5.0.0 misreads)", async () => {
    for (const family of ["ESP32-C5", "ESP32-C61"] as const) {
      const { crypt, dis } = SILICON[family];
      const words = new Map<number, number>();
      for (const [address, value] of [
        [crypt[0], lowestBit(crypt[1])],
        [dis[0], dis[1]],
      ] as const)
        words.set(address, ((words.get(address) ?? 0) | value) >>> 0);
      expect((await readChipGuardFacts(rom(words), family)).security, family).toMatchObject({
        flashEncryption: true,
        downloadEncryptDisabled: true,
      });
    }
  });
});
