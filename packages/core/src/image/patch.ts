import { sha256 } from "@noble/hashes/sha2.js";
import {
  chipInfo,
  FLASH_MODES,
  nameForCode,
  type ChipFamily,
  type ChipInfo,
} from "../chips/index.js";
import { ImageError, UnsupportedFlashSettingError, type FlashSetting } from "./errors.js";
import { IMAGE_MAGIC, parseImage, type ParsedImage } from "./parse.js";
import { hex } from "../hex.js";
import { unchanged, type HeaderChange, type PatchResult } from "./patch-result.js";

export {
  describePatch,
  unchanged,
  type HeaderChange,
  type PatchResult,
  type PatchSkipReason,
} from "./patch-result.js";

export interface PatchOptions {
  chip: ChipFamily;
  /** Flash address the part will be written to. */
  address: number;
  /** "qio" | "qout" | "dio" | "dout" | "keep" */
  flashMode: string;
  /** e.g. "40m", or "keep" */
  flashFreq: string;
  /** e.g. "4MB", or "keep" */
  flashSize: string;
}

function codeFor(info: ChipInfo, setting: FlashSetting, value: string, current: number): number {
  if (value === "keep") return current;
  const table: Readonly<Record<string, number>> =
    setting === "flashMode"
      ? Object.fromEntries(FLASH_MODES.map((m, i) => [m, i]))
      : setting === "flashFreq"
        ? info.flashFrequencies
        : info.flashSizes;
  if (!Object.hasOwn(table, value))
    throw new UnsupportedFlashSettingError(setting, value, Object.keys(table));
  return table[value]!;
}

/** A bootloader image the merged-file rule may trust: parses, checksum and digest correct, right chip. */
function trustedInnerImage(
  bytes: Uint8Array,
  at: number,
  chip: ChipFamily,
): ParsedImage | undefined {
  if (at <= 0 || at + 8 > bytes.length || bytes[at] !== IMAGE_MAGIC) return undefined;
  try {
    const parsed = parseImage(bytes.subarray(at), chip);
    const shaOk = !parsed.sha256 || parsed.sha256.valid;
    return parsed.checksum.valid && shaOk && parsed.chipIdMatches ? parsed : undefined;
  } catch (error) {
    if (error instanceof ImageError) return undefined;
    throw error;
  }
}

/**
 * What esptool merge_bin writes before the bootloader: nothing but 0xFF. Anything else (a secure
 * boot v1 IV and digest, or unknown data) may depend on the bootloader's exact bytes.
 */
function erasedBefore(bytes: Uint8Array, at: number): boolean {
  for (let i = 0; i < at; i++) if (bytes[i] !== 0xff) return false;
  return true;
}

/**
 * Rewrites flash mode, frequency and size in a bootloader image header the way esptool v5's
 * `_update_image_flash_params` does (byte for byte), and recomputes an appended SHA-256.
 * Beyond esptool: a part written below the bootloader offset (an ESP32 merged image at 0x0)
 * whose bytes at `bootloaderOffset - address` hold a trusted bootloader image, with only 0xFF
 * before it (as merge_bin writes), is patched there.
 * Never mutates `bytes`. Throws `UnsupportedFlashSettingError` for a setting the chip lacks.
 */
export function patchImage(bytes: Uint8Array, options: PatchOptions): PatchResult {
  const info = chipInfo(options.chip);
  const { address } = options;
  const where = hex(address);
  if (bytes.length < 8)
    return unchanged(bytes, "too-short", `The part at ${where} is too short to be an image.`);
  let at = 0;
  let parsed: ParsedImage | undefined;
  if (address !== info.bootloaderOffset) {
    parsed =
      address < info.bootloaderOffset
        ? trustedInnerImage(bytes, info.bootloaderOffset - address, options.chip)
        : undefined;
    if (!parsed) {
      return unchanged(
        bytes,
        "not-bootloader-offset",
        `The part at ${where} is not at the bootloader offset ${hex(info.bootloaderOffset)}, so its flash settings are left as they are.`,
      );
    }
    at = info.bootloaderOffset - address;
    if (!erasedBefore(bytes, at)) {
      return unchanged(
        bytes,
        "data-before-bootloader",
        `The part at ${where} holds data before its bootloader at 0x${info.bootloaderOffset.toString(16)} (not the 0xFF padding of a merged image; e.g. a secure boot digest of the bootloader), so its flash settings are left as they are.`,
      );
    }
  }
  if (
    options.flashMode === "keep" &&
    options.flashFreq === "keep" &&
    options.flashSize === "keep"
  ) {
    return unchanged(bytes, "all-keep", "Flash mode, frequency and size are all 'keep'.");
  }
  if (!parsed) {
    if (bytes[0] !== IMAGE_MAGIC) {
      return unchanged(
        bytes,
        "bad-magic",
        `The part at ${where} doesn't look like an image file, so flash settings are left unchanged.`,
      );
    }
    try {
      parsed = parseImage(bytes, options.chip);
    } catch (error) {
      if (!(error instanceof ImageError)) throw error;
      return unchanged(
        bytes,
        "invalid-image",
        `The part at ${where} is not a valid ${options.chip} image (${error.message}), so flash settings are left unchanged.`,
      );
    }
  }
  return applySettings(bytes, at, parsed, info, options);
}

function applySettings(
  bytes: Uint8Array,
  at: number,
  parsed: ParsedImage,
  info: ChipInfo,
  options: PatchOptions,
): PatchResult {
  const h = parsed.header;
  // esptool resolves mode, then frequency, then size: the first unsupported one is the error.
  const mode = codeFor(info, "flashMode", options.flashMode, h.flashModeCode);
  const freq = codeFor(info, "flashFreq", options.flashFreq, h.flashFreqCode);
  const size = codeFor(info, "flashSize", options.flashSize, h.flashSizeCode);
  const byte2 = mode;
  const byte3 = (size + freq) & 0xff;
  const changes: HeaderChange[] = [];
  if (size !== h.flashSizeCode) {
    changes.push({ field: "flashSize", from: h.flashSize, to: nameForCode(info.flashSizes, size) });
  }
  if (mode !== h.flashModeCode)
    changes.push({ field: "flashMode", from: h.flashMode, to: FLASH_MODES[mode]! });
  if (freq !== h.flashFreqCode) {
    changes.push({
      field: "flashFreq",
      from: h.flashFreq,
      to: nameForCode(info.flashFrequencies, freq),
    });
  }
  // ESP8266 images never carry a digest (esptool means to skip them; it crashes instead).
  const sha = info.family !== "ESP8266" ? parsed.sha256 : undefined;
  const shaEnd = sha ? at + parsed.dataLength + 32 : 0;
  const out = new Uint8Array(Math.max(bytes.length, shaEnd));
  out.set(bytes);
  out[at + 2] = byte2;
  out[at + 3] = byte3;
  let shaUpdated = false;
  if (sha) {
    const digest = sha256(out.subarray(at, at + parsed.dataLength));
    out.set(digest, at + parsed.dataLength);
    shaUpdated = sha.present && !equalBytes(digest, bytes.subarray(at + parsed.dataLength, shaEnd));
  }
  const shaAppended = out.length > bytes.length;
  if (changes.length === 0 && !shaUpdated && !shaAppended) {
    return unchanged(
      bytes,
      "same-settings",
      "The image already has these flash settings.",
      parsed.warnings,
    );
  }
  const result: PatchResult = {
    bytes: out,
    outcome: "patched",
    shaUpdated,
    changes,
    patchedAt: at,
    warnings: parsed.warnings,
  };
  if (shaAppended) result.shaAppended = true;
  return result;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
