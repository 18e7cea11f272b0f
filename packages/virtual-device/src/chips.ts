/**
 * One typed table of per-family facts the virtual chip needs. Values are what the real
 * ROMs answer; a family is a row here, never a class.
 */
export const CHIP_FAMILIES = [
  "ESP8266",
  "ESP32",
  "ESP32-S2",
  "ESP32-S3",
  "ESP32-C2",
  "ESP32-C3",
  "ESP32-C5",
  "ESP32-C6",
  "ESP32-C61",
  "ESP32-H2",
  "ESP32-P4",
] as const;
export type ChipFamily = (typeof CHIP_FAMILIES)[number];

export function isChipFamily(value: unknown): value is ChipFamily {
  return typeof value === "string" && (CHIP_FAMILIES as readonly string[]).includes(value);
}

/** SPI flash controller register offsets from `base` (CMD is at +0, ADDR at +4). */
export interface SpiLayout {
  base: number;
  usr: number;
  usr1: number;
  usr2: number;
  /** Absent on ESP8266: its read length lives in USR1 bits 16..8. */
  mosiDlen: number | null;
  misoDlen: number | null;
  w0: number;
  /** esptool's SPI_ADDR_REG_MSB: the address sits in the top bits of ADDR (ESP8266, ESP32) or unshifted (the rest). */
  addrMsb: boolean;
}

/** The RTC watchdog registers esptool writes to reset a chip from software (`--after watchdog-reset`). */
export interface RtcWatchdog {
  config0: number;
  config1: number;
  wprotect: number;
}

/**
 * The ROM's own USB-OTG CDC download port (ESP32-S2, -S3, -P4), as esptool v5.0.0's targets
 * describe it: `UARTDEV_BUF_NO` is the ROM .bss variable naming the console in use, and
 * `USB_RAM_BLOCK` (0x800) the largest block the loader's USB buffer takes. The product ID is
 * the one the ROM enumerates with (ESP-IDF's tools/cmake/dfu.cmake: 0x2, 0x9, 0x12; esptool's
 * docs give 303A:0002 for the ESP32-S2 in USB-OTG mode).
 */
export interface UsbOtgRom {
  productId: number;
  uartDevBufNo: number;
  /** UARTDEV_BUF_NO's value while the ROM talks over USB-OTG. */
  otgConsole: number;
  /** Its value over USB-Serial/JTAG, on chips that have both. */
  jtagConsole?: number;
}

/** esptool's USB_RAM_BLOCK: the ROM's and the stub's USB-OTG receive buffer (S2, S3, P4 alike). */
export const USB_RAM_BLOCK = 0x800;

/** Unlock key for the RTC watchdog's write protection (same on every family that has it). */
export const RTC_WDT_WKEY = 0x50d83aa1;

/** Registers a client reads to learn MAC and crystal; everything else reads as RAM. */
export interface EfuseLayout {
  /** "esp8266": words 0,1,3 at base; "esp32": words 1,2 at base; "mac-pair": mac0 at base, mac1 at base+4. */
  kind: "esp8266" | "esp32" | "mac-pair";
  base: number;
}

/** One eFuse field as READ_REG sees it: the bits `mask` of the word at `address`. */
export interface EfuseBits {
  address: number;
  mask: number;
}

/**
 * The BLOCK0 security eFuses, where the ROM shows them to READ_REG: flash encryption's crypt
 * counter, secure boot v2's enable bit (the ESP32 has ABS_DONE_0/1 instead), and
 * DIS_DOWNLOAD_MANUAL_ENCRYPT, burnt in flash encryption's release mode. esptool's write-flash
 * guards read them there (targets/*.py), except that v5.0.0 to v5.2.x read other bits for the
 * C2's crypt counter, the C5's crypt counter and secure boot bit and the C61's
 * DIS_DOWNLOAD_MANUAL_ENCRYPT; those follow the eFuse tables (espefuse's efuse_defs/*.yaml), as
 * esptool does from v5.3.0.
 */
export interface SecurityEfuseLayout {
  flashCryptCnt: EfuseBits;
  secureBoot: EfuseBits;
  /** ESP32 only: ABS_DONE_0 (secure boot v1). */
  secureBootV1?: EfuseBits;
  disDownloadManualEncrypt: EfuseBits;
}

const bits = (address: number, shift: number, width = 1): EfuseBits => ({
  address,
  mask: (((1 << width) - 1) << shift) >>> 0,
});
/** S2, S3, C3, C5, C6, H2, P4: words 0x30, 0x34, 0x38 of BLOCK0's read registers. */
const block0 = (base: number, dis: number, crypt = 18, secureBoot = 20): SecurityEfuseLayout => ({
  disDownloadManualEncrypt: bits(base + 0x30, dis),
  flashCryptCnt: bits(base + 0x34, crypt, 3),
  secureBoot: bits(base + 0x38, secureBoot),
});

export const SECURITY_EFUSES: Readonly<Partial<Record<ChipFamily, SecurityEfuseLayout>>> = {
  // EFUSE_BLK0_RDATA0 (FLASH_CRYPT_CNT) and RDATA6 (ABS_DONE_0/1, DISABLE_DL_ENCRYPT).
  ESP32: {
    flashCryptCnt: bits(0x3ff5a000, 20, 7),
    secureBootV1: bits(0x3ff5a018, 4),
    secureBoot: bits(0x3ff5a018, 5),
    disDownloadManualEncrypt: bits(0x3ff5a018, 7),
  },
  "ESP32-S2": block0(0x3f41a000, 19),
  "ESP32-S3": block0(0x60007000, 20),
  // SPI_BOOT_CRYPT_CNT is RD_REPEAT_DATA0 bits 7..9 (esptool v5.0.0: 18..20).
  "ESP32-C2": {
    disDownloadManualEncrypt: bits(0x60008830, 6),
    flashCryptCnt: bits(0x60008830, 7, 3),
    secureBoot: bits(0x60008830, 21),
  },
  "ESP32-C3": block0(0x60008800, 20),
  // RD_REPEAT_DATA1 bits 16..18, RD_REPEAT_DATA2 bit 25 (esptool v5.0.0: 18..20 and 20).
  "ESP32-C5": block0(0x600b4800, 20, 16, 25),
  "ESP32-C6": block0(0x600b0800, 20),
  // DIS_DOWNLOAD_MANUAL_ENCRYPT is RD_REPEAT_DATA0 bit 14 (esptool v5.0.0: bit 20).
  "ESP32-C61": {
    disDownloadManualEncrypt: bits(0x600b4830, 14),
    flashCryptCnt: bits(0x600b4830, 23, 3),
    secureBoot: bits(0x600b4834, 26),
  },
  "ESP32-H2": block0(0x600b0800, 20),
  "ESP32-P4": block0(0x5012d000, 20),
};

/** Where a chip keeps part of its revision: `bits` bits at `shift` of eFuse word `word` (from `base`). */
export interface RevisionField {
  word: number;
  shift: number;
  bits: number;
  /** Which number the bits come from, and from which of its bits. */
  of: "major" | "minor";
  from: number;
}

export interface ChipModel {
  family: ChipFamily;
  /** What READ_REG 0x40001000 returns. */
  magic: number;
  /** GET_SECURITY_INFO: rejected by the ROM, 12 bytes (S2) or 20 bytes with chip id. */
  securityInfo: "unsupported" | 12 | 20;
  /** chip_id in the extended image header and in GET_SECURITY_INFO; null on ESP8266. */
  imageChipId: number | null;
  /** Status bytes appended by the ROM loader (stubs always use 2). */
  romStatusLength: 2 | 4;
  /** What the ROM loader lacks (ESP8266: deflate, MD5, baud change, SPI attach/params). */
  romLacks: { deflate: boolean; md5: boolean; changeBaud: boolean; spiConfig: boolean };
  /** ROM FLASH_BEGIN erases extra sectors near 64 KB boundaries (ESP8266). */
  romEraseQuirk: boolean;
  bootloaderOffset: number;
  bootBaud: number;
  spi: SpiLayout;
  efuse: EfuseLayout;
  /** UART clock divider register esptool reads to estimate the crystal. */
  uartClkdivReg: number;
  xtalMHz: number;
  /** etsXtal = baud * div / 1e6 / divider */
  xtalDivider: number;
  defaultFlashSize: string;
  /** Has the native USB-JTAG-serial peripheral (303A:1001). */
  usbJtagSerial: boolean;
  /** Header size byte (high nibble) → size name, as the bootloader decodes it. */
  sizeCodes: Readonly<Record<number, string>>;
  /** Name the ROM prints in its boot banner. */
  romBanner: string;
  /** Where major/minor revision live (ESP32: special, see registers.ts); absent = always v0.0. */
  revisionFields?: readonly RevisionField[];
  /** Revision when the options give none: the oldest one that shipped in volume. */
  defaultRevision: number;
  /** The ROM attaches the SPI flash by itself on reset (S2, P4); the others wait for SPI_ATTACH. */
  flashAttachedAtBoot: boolean;
  /** Present where esptool can reset the chip with the RTC watchdog. */
  rtcWatchdog?: RtcWatchdog;
  /** The ROM's USB-OTG download port, on chips that have one. */
  usbOtg?: UsbOtgRom;
  /** Other registers that read as fixed values (address → value). */
  fixedRegisters?: Readonly<Record<number, number>>;
  /** Where the flash supply (VDD_SDIO) shows (ESP32, -S2, -S3): VDD_SPI eFuses and the strapping pin. */
  flashSupply?: FlashSupplyRegisters;
  /** EFUSE_RD_REPEAT_DATA3 bit 9 on the S2 and S3: the flash is octal. */
  octalFlashEfuse?: EfuseBits;
}

/** VDD_SPI_FORCE/XPD/TIEH eFuse bits in one word, and the GPIO_STRAP bit of the VDD_SDIO strapping pin. */
export interface FlashSupplyRegisters {
  efuse: number;
  force: number;
  xpd: number;
  tieh: number;
  strap: number;
  strapMask: number;
}

const s2s3Supply = (efuseBase: number, strap: number): FlashSupplyRegisters => ({
  efuse: efuseBase + 0x34,
  xpd: 1 << 4,
  tieh: 1 << 5,
  force: 1 << 6,
  strap,
  strapMask: 1 << 4,
});

const rtcWdt = (base: number, config0: number, config1: number, wprotect: number): RtcWatchdog => ({
  config0: base + config0,
  config1: base + config1,
  wprotect: base + wprotect,
});

const f = (
  word: number,
  shift: number,
  bits: number,
  of: "major" | "minor",
  from = 0,
): RevisionField => ({ word, shift, bits, of, from });
const S3_STYLE = [f(5, 24, 2, "major"), f(5, 23, 1, "minor", 3), f(3, 18, 3, "minor")];
const C5_STYLE = [f(2, 4, 2, "major"), f(2, 0, 4, "minor")];

const ESP8266_SIZES = {
  0x00: "512KB",
  0x10: "256KB",
  0x20: "1MB",
  0x30: "2MB",
  0x40: "4MB",
  0x50: "2MB-c1",
  0x60: "4MB-c1",
  0x80: "8MB",
  0x90: "16MB",
} as const;
const ESP32_SIZES = {
  0x00: "1MB",
  0x10: "2MB",
  0x20: "4MB",
  0x30: "8MB",
  0x40: "16MB",
  0x50: "32MB",
  0x60: "64MB",
  0x70: "128MB",
} as const;

const NEW_SPI = {
  usr: 0x18,
  usr1: 0x1c,
  usr2: 0x20,
  mosiDlen: 0x24,
  misoDlen: 0x28,
  w0: 0x58,
  addrMsb: false,
};
const ROM_HAS_ALL = { deflate: false, md5: false, changeBaud: false, spiConfig: false };

function modern(
  family: ChipFamily,
  o: Pick<
    ChipModel,
    "magic" | "imageChipId" | "bootloaderOffset" | "efuse" | "uartClkdivReg" | "xtalMHz"
  > & {
    revisionFields?: readonly RevisionField[];
    defaultRevision?: number;
    flashAttachedAtBoot?: boolean;
    rtcWatchdog?: RtcWatchdog;
    usbOtg?: UsbOtgRom;
    spiBase: number;
    securityInfo?: 12 | 20;
    usbJtagSerial?: boolean;
    defaultFlashSize?: string;
  },
): ChipModel {
  return {
    family,
    magic: o.magic,
    securityInfo: o.securityInfo ?? 20,
    imageChipId: o.imageChipId,
    romStatusLength: 4,
    romLacks: ROM_HAS_ALL,
    romEraseQuirk: false,
    bootloaderOffset: o.bootloaderOffset,
    bootBaud: 115200,
    spi: { base: o.spiBase, ...NEW_SPI },
    efuse: o.efuse,
    uartClkdivReg: o.uartClkdivReg,
    xtalMHz: o.xtalMHz,
    xtalDivider: 1,
    defaultFlashSize: o.defaultFlashSize ?? "4MB",
    usbJtagSerial: o.usbJtagSerial ?? true,
    sizeCodes: ESP32_SIZES,
    romBanner: family,
    ...(o.revisionFields ? { revisionFields: o.revisionFields } : {}),
    defaultRevision: o.defaultRevision ?? 0,
    flashAttachedAtBoot: o.flashAttachedAtBoot ?? false,
    ...(o.rtcWatchdog ? { rtcWatchdog: o.rtcWatchdog } : {}),
    ...(o.usbOtg ? { usbOtg: o.usbOtg } : {}),
  };
}

export const CHIP_MODELS: Readonly<Record<ChipFamily, ChipModel>> = {
  ESP8266: {
    family: "ESP8266",
    magic: 0xfff0c101,
    securityInfo: "unsupported",
    imageChipId: null,
    romStatusLength: 2,
    romLacks: { deflate: true, md5: true, changeBaud: true, spiConfig: true },
    romEraseQuirk: true,
    bootloaderOffset: 0x0,
    bootBaud: 74880,
    spi: {
      base: 0x60000200,
      usr: 0x1c,
      usr1: 0x20,
      usr2: 0x24,
      mosiDlen: null,
      misoDlen: null,
      w0: 0x40,
      addrMsb: true,
    },
    efuse: { kind: "esp8266", base: 0x3ff00050 },
    uartClkdivReg: 0x60000014,
    xtalMHz: 26,
    xtalDivider: 2,
    defaultFlashSize: "4MB",
    usbJtagSerial: false,
    sizeCodes: ESP8266_SIZES,
    romBanner: "ESP8266",
    defaultRevision: 0,
    flashAttachedAtBoot: false,
  },
  ESP32: {
    ...modern("ESP32", {
      magic: 0x00f01d83,
      imageChipId: 0,
      bootloaderOffset: 0x1000,
      spiBase: 0x3ff42000,
      efuse: { kind: "esp32", base: 0x3ff5a000 },
      uartClkdivReg: 0x3ff40014,
      xtalMHz: 40,
      usbJtagSerial: false,
    }),
    securityInfo: "unsupported",
    // The ROM's crystal estimate from its 8 MHz calibration: cali 1024 (RTCCALICFG1 bits 7..31)
    // × 15625 × CK8M_FREQ 100 (eFuse word 4) / 40 = 40 MHz, so esptool's CHANGE_BAUDRATE
    // drift correction for the ESP32 ROM asks for exactly the rate it wants.
    fixedRegisters: { 0x3ff5f06c: 1024 << 7, 0x3ff5a010: 100 },
    flashSupply: {
      efuse: 0x3ff5a010,
      xpd: 1 << 14,
      tieh: 1 << 15,
      force: 1 << 16,
      strap: 0x3ff44038,
      strapMask: 1 << 5,
    },
    spi: {
      base: 0x3ff42000,
      usr: 0x1c,
      usr1: 0x20,
      usr2: 0x24,
      mosiDlen: 0x28,
      misoDlen: 0x2c,
      w0: 0x80,
      addrMsb: true,
    },
  },
  "ESP32-S2": {
    ...modern("ESP32-S2", {
      magic: 0x000007c6,
      securityInfo: 12,
      imageChipId: 2,
      bootloaderOffset: 0x1000,
      spiBase: 0x3f402000,
      efuse: { kind: "mac-pair", base: 0x3f41a044 },
      uartClkdivReg: 0x3f400014,
      xtalMHz: 40,
      usbJtagSerial: false,
      revisionFields: [f(3, 18, 2, "major"), f(3, 20, 1, "minor", 3), f(4, 4, 3, "minor")],
      flashAttachedAtBoot: true,
      rtcWatchdog: rtcWdt(0x3f408000, 0x94, 0x98, 0xac),
      usbOtg: { productId: 0x0002, uartDevBufNo: 0x3fff_fd14, otgConsole: 2 },
    }),
    flashSupply: s2s3Supply(0x3f41a000, 0x3f404038),
    octalFlashEfuse: bits(0x3f41a03c, 9),
  },
  "ESP32-S3": {
    ...modern("ESP32-S3", {
      magic: 0x00000009,
      imageChipId: 9,
      bootloaderOffset: 0x0,
      spiBase: 0x60002000,
      efuse: { kind: "mac-pair", base: 0x60007044 },
      uartClkdivReg: 0x60000014,
      xtalMHz: 40,
      defaultFlashSize: "8MB",
      revisionFields: S3_STYLE,
      rtcWatchdog: rtcWdt(0x60008000, 0x98, 0x9c, 0xb0),
      usbOtg: { productId: 0x0009, uartDevBufNo: 0x3fce_f14c, otgConsole: 3, jtagConsole: 4 },
    }),
    flashSupply: s2s3Supply(0x60007000, 0x60004038),
    octalFlashEfuse: bits(0x6000703c, 9),
  },
  "ESP32-C2": modern("ESP32-C2", {
    magic: 0x6f51306f,
    imageChipId: 12,
    bootloaderOffset: 0x0,
    spiBase: 0x60002000,
    efuse: { kind: "mac-pair", base: 0x60008840 },
    uartClkdivReg: 0x60000014,
    xtalMHz: 40,
    usbJtagSerial: false,
    // v0.0 (ECO0) never shipped in volume, and esptool v5 will not run its stub on it.
    revisionFields: [f(1, 20, 2, "major"), f(1, 16, 4, "minor")],
    defaultRevision: 100,
    rtcWatchdog: rtcWdt(0x60008000, 0x84, 0x88, 0x9c),
  }),
  "ESP32-C3": modern("ESP32-C3", {
    magic: 0x1b31506f,
    imageChipId: 5,
    bootloaderOffset: 0x0,
    spiBase: 0x60002000,
    efuse: { kind: "mac-pair", base: 0x60008844 },
    uartClkdivReg: 0x3ff40014,
    xtalMHz: 40,
    revisionFields: S3_STYLE,
    rtcWatchdog: rtcWdt(0x60008000, 0x90, 0x94, 0xa8),
  }),
  "ESP32-C5": modern("ESP32-C5", {
    magic: 0x1101406f,
    imageChipId: 23,
    bootloaderOffset: 0x2000,
    spiBase: 0x60003000,
    efuse: { kind: "mac-pair", base: 0x600b4844 },
    uartClkdivReg: 0x60000014,
    xtalMHz: 48,
    revisionFields: C5_STYLE,
    rtcWatchdog: rtcWdt(0x600b1c00, 0x0, 0x4, 0x18),
  }),
  "ESP32-C6": modern("ESP32-C6", {
    magic: 0x2ce0806f,
    imageChipId: 13,
    bootloaderOffset: 0x0,
    spiBase: 0x60003000,
    efuse: { kind: "mac-pair", base: 0x600b0844 },
    uartClkdivReg: 0x3ff40014,
    xtalMHz: 40,
    revisionFields: [f(3, 22, 2, "major"), f(3, 18, 4, "minor")],
    rtcWatchdog: rtcWdt(0x600b1c00, 0x0, 0x4, 0x18),
  }),
  "ESP32-C61": modern("ESP32-C61", {
    magic: 0x33f0206f,
    imageChipId: 20,
    bootloaderOffset: 0x0,
    spiBase: 0x60003000,
    efuse: { kind: "mac-pair", base: 0x600b4844 },
    uartClkdivReg: 0x3ff40014,
    xtalMHz: 40,
    revisionFields: C5_STYLE,
    rtcWatchdog: rtcWdt(0x600b1c00, 0x0, 0x4, 0x18),
  }),
  "ESP32-H2": modern("ESP32-H2", {
    magic: 0xd7b73e80,
    imageChipId: 16,
    bootloaderOffset: 0x0,
    spiBase: 0x60003000,
    efuse: { kind: "mac-pair", base: 0x600b0844 },
    uartClkdivReg: 0x3ff40014,
    xtalMHz: 32,
    revisionFields: [f(3, 21, 2, "major"), f(3, 18, 3, "minor")],
    rtcWatchdog: rtcWdt(0x600b1c00, 0x0, 0x4, 0x1c),
  }),
  "ESP32-P4": modern("ESP32-P4", {
    magic: 0x0addbad0,
    imageChipId: 18,
    bootloaderOffset: 0x2000,
    spiBase: 0x5008d000,
    efuse: { kind: "mac-pair", base: 0x5012d044 },
    uartClkdivReg: 0x500ca014,
    xtalMHz: 40,
    defaultFlashSize: "16MB",
    revisionFields: [f(2, 4, 2, "major"), f(2, 23, 1, "major", 2), f(2, 0, 4, "minor")],
    flashAttachedAtBoot: true,
    rtcWatchdog: rtcWdt(0x50116000, 0x0, 0x4, 0x18),
    // esptool v5.0.0's address, for chip revisions before v3.0 (the default here).
    usbOtg: { productId: 0x0012, uartDevBufNo: 0x4ff3_fec8, otgConsole: 5, jtagConsole: 6 },
  }),
};

export const USB_IDS = {
  /** Silicon Labs CP2102, the most common bridge on dev boards. */
  "uart-bridge": { usbVendorId: 0x10c4, usbProductId: 0xea60 },
  "usb-jtag-serial": { usbVendorId: 0x303a, usbProductId: 0x1001 },
} as const;

/** JEDEC capacity byte for a size, as Winbond parts encode it (2^n bytes). */
export function defaultFlashId(sizeBytes: number): number {
  const capacity = Math.round(Math.log2(sizeBytes));
  // Winbond W25Q: manufacturer 0xEF, memory type 0x40 (0x4016 for 4MB, etc.).
  return 0xef | (0x40 << 8) | (capacity << 16);
}

/** "4MB" → 4194304; "512KB" → 524288; undefined for anything else. */
export function parseSizeName(name: string): number | undefined {
  const m = /^(\d+)(KB|MB)$/.exec(name);
  if (!m) return undefined;
  return Number(m[1]) * (m[2] === "KB" ? 1024 : 1024 * 1024);
}
