import { CHIPS, chipInfo, type ChipFamily } from "../chips/index.js";
import { ImageError } from "../image/errors.js";
import { IMAGE_MAGIC, readImageLayout, type ExtendedHeader } from "../image/layout.js";
import { GuardError } from "./errors.js";

/** No upper bound: what ESP-IDF writes for max_rev_full by default. */
const NO_MAX_REV = 0xffff;

const version = (rev: number) => `v${Math.floor(rev / 100)}.${rev % 100}`;

function familyOfChipId(id: number): string {
  return Object.values(CHIPS).find((c) => c.imageChipId === id)?.family ?? `chip id ${id}`;
}

/** The extended headers esptool checks in a part: at byte 0, and (ours) the bootloader inside a merged file. */
function headersIn(bytes: Uint8Array, offset: number, family: ChipFamily): ExtendedHeader[] {
  const info = chipInfo(family);
  const starts = [0, ...(offset < info.bootloaderOffset ? [info.bootloaderOffset - offset] : [])];
  const headers: ExtendedHeader[] = [];
  for (const at of starts) {
    if (bytes[at] !== IMAGE_MAGIC) continue;
    try {
      const ext = readImageLayout(bytes.subarray(at), family).extendedHeader;
      if (ext) headers.push(ext);
    } catch (error) {
      // Not an image esptool could load: it skips the check too.
      if (!(error instanceof ImageError)) throw error;
    }
  }
  return headers;
}

/**
 * esptool's revision rule: min/max_rev_full (major × 100 + minor) unless the image predates them
 * (max_rev_full 0) or only sets the legacy min_rev; max_rev_full 0xFFFF means no upper limit.
 * Legacy min_rev is the major version (the minor on ESP32-C3).
 */
export function revisionProblem(
  name: string,
  ext: ExtendedHeader,
  family: ChipFamily,
  revisionFull: number,
): string | undefined {
  const useFull =
    ext.maxRevFull === 0
      ? false
      : ext.maxRevFull === NO_MAX_REV
        ? !(ext.minRevFull === 0 && ext.minRev !== 0)
        : true;
  if (useFull) {
    if (revisionFull >= ext.minRevFull && revisionFull <= ext.maxRevFull) return undefined;
    const max = ext.maxRevFull === NO_MAX_REV ? "max rev not set" : version(ext.maxRevFull);
    return `'${name}' requires chip revision in range [${version(ext.minRevFull)} - ${max}] (this chip is revision ${version(revisionFull)}).`;
  }
  const rev = family === "ESP32-C3" ? revisionFull % 100 : Math.floor(revisionFull / 100);
  if (rev >= ext.minRev) return undefined;
  return `'${name}' requires chip revision ${ext.minRev} or higher (this chip is revision ${rev}).`;
}

/** A valid image (it parses, its checksum holds) of `family`'s layout, or undefined. */
function validLayout(bytes: Uint8Array, family: ChipFamily) {
  try {
    const layout = readImageLayout(bytes, family);
    return layout.checksum.valid ? layout : undefined;
  } catch (error) {
    if (error instanceof ImageError) return undefined;
    throw error;
  }
}

/**
 * The family a part at byte 0 is built for when it is a whole, valid image of another layout:
 * an ESP8266 image (no extended header) offered to an ESP32-family chip, or an ESP32-family
 * image offered to an ESP8266. esptool parses the first as an ESP32 image and warns about its
 * "unexpected chip ID" (segment bytes read as one), and does not look at the second at all.
 */
export function otherLayoutFamily(bytes: Uint8Array, family: ChipFamily): string | undefined {
  if (bytes[0] !== IMAGE_MAGIC || validLayout(bytes, family)) return undefined;
  if (family !== "ESP8266") return validLayout(bytes, "ESP8266") ? "ESP8266" : undefined;
  const ext = validLayout(bytes, "ESP32")?.extendedHeader;
  const other = ext ? Object.values(CHIPS).find((c) => c.imageChipId === ext.chipId) : undefined;
  return other?.family;
}

export interface ChipMatchOptions {
  /** The manifest build's `allowImageChipMismatch`: write anyway. */
  allow: boolean;
  log(line: string): void;
}

/**
 * Refuses, before anything is written, a part whose image header names another chip or a revision
 * range without this chip's (esptool write_flash's checks; ESP8266 images carry neither). A
 * revision that could not be read (secure download mode) leaves the range unchecked, with a note.
 */
export function checkPartsForChip(
  parts: readonly { name: string; offset: number; data: Uint8Array }[],
  device: { family: ChipFamily; revisionFull?: number },
  options: ChipMatchOptions,
): void {
  const { family, revisionFull } = device;
  const expected = chipInfo(family).imageChipId;
  for (const part of parts) {
    const other = otherLayoutFamily(part.data, family);
    if (other) {
      const problem = new GuardError(
        "image-wrong-chip",
        `'${part.name}' is an ${other} image, not an ${family} image: the ${family} would not start it.`,
        `Choose the build for ${family}. To write it anyway, list it in a manifest build with "allowImageChipMismatch": true.`,
      );
      if (!options.allow) throw problem;
      options.log(
        `${problem.message} Writing it anyway: the manifest allows images for other chips.`,
      );
    }
    if (expected === null) continue;
    for (const ext of headersIn(part.data, part.offset, family)) {
      let problem: GuardError | undefined;
      if (ext.chipId !== expected) {
        problem = new GuardError(
          "image-wrong-chip",
          `'${part.name}' is not an ${family} image: its header names ${familyOfChipId(ext.chipId)}.`,
          `Choose the build for ${family}; if this is the right file, the site's manifest lists it under the wrong chip.`,
        );
      } else if (revisionFull === undefined) {
        if (
          ext.minRevFull !== 0 ||
          ext.minRev !== 0 ||
          (ext.maxRevFull !== 0 && ext.maxRevFull !== NO_MAX_REV)
        ) {
          options.log(
            `The chip revision could not be read, so the revision range '${part.name}' requires was not checked.`,
          );
        }
      } else {
        const text = revisionProblem(part.name, ext, family, revisionFull);
        if (text) {
          problem = new GuardError(
            "image-chip-revision",
            text,
            "Choose the build for this chip's revision (ESP-IDF sets the range with its minimum/maximum chip revision options).",
          );
        }
      }
      if (!problem) continue;
      if (!options.allow) throw problem;
      options.log(
        `${problem.message} Writing it anyway: the manifest allows images for other chips or revisions.`,
      );
    }
  }
}
