import { describe, expect, it } from "vitest";
import { CHIP_MODELS } from "../chips.js";
import type { VirtualSecurity } from "../device/types.js";
import { RegisterFile } from "./registers.js";

const part = { id: 0x1640ef, sizeBytes: 4 * 1024 * 1024 };
const mac = Uint8Array.of(1, 2, 3, 4, 5, 6);

/** [READ_REG address, the bits burnt]. */
type Bits = readonly [address: number, bits: number];

/**
 * What READ_REG must show for crypt counter 1, secure boot v2 and DIS_DOWNLOAD_MANUAL_ENCRYPT,
 * written out rather than taken from SECURITY_EFUSES. Sources: esptool v5.0.0's
 * `targets/<chip>.py` (EFUSE_SPI_BOOT_CRYPT_CNT_*, EFUSE_SECURE_BOOT_EN_*,
 * EFUSE_DIS_DOWNLOAD_MANUAL_ENCRYPT*; ESP32: lines 34-47, ABS_DONE_1 for v2), except C2, C5 and
 * C61, whose v5.0.0 targets read other bits: there the eFuse tables of the same tag
 * (espefuse/efuse_defs/esp32c2.yaml lines 9, 10, 18; esp32c5.yaml 16, 29, 41; esp32c61.yaml 12,
 * 18, 30), which esptool's targets follow from v5.3.0.
 */
const BURNT: Readonly<
  Partial<Record<keyof typeof CHIP_MODELS, { cryptCnt1: Bits; secureBootV2: Bits; dis: Bits }>>
> = {
  ESP32: {
    cryptCnt1: [0x3ff5a000, 1 << 20],
    secureBootV2: [0x3ff5a018, 1 << 5],
    dis: [0x3ff5a018, 1 << 7],
  },
  "ESP32-S2": {
    cryptCnt1: [0x3f41a034, 1 << 18],
    secureBootV2: [0x3f41a038, 1 << 20],
    dis: [0x3f41a030, 1 << 19],
  },
  "ESP32-S3": {
    cryptCnt1: [0x60007034, 1 << 18],
    secureBootV2: [0x60007038, 1 << 20],
    dis: [0x60007030, 1 << 20],
  },
  "ESP32-C2": {
    cryptCnt1: [0x60008830, 1 << 7],
    secureBootV2: [0x60008830, 1 << 21],
    dis: [0x60008830, 1 << 6],
  },
  "ESP32-C3": {
    cryptCnt1: [0x60008834, 1 << 18],
    secureBootV2: [0x60008838, 1 << 20],
    dis: [0x60008830, 1 << 20],
  },
  "ESP32-C5": {
    cryptCnt1: [0x600b4834, 1 << 16],
    secureBootV2: [0x600b4838, 1 << 25],
    dis: [0x600b4830, 1 << 20],
  },
  "ESP32-C6": {
    cryptCnt1: [0x600b0834, 1 << 18],
    secureBootV2: [0x600b0838, 1 << 20],
    dis: [0x600b0830, 1 << 20],
  },
  "ESP32-C61": {
    cryptCnt1: [0x600b4830, 1 << 23],
    secureBootV2: [0x600b4834, 1 << 26],
    dis: [0x600b4830, 1 << 14],
  },
  // esptool's ESP32H2ROM inherits the C6's eFuse base and fields.
  "ESP32-H2": {
    cryptCnt1: [0x600b0834, 1 << 18],
    secureBootV2: [0x600b0838, 1 << 20],
    dis: [0x600b0830, 1 << 20],
  },
  "ESP32-P4": {
    cryptCnt1: [0x5012d034, 1 << 18],
    secureBootV2: [0x5012d038, 1 << 20],
    dis: [0x5012d030, 1 << 20],
  },
};

const SETTINGS: readonly [keyof NonNullable<(typeof BURNT)["ESP32"]>, VirtualSecurity][] = [
  ["cryptCnt1", { flashCryptCnt: 1 }],
  ["secureBootV2", { secureBoot: "v2" }],
  ["dis", { downloadEncryptDisabled: true }],
];

describe("security eFuses burnt where the silicon shows them to READ_REG", () => {
  const families = Object.keys(BURNT) as (keyof typeof BURNT)[];

  it.each(families)("%s: each option sets its bits and nothing else", (family) => {
    const fields = BURNT[family]!;
    const addresses = [...new Set(Object.values(fields).map(([address]) => address))];
    for (const [name, security] of SETTINGS) {
      const regs = new RegisterFile(CHIP_MODELS[family], part, mac, () => 115200);
      regs.burnSecurity(security);
      const [at, bits] = fields[name];
      const seen = addresses.map((a) => regs.read(a) >>> 0);
      expect(seen, `${family} ${name}`).toEqual(addresses.map((a) => (a === at ? bits : 0)));
    }
  });
});
