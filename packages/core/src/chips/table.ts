import type { ChipFamily } from "./families.js";

/** SPI controller registers used to run a flash command (RDID) over READ_REG/WRITE_REG. */
export interface SpiRegisters {
  /** Controller base address; CMD is at `base + 0`. */
  base: number;
  usr: number;
  usr1: number;
  usr2: number;
  /** Absent on the ESP8266: it takes the MISO bit length in USR1 instead. */
  mosiDlen?: number;
  misoDlen?: number;
  w0: number;
}

/** Bits of one eFuse read register: `(readReg(address) & mask)`. */
export interface EfuseField {
  address: number;
  mask: number;
}

/**
 * The BLOCK0 eFuses esptool's write-flash guards read with READ_REG (targets/*.py:
 * EFUSE_SPI_BOOT_CRYPT_CNT_*, EFUSE_SECURE_BOOT_EN_*, EFUSE_DIS_DOWNLOAD_MANUAL_ENCRYPT_*),
 * where the silicon keeps them: esptool v5.0.0's values, except the C2's crypt counter, the
 * C5's crypt counter and secure boot bit and the C61's DIS_DOWNLOAD_MANUAL_ENCRYPT, which
 * v5.0.0 to v5.2.x read from other bits. Those follow the chips' eFuse tables (espefuse's
 * efuse_defs/*.yaml in the same tag), as esptool's targets do from v5.3.0.
 */
export interface SecurityEfuses {
  /** Flash encryption is on while an odd number of these bits is set. */
  flashCryptCnt: EfuseField;
  /** Secure boot v2 enabled (the ESP32 has ABS_DONE_0/1 instead, read by the guards). */
  secureBootEn?: EfuseField;
  /** Set in release mode: the ROM no longer encrypts what it writes, so plaintext stays plaintext. */
  disDownloadManualEncrypt: EfuseField;
}

/** Everything the core needs to know about one chip family, as esptool v5 has it. */
export interface ChipInfo {
  family: ChipFamily;
  /** `loader.chip.CHIP_NAME` in esptool-js 0.7.0. */
  esptoolJsName: string;
  /** `chip_id` in the image extended header; `null` for the ESP8266 (no extended header). */
  imageChipId: number | null;
  /** Where the ROM loads the second-stage bootloader from; the only address esptool patches. */
  bootloaderOffset: number;
  /** Header byte 3 high nibble, by size name, in esptool's order. */
  flashSizes: Readonly<Record<string, number>>;
  /** Header byte 3 low nibble, by frequency name, in esptool's order. */
  flashFrequencies: Readonly<Record<string, number>>;
  spi: Readonly<SpiRegisters>;
  /**
   * How the ROM identifies itself: the value at 0x40001000 (older ROMs) and/or the
   * chip id in the GET_SECURITY_INFO reply (newer ROMs).
   */
  detection: { magic?: readonly number[]; securityChipId?: number };
  /**
   * How the ROM's CHANGE_BAUDRATE must be asked for a rate (esptool's targets): the ESP32 ROM
   * derives its divider from a drifting crystal estimate; the ESP32-C2 ROM assumes 40 MHz
   * even on a 26 MHz crystal. Absent: ask for the rate itself. The stub needs no correction.
   */
  romBaudCorrection?: "rom-crystal-estimate" | "assumes-40mhz-crystal";
  /**
   * The ROM's own USB-OTG download port (ESP32-S2, -S3, -P4), as esptool v5 detects it: the
   * ROM variable `UARTDEV_BUF_NO` holds `otgConsole` while the ROM talks over USB-OTG, whose
   * receive buffer takes blocks of at most USB_RAM_BLOCK (0x800) bytes. `productId` is the
   * ROM's USB product ID under Espressif's 0x303A (ESP-IDF's dfu.cmake). `watchdog` holds the
   * RTC watchdog's registers, with which esptool resets a chip on USB-OTG into its firmware.
   */
  usbOtg?: {
    productId: number;
    uartDevBufNo: number;
    otgConsole: number;
    watchdog: RtcWatchdogRegs;
  };
  /** Absent on the ESP8266, which has neither flash encryption nor secure boot. */
  securityEfuses?: Readonly<SecurityEfuses>;
  /** How esptool v5 names the crystal (`get_crystal_freq`), see CrystalSource. */
  crystal: CrystalSource;
  /** Where the flash's supply voltage is set (ESP32, -S2, -S3); absent: esptool reads none. */
  flashVoltage?: Readonly<FlashVoltageRegisters>;
  /** The eFuse bit set for octal flash (ESP32-S2, -S3: EFUSE_RD_REPEAT_DATA3 bit 9). */
  octalFlashEfuse?: Readonly<EfuseField>;
}

/**
 * The crystal: fixed by the chip (S2, S3, C3, C6, C61, H2, P4), or estimated as esptool does
 * from the UART clock divider the ROM set for the link's rate: rate × divider / 1e6 / apbPerXtal
 * (the ESP8266's UART runs at twice its crystal), then named 26, 40 or 48 MHz.
 */
export type CrystalSource = { fixedMHz: number } | { uartClkdivReg: number; apbPerCrystal: 1 | 2 };

/**
 * esptool's `get_flash_voltage` registers: an RTC_CNTL override (ESP32 only), then the VDD_SPI
 * eFuses, then the strapping pin (GPIO12 on the ESP32, GPIO45 on the S2/S3; set = 1.8V).
 */
export interface FlashVoltageRegisters {
  rtcSdioConf?: { address: number; force: number; drefh: number; xpd: number };
  efuse: { address: number; force: number; xpd: number; tieh: number };
  strap: EfuseField;
}

/** The RTC (on the P4: LP) watchdog's registers, from esptool v5.0.0's targets. */
export interface RtcWatchdogRegs {
  config0: number;
  config1: number;
  wprotect: number;
}

/** esptool's USB_RAM_BLOCK: the largest RAM or flash block a loader on USB-OTG takes. */
export const USB_RAM_BLOCK = 0x800;

export const FLASH_MODES = ["qio", "qout", "dio", "dout"] as const;
export type FlashMode = (typeof FLASH_MODES)[number];

const ESP8266_SIZES = Object.freeze({
  "512KB": 0x00,
  "256KB": 0x10,
  "1MB": 0x20,
  "2MB": 0x30,
  "4MB": 0x40,
  "2MB-c1": 0x50,
  "4MB-c1": 0x60,
  "8MB": 0x80,
  "16MB": 0x90,
});

const ESP32_SIZES = Object.freeze({
  "1MB": 0x00,
  "2MB": 0x10,
  "4MB": 0x20,
  "8MB": 0x30,
  "16MB": 0x40,
  "32MB": 0x50,
  "64MB": 0x60,
  "128MB": 0x70,
});

const FREQ_80 = Object.freeze({ "80m": 0xf, "40m": 0x0, "26m": 0x1, "20m": 0x2 });
const FREQ_80_NO26 = Object.freeze({ "80m": 0xf, "40m": 0x0, "20m": 0x2 });

// Register offsets from the SPI base.
const SPI_ESP8266 = { usr: 0x1c, usr1: 0x20, usr2: 0x24, w0: 0x40 } as const;
const SPI_ESP32 = {
  usr: 0x1c,
  usr1: 0x20,
  usr2: 0x24,
  mosiDlen: 0x28,
  misoDlen: 0x2c,
  w0: 0x80,
} as const;
const SPI_NEWER = {
  usr: 0x18,
  usr1: 0x1c,
  usr2: 0x20,
  mosiDlen: 0x24,
  misoDlen: 0x28,
  w0: 0x58,
} as const;

/**
 * The common BLOCK0 layout (S2, S3, C3, C6, H2, P4): manual-encrypt disable in the first read
 * word, SPI_BOOT_CRYPT_CNT bits 18..20 in the second, SECURE_BOOT_EN bit 20 in the third.
 */
const block0 = (
  base: number,
  dis: number,
  cryptShift = 18,
  secureBootBit = 20,
): SecurityEfuses => ({
  disDownloadManualEncrypt: { address: base + 0x30, mask: 1 << dis },
  flashCryptCnt: { address: base + 0x34, mask: 0x7 << cryptShift },
  secureBootEn: { address: base + 0x38, mask: 1 << secureBootBit },
});

/** Per family; the C2 and C61 pack these into fewer words. */
const SECURITY_EFUSES: Readonly<Partial<Record<ChipFamily, SecurityEfuses>>> = {
  ESP32: {
    disDownloadManualEncrypt: { address: 0x3ff5a018, mask: 1 << 7 },
    flashCryptCnt: { address: 0x3ff5a000, mask: 0x7f << 20 },
  },
  "ESP32-S2": block0(0x3f41a000, 19),
  "ESP32-S3": block0(0x60007000, 20),
  // SPI_BOOT_CRYPT_CNT is RD_REPEAT_DATA0 bits 7..9 (esptool v5.0.0: 18..20).
  "ESP32-C2": {
    disDownloadManualEncrypt: { address: 0x60008830, mask: 1 << 6 },
    flashCryptCnt: { address: 0x60008830, mask: 0x7 << 7 },
    secureBootEn: { address: 0x60008830, mask: 1 << 21 },
  },
  "ESP32-C3": block0(0x60008800, 20),
  // RD_REPEAT_DATA1 bits 16..18, RD_REPEAT_DATA2 bit 25 (esptool v5.0.0: 18..20 and 20).
  "ESP32-C5": block0(0x600b4800, 20, 16, 25),
  "ESP32-C6": block0(0x600b0800, 20),
  // DIS_DOWNLOAD_MANUAL_ENCRYPT is RD_REPEAT_DATA0 bit 14 (esptool v5.0.0: bit 20).
  "ESP32-C61": {
    disDownloadManualEncrypt: { address: 0x600b4830, mask: 1 << 14 },
    flashCryptCnt: { address: 0x600b4830, mask: 0x7 << 23 },
    secureBootEn: { address: 0x600b4834, mask: 1 << 26 },
  },
  "ESP32-H2": block0(0x600b0800, 20),
  "ESP32-P4": block0(0x5012d000, 20),
};

/** ESP32-S2 and -S3: VDD_SPI eFuses in BLOCK0's second word, strapping in GPIO_STRAP bit 4. */
const s2s3Voltage = (efuseBase: number, gpioStrap: number): FlashVoltageRegisters => ({
  efuse: { address: efuseBase + 0x34, xpd: 1 << 4, tieh: 1 << 5, force: 1 << 6 },
  strap: { address: gpioStrap, mask: 1 << 4 },
});
const FIXED_40 = Object.freeze({ fixedMHz: 40 });
/** Where esptool reads UART0's clock divider on the ESP32-C2 and -C5. */
const UART_DIVIDER_0x60000014 = Object.freeze({
  uartClkdivReg: 0x60000014,
  apbPerCrystal: 1 as const,
});

function esp32Family(
  family: ChipFamily,
  imageChipId: number,
  bootloaderOffset: number,
  flashFrequencies: Readonly<Record<string, number>>,
  spiBase: number,
  magic?: readonly number[],
): Omit<ChipInfo, "crystal"> {
  return Object.freeze({
    family,
    esptoolJsName: family,
    imageChipId,
    bootloaderOffset,
    flashSizes: ESP32_SIZES,
    flashFrequencies: Object.freeze({ ...flashFrequencies }),
    spi: Object.freeze({ base: spiBase, ...(family === "ESP32" ? SPI_ESP32 : SPI_NEWER) }),
    // ESP32 and ESP32-S2 ROMs give no chip id in GET_SECURITY_INFO; they are told apart by magic.
    detection: Object.freeze(
      magic ? { magic: Object.freeze([...magic]) } : { securityChipId: imageChipId },
    ),
    securityEfuses: Object.freeze(SECURITY_EFUSES[family]!),
  });
}

export const CHIPS: Readonly<Record<ChipFamily, ChipInfo>> = Object.freeze({
  ESP8266: Object.freeze({
    family: "ESP8266",
    esptoolJsName: "ESP8266",
    imageChipId: null,
    bootloaderOffset: 0x0,
    flashSizes: ESP8266_SIZES,
    flashFrequencies: FREQ_80,
    spi: Object.freeze({ base: 0x60000200, ...SPI_ESP8266 }),
    detection: Object.freeze({ magic: Object.freeze([0xfff0c101]) }),
    crystal: Object.freeze({ uartClkdivReg: 0x60000014, apbPerCrystal: 2 }),
  }),
  ESP32: {
    ...esp32Family("ESP32", 0, 0x1000, FREQ_80, 0x3ff42000, [0x00f01d83]),
    romBaudCorrection: "rom-crystal-estimate",
    crystal: Object.freeze({ uartClkdivReg: 0x3ff40014, apbPerCrystal: 1 }),
    flashVoltage: Object.freeze({
      rtcSdioConf: { address: 0x3ff48074, force: 1 << 22, drefh: 3 << 29, xpd: 1 << 31 },
      efuse: { address: 0x3ff5a010, xpd: 1 << 14, tieh: 1 << 15, force: 1 << 16 },
      strap: { address: 0x3ff44038, mask: 1 << 5 },
    }),
  },
  "ESP32-S2": {
    ...esp32Family("ESP32-S2", 2, 0x1000, FREQ_80, 0x3f402000, [0x000007c6]),
    usbOtg: {
      productId: 0x0002,
      uartDevBufNo: 0x3fff_fd14,
      otgConsole: 2,
      watchdog: { config0: 0x3f40_8094, config1: 0x3f40_8098, wprotect: 0x3f40_80ac },
    },
    crystal: FIXED_40,
    flashVoltage: Object.freeze(s2s3Voltage(0x3f41a000, 0x3f404038)),
    octalFlashEfuse: Object.freeze({ address: 0x3f41a03c, mask: 1 << 9 }),
  },
  "ESP32-S3": {
    ...esp32Family("ESP32-S3", 9, 0x0, FREQ_80, 0x60002000),
    usbOtg: {
      productId: 0x0009,
      uartDevBufNo: 0x3fce_f14c,
      otgConsole: 3,
      watchdog: { config0: 0x6000_8098, config1: 0x6000_809c, wprotect: 0x6000_80b0 },
    },
    crystal: FIXED_40,
    flashVoltage: Object.freeze(s2s3Voltage(0x60007000, 0x60004038)),
    octalFlashEfuse: Object.freeze({ address: 0x6000703c, mask: 1 << 9 }),
  },
  "ESP32-C2": {
    ...esp32Family(
      "ESP32-C2",
      12,
      0x0,
      { "60m": 0xf, "30m": 0x0, "20m": 0x1, "15m": 0x2 },
      0x60002000,
    ),
    romBaudCorrection: "assumes-40mhz-crystal",
    crystal: UART_DIVIDER_0x60000014,
  },
  "ESP32-C3": { ...esp32Family("ESP32-C3", 5, 0x0, FREQ_80, 0x60002000), crystal: FIXED_40 },
  "ESP32-C5": {
    ...esp32Family("ESP32-C5", 23, 0x2000, FREQ_80_NO26, 0x60003000),
    crystal: UART_DIVIDER_0x60000014,
  },
  // esptool v5 gives the C6 "80m" the code 0, the same as "40m" (its table says so; we follow it).
  "ESP32-C6": {
    ...esp32Family("ESP32-C6", 13, 0x0, { "80m": 0x0, "40m": 0x0, "20m": 0x2 }, 0x60003000),
    crystal: FIXED_40,
  },
  "ESP32-C61": {
    ...esp32Family("ESP32-C61", 20, 0x0, FREQ_80_NO26, 0x60003000),
    crystal: FIXED_40,
  },
  "ESP32-H2": {
    ...esp32Family(
      "ESP32-H2",
      16,
      0x0,
      { "48m": 0xf, "24m": 0x0, "16m": 0x1, "12m": 0x2 },
      0x60003000,
    ),
    crystal: Object.freeze({ fixedMHz: 32 }),
  },
  // esptool v5.0.0's UARTDEV_BUF_NO for P4 revisions before v3.0.
  "ESP32-P4": {
    ...esp32Family("ESP32-P4", 18, 0x2000, FREQ_80, 0x5008d000),
    usbOtg: {
      productId: 0x0012,
      uartDevBufNo: 0x4ff3_fec8,
      otgConsole: 5,
      watchdog: { config0: 0x5011_6000, config1: 0x5011_6004, wprotect: 0x5011_6018 },
    },
    crystal: FIXED_40,
  },
});
