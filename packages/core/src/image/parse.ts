// The full parse: the layout, plus the appended SHA-256 checked as esptool checks it.
import { sha256 } from "@noble/hashes/sha2.js";
import type { ChipFamily } from "../chips/index.js";
import { bytesToHex } from "../hex.js";
import { readImageLayout, type ImageLayout } from "./layout.js";

export {
  IMAGE_MAGIC,
  IMAGE_V2_MAGIC,
  MAX_SEGMENTS,
  readImageLayout,
  type ExtendedHeader,
  type ImageHeader,
  type ImageLayout,
  type ImageSegment,
} from "./layout.js";

export interface ParsedImage extends Omit<ImageLayout, "sha256"> {
  /** Present when the extended header says a digest is appended. */
  sha256?: { offset: number; present: boolean; valid: boolean; stored?: string; computed: string };
}

/**
 * Parses an ESP firmware image as esptool's loader does: it throws an `ImageError`
 * exactly where esptool's image loader would fail, and reports (without throwing) what
 * esptool only warns about or never checks: checksum, digest, foreign chip id.
 */
export function parseImage(bytes: Uint8Array, chip: ChipFamily): ParsedImage {
  const layout = readImageLayout(bytes, chip);
  if (!layout.sha256) return layout as ParsedImage;
  const computed = bytesToHex(sha256(bytes.subarray(0, layout.dataLength)));
  const sha256Check = { ...layout.sha256, valid: layout.sha256.stored === computed, computed };
  return { ...layout, sha256: sha256Check };
}
