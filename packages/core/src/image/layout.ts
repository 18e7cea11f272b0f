// An image's layout (headers, segments, checksum, where a digest sits), read without hashing
// anything: what the checks before writing need, with no SHA-256 code on the page.
import { bytesToHex } from "../hex.js";
import { chipInfo, FLASH_MODES, nameForCode, type ChipFamily } from "../chips/index.js";
import { ImageError } from "./errors.js";
import { hex } from "../hex.js";

export const IMAGE_MAGIC = 0xe9;
/** ESP8266 "v2" (OTA) images start with this; nobody patches them. */
export const IMAGE_V2_MAGIC = 0xea;
export const MAX_SEGMENTS = 16;
const HEADER_LEN = 8;
const EXTENDED_HEADER_LEN = 16;
export const SHA256_LEN = 32;

export interface ImageHeader {
  magic: number;
  segmentCount: number;
  flashModeCode: number;
  /** "qio" | "qout" | "dio" | "dout", or hex for codes esptool has no name for. */
  flashMode: string;
  flashSizeCode: number;
  flashSize: string;
  flashFreqCode: number;
  flashFreq: string;
  entry: number;
}

/** The 16-byte header after the common one on every ESP32-family image. */
export interface ExtendedHeader {
  wpPin: number;
  /** The three raw drive-strength bytes (two 4-bit pins each). */
  driveStrength: [number, number, number];
  chipId: number;
  minRev: number;
  minRevFull: number;
  maxRevFull: number;
  hashAppended: boolean;
}

export interface ImageSegment {
  /** File offset of the segment's 8-byte header. */
  offset: number;
  /** Load address. */
  address: number;
  length: number;
}

export interface ImageLayout {
  chip: ChipFamily;
  header: ImageHeader;
  extendedHeader?: ExtendedHeader;
  /** `false` when the extended header names another chip (esptool only warns). */
  chipIdMatches: boolean;
  segments: ImageSegment[];
  checksum: { offset: number; stored: number; computed: number; valid: boolean };
  /** Offset just past the checksum byte: the bytes an appended SHA-256 covers. */
  dataLength: number;
  /** Present when the extended header says a digest is appended (`parseImage` also checks it). */
  sha256?: { offset: number; present: boolean; stored?: string };
  /** Bytes after the image (and its digest): e.g. the rest of a merged file. */
  trailingBytes: number;
  warnings: string[];
}

/** `parseImage` without the SHA-256: it throws and warns the same, and says where a digest sits. */
export function readImageLayout(bytes: Uint8Array, chip: ChipFamily): ImageLayout {
  const info = chipInfo(chip);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const truncated = (what: string, at: number, need: number) =>
    new ImageError(
      "image-truncated",
      `Image is truncated: ${what} at offset ${hex(at)} needs ${need} bytes, but the file has ${Math.max(0, bytes.length - at)} left.`,
      at,
    );
  if (bytes.length < HEADER_LEN) {
    throw new ImageError(
      "image-too-short",
      `Image is ${bytes.length} bytes long; a header alone is 8.`,
      0,
    );
  }
  const magic = bytes[0]!;
  if (magic !== IMAGE_MAGIC) {
    const what =
      magic === IMAGE_V2_MAGIC && chip === "ESP8266"
        ? " (an ESP8266 v2 image, which is not supported)"
        : "";
    throw new ImageError(
      "image-bad-magic",
      `Image starts with ${hex(magic)}${what}, not the image magic 0xe9.`,
      0,
    );
  }
  const segmentCount = bytes[1]!;
  if (segmentCount > MAX_SEGMENTS) {
    throw new ImageError(
      "image-too-many-segments",
      `Image header declares ${segmentCount} segments; at most ${MAX_SEGMENTS} are valid.`,
      1,
    );
  }
  const sizeFreq = bytes[3]!;
  const header: ImageHeader = {
    magic,
    segmentCount,
    flashModeCode: bytes[2]!,
    flashMode: FLASH_MODES[bytes[2]!] ?? hex(bytes[2]!),
    flashSizeCode: sizeFreq & 0xf0,
    flashSize: nameForCode(info.flashSizes, sizeFreq & 0xf0),
    flashFreqCode: sizeFreq & 0x0f,
    flashFreq: nameForCode(info.flashFrequencies, sizeFreq & 0x0f),
    entry: view.getUint32(4, true),
  };
  const warnings: string[] = [];
  let pos = HEADER_LEN;
  let extendedHeader: ExtendedHeader | undefined;
  let chipIdMatches = true;
  if (info.imageChipId !== null) {
    if (bytes.length < pos + EXTENDED_HEADER_LEN)
      throw truncated("the extended header", pos, EXTENDED_HEADER_LEN);
    const hashFlag = bytes[23]!;
    if (hashFlag > 1) {
      throw new ImageError(
        "image-bad-hash-flag",
        `Extended header byte 23 (hash appended) is ${hex(hashFlag)}; only 0 or 1 is valid.`,
        23,
      );
    }
    extendedHeader = {
      wpPin: bytes[8]!,
      driveStrength: [bytes[9]!, bytes[10]!, bytes[11]!],
      chipId: view.getUint16(12, true),
      minRev: bytes[14]!,
      minRevFull: view.getUint16(15, true),
      maxRevFull: view.getUint16(17, true),
      hashAppended: hashFlag === 1,
    };
    if (extendedHeader.chipId !== info.imageChipId) {
      chipIdMatches = false;
      warnings.push(
        `The image names chip id ${extendedHeader.chipId}, not ${info.imageChipId} (${chip}): is it built for another chip?`,
      );
    }
    pos += EXTENDED_HEADER_LEN;
  }
  const segments: ImageSegment[] = [];
  let computed = 0xef;
  for (let i = 0; i < segmentCount; i++) {
    if (bytes.length < pos + 8) throw truncated(`segment ${i} header`, pos, 8);
    const address = view.getUint32(pos, true);
    const length = view.getUint32(pos + 4, true);
    if (bytes.length < pos + 8 + length) throw truncated(`segment ${i} data`, pos + 8, length);
    segments.push({ offset: pos, address, length });
    for (let j = pos + 8, end = pos + 8 + length; j < end; j++) computed ^= bytes[j]!;
    pos += 8 + length;
  }
  // Zero padding so that the checksum byte ends a 16-byte line.
  const checksumOffset = pos + 15 - (pos % 16);
  if (bytes.length <= checksumOffset) throw truncated("the checksum byte", checksumOffset, 1);
  const stored = bytes[checksumOffset]!;
  const dataLength = checksumOffset + 1;
  let end = dataLength;
  let sha: ImageLayout["sha256"];
  if (extendedHeader?.hashAppended) {
    const present = bytes.length >= dataLength + SHA256_LEN;
    sha = { offset: dataLength, present };
    if (present) sha.stored = bytesToHex(bytes.subarray(dataLength, dataLength + SHA256_LEN));
    end = Math.min(bytes.length, dataLength + SHA256_LEN);
  }
  const result: ImageLayout = {
    chip,
    header,
    chipIdMatches,
    segments,
    checksum: { offset: checksumOffset, stored, computed, valid: stored === computed },
    dataLength,
    trailingBytes: bytes.length - end,
    warnings,
  };
  if (extendedHeader) result.extendedHeader = extendedHeader;
  if (sha) result.sha256 = sha;
  return result;
}
