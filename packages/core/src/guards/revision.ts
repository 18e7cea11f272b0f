import type { ChipFamily } from "../chips/index.js";

/** `bits` bits at `shift` of eFuse word `word`, landing at bit `at` of the major or minor version. */
interface RevisionField {
  word: number;
  shift: number;
  bits: number;
  of: "major" | "minor";
  at?: number;
}

interface RevisionEfuses {
  /** Address of eFuse word 0 of the block that holds the version. */
  base: number;
  fields: readonly RevisionField[];
}

const f = (
  word: number,
  shift: number,
  bits: number,
  of: "major" | "minor",
  at = 0,
): RevisionField => ({ word, shift, bits, of, at });
const C3_STYLE = [f(5, 24, 2, "major"), f(5, 23, 1, "minor", 3), f(3, 18, 3, "minor")];
const C5_STYLE = [f(2, 4, 2, "major"), f(2, 0, 4, "minor")];

/**
 * Where each chip keeps its major/minor version, as esptool v5 reads them (targets/*.py
 * get_major/minor_chip_version). esptool-js 0.7.0 reads the ESP32-C2 and -C6 with the C3's
 * layout, so the guards read these words themselves. ESP32 (three scattered bits) is special.
 */
export const REVISION_EFUSES: Readonly<Partial<Record<ChipFamily, RevisionEfuses>>> = Object.freeze(
  {
    "ESP32-S2": {
      base: 0x3f41a044,
      fields: [f(3, 18, 2, "major"), f(3, 20, 1, "minor", 3), f(4, 4, 3, "minor")],
    },
    "ESP32-S3": { base: 0x60007044, fields: C3_STYLE },
    "ESP32-C2": { base: 0x60008840, fields: [f(1, 20, 2, "major"), f(1, 16, 4, "minor")] },
    "ESP32-C3": { base: 0x60008844, fields: C3_STYLE },
    "ESP32-C5": { base: 0x600b4844, fields: C5_STYLE },
    "ESP32-C6": { base: 0x600b0844, fields: [f(3, 22, 2, "major"), f(3, 18, 4, "minor")] },
    "ESP32-C61": { base: 0x600b4844, fields: C5_STYLE },
    "ESP32-H2": { base: 0x600b0844, fields: [f(3, 21, 2, "major"), f(3, 18, 3, "minor")] },
    "ESP32-P4": {
      base: 0x5012d044,
      fields: [f(2, 4, 2, "major"), f(2, 23, 1, "major", 2), f(2, 0, 4, "minor")],
    },
  },
);

/** The eFuse word addresses a family's revision needs, in order. */
export function revisionWords(family: ChipFamily): number[] {
  const table = REVISION_EFUSES[family];
  if (!table) return [];
  return [...new Set(table.fields.map((field) => table.base + 4 * field.word))];
}

/** major × 100 + minor from the words `revisionWords` named (same order). */
export function revisionFromWords(
  family: ChipFamily,
  words: readonly number[],
): number | undefined {
  const table = REVISION_EFUSES[family];
  if (!table) return undefined;
  const addresses = revisionWords(family);
  const version = { major: 0, minor: 0 };
  for (const field of table.fields) {
    const word = words[addresses.indexOf(table.base + 4 * field.word)] ?? 0;
    version[field.of] |= ((word >>> field.shift) & ((1 << field.bits) - 1)) << (field.at ?? 0);
  }
  return version.major * 100 + version.minor;
}
