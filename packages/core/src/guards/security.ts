import type { ChipFamily, EfuseField, SecurityEfuses } from "../chips/index.js";
import { unchanged, type PatchResult } from "../image/patch-result.js";
import { GuardError } from "./errors.js";

/** The secure boot and flash encryption state of the connected chip, as esptool reads it. */
export interface ChipSecurity {
  /** GET_SECURITY_INFO (ESP32-S2 and newer), eFuse registers (ESP32), or nothing to read (ESP8266). */
  source: "security-info" | "efuse" | "none";
  secureBoot: boolean;
  /** 1: ESP32 ABS_DONE_0 (AES digest at 0x0); 2: signature blocks (ESP32 v3 ABS_DONE_1, newer chips). */
  secureBootVersion?: 1 | 2;
  /** An odd number of bits set in FLASH_CRYPT_CNT / SPI_BOOT_CRYPT_CNT. */
  flashEncryption: boolean;
  flashCryptCnt: number;
  secureDownloadMode: boolean;
  /**
   * DIS_DOWNLOAD_MANUAL_ENCRYPT is burnt (flash encryption's release mode): the ROM and stub
   * write what they are sent as it is, so on an encrypted chip plaintext lands where the
   * bootloader decrypts. Absent when it could not be read (secure download mode, ESP8266).
   */
  downloadEncryptDisabled?: boolean;
}

/** Everything below this holds the bootloader (and on ESP32 v1 its digest): esptool guards it. */
export const BOOTLOADER_REGION_END = 0x8000;

export const NO_SECURITY: ChipSecurity = Object.freeze({
  source: "none",
  secureBoot: false,
  flashEncryption: false,
  flashCryptCnt: 0,
  secureDownloadMode: false,
});

// GET_SECURITY_INFO flag bits, the same on every ROM (esptool's SECURITY_INFO_FLAG_MAP).
const SECURE_BOOT_EN = 1 << 0;
const SECURE_DOWNLOAD_ENABLE = 1 << 2;

// ESP32 eFuse read registers (esptool targets/esp32.py).
export const ESP32_EFUSE = Object.freeze({
  /** EFUSE_BLK0_RDATA0: FLASH_CRYPT_CNT in bits 20..26. */
  cryptCntReg: 0x3ff5a000,
  /** EFUSE_BLK0_RDATA6: ABS_DONE_0 bit 4 (secure boot v1), ABS_DONE_1 bit 5 (v2). */
  absDoneReg: 0x3ff5a018,
});

const oddBits = (n: number) => {
  let odd = false;
  for (let v = n; v; v &= v - 1) odd = !odd;
  return odd;
};

/** From GET_SECURITY_INFO's flags word and flash_crypt_cnt byte. Only ESP32 has secure boot v1. */
export function securityFromInfo(flags: number, flashCryptCnt: number): ChipSecurity {
  const secureBoot = (flags & SECURE_BOOT_EN) !== 0;
  return {
    source: "security-info",
    secureBoot,
    ...(secureBoot ? { secureBootVersion: 2 as const } : {}),
    flashEncryption: oddBits(flashCryptCnt),
    flashCryptCnt,
    secureDownloadMode: (flags & SECURE_DOWNLOAD_ENABLE) !== 0,
  };
}

/**
 * From the ESP32's eFuse words; ABS_DONE_1 counts only from chip revision v3.0 (esptool's rule).
 * Word 6 also holds DIS_DOWNLOAD_MANUAL_ENCRYPT (bit 7).
 */
export function securityFromEsp32Efuses(
  cryptCntWord: number,
  absDoneWord: number,
  revisionFull: number | undefined,
): ChipSecurity {
  const v1 = (absDoneWord & (1 << 4)) !== 0;
  const v2 = (absDoneWord & (1 << 5)) !== 0 && (revisionFull ?? 0) >= 300;
  const flashCryptCnt = (cryptCntWord >>> 20) & 0x7f;
  return {
    source: "efuse",
    secureBoot: v1 || v2,
    ...(v1 ? { secureBootVersion: 1 as const } : v2 ? { secureBootVersion: 2 as const } : {}),
    flashEncryption: oddBits(flashCryptCnt),
    flashCryptCnt,
    secureDownloadMode: false,
    downloadEncryptDisabled: (absDoneWord & (1 << 7)) !== 0,
  };
}

const fieldValue = (word: number, field: EfuseField) => {
  const masked = (word & field.mask) >>> 0;
  let shift = 0;
  while (shift < 32 && ((field.mask >>> shift) & 1) === 0) shift++;
  return masked >>> shift;
};

/**
 * GET_SECURITY_INFO's answer completed with the BLOCK0 eFuses esptool's guards read (the chip
 * table's `securityEfuses`, `words` by address): a state either source reports counts.
 */
export function withSecurityEfuses(
  info: ChipSecurity,
  efuses: SecurityEfuses,
  words: ReadonlyMap<number, number>,
): ChipSecurity {
  const word = (field: EfuseField) => words.get(field.address) ?? 0;
  const registerCnt = fieldValue(word(efuses.flashCryptCnt), efuses.flashCryptCnt);
  const flashEncryption = info.flashEncryption || oddBits(registerCnt);
  const secureBoot =
    info.secureBoot ||
    (efuses.secureBootEn !== undefined &&
      (word(efuses.secureBootEn) & efuses.secureBootEn.mask) !== 0);
  return {
    ...info,
    secureBoot,
    ...(secureBoot ? { secureBootVersion: 2 as const } : {}),
    flashEncryption,
    flashCryptCnt: info.flashEncryption ? info.flashCryptCnt : registerCnt || info.flashCryptCnt,
    downloadEncryptDisabled:
      (word(efuses.disDownloadManualEncrypt) & efuses.disDownloadManualEncrypt.mask) !== 0,
  };
}

/** "secure boot v1 and flash encryption", or undefined when the chip has neither. */
function protections(s: ChipSecurity): string | undefined {
  const on = [
    ...(s.secureBoot
      ? [`secure boot${s.secureBootVersion ? ` v${s.secureBootVersion}` : ""}`]
      : []),
    ...(s.flashEncryption ? ["flash encryption"] : []),
  ];
  return on.length ? on.join(" and ") : undefined;
}

/**
 * Why flash settings must stay as they are on this chip, or undefined. esptool changes nothing
 * with secure boot or secure download mode on; flash encryption is held to the same rule, since
 * the ROM reads an encrypted header and a patched plaintext one would not decrypt.
 */
export function securityNote(s: ChipSecurity | undefined, family: ChipFamily): string | undefined {
  if (!s) return undefined;
  const on = protections(s);
  if (on) {
    return `This ${family} has ${on} enabled: image headers are written exactly as built (patching would break the bootloader's signature or digest), and nothing is written below 0x8000 unless forced.`;
  }
  if (s.secureDownloadMode)
    return `This ${family} is in secure download mode: image headers are written exactly as built.`;
  return undefined;
}

/** The unpatched result for a part on a secured chip, or undefined when patching may go ahead. */
export function securityHold(
  bytes: Uint8Array,
  s: ChipSecurity | undefined,
): PatchResult | undefined {
  if (!s) return undefined;
  const on = protections(s) ?? (s.secureDownloadMode ? "secure download mode" : undefined);
  if (!on) return undefined;
  return unchanged(
    bytes,
    "chip-secured",
    `Security features enabled (${on}), so flash settings are not changed.`,
  );
}

/**
 * Refuses any part below 0x8000 on a chip with secure boot or flash encryption, unless forced:
 * the bootloader there must be the one built (signed, digested or encrypted) for this chip.
 */
export function checkBootloaderRegion(
  parts: readonly { name: string; offset: number }[],
  s: ChipSecurity | undefined,
  force: boolean,
): void {
  const on = s && protections(s);
  if (!on || force) return;
  const part = parts.find((p) => p.offset < BOOTLOADER_REGION_END);
  if (!part) return;
  throw new GuardError(
    "secured-bootloader-write",
    `This chip has ${on} enabled: writing below 0x8000 (${part.name} at 0x${part.offset.toString(16)}) is refused to protect the bootloader.`,
    "Flash only the parts from 0x8000 on (partition table and app). Replace the bootloader only with one built for this chip's security settings, and only by forcing it: a wrong bootloader leaves the chip unable to boot for good.",
  );
}

/**
 * Refuses plaintext on a chip whose flash encryption is on in release mode
 * (DIS_DOWNLOAD_MANUAL_ENCRYPT burnt), as esptool write-flash does unless forced: the bootloader
 * would decrypt plaintext into garbage, and release mode leaves no way to fix it over UART.
 */
export function checkPlaintextWrite(s: ChipSecurity | undefined, force: boolean): void {
  if (!s?.flashEncryption || !s.downloadEncryptDisabled || force) return;
  throw new GuardError(
    "encrypted-plaintext-write",
    "This chip has flash encryption enabled and encrypted writes over the serial port disabled (DIS_DOWNLOAD_MANUAL_ENCRYPT, release mode): the firmware would be written as plaintext, which the chip would decrypt into garbage. Flashing plaintext may brick the device, so nothing was written.",
    "Update this board over the air (OTA) with firmware signed and built for it, as release-mode flash encryption intends. Only if you know the images are already encrypted for this chip's key, force it (esptool's --force): a wrong image leaves the chip unable to boot for good.",
  );
}

/** A full erase wipes the bootloader too: refused on a secured chip unless forced, as esptool erase_flash does. */
export function checkSecuredErase(s: ChipSecurity | undefined, force: boolean): void {
  const on = s && protections(s);
  if (!on || force) return;
  throw new GuardError(
    "secured-erase",
    `This chip has ${on} enabled: erasing the whole flash is refused as a safety measure (it erases the bootloader too).`,
    "Flash without erasing first. Erase only if you will write a bootloader built for this chip's security settings, and only by forcing it: otherwise the chip cannot boot again.",
  );
}
