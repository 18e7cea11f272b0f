// What a patch did, and the helpers the checks before writing need from it: kept apart from
// patchImage so that a page which patches in its worker loads no patching (or SHA-256) code.
import type { FlashSetting } from "./errors.js";

export interface HeaderChange {
  field: FlashSetting;
  from: string;
  to: string;
}

export type PatchSkipReason =
  | "too-short"
  | "not-bootloader-offset"
  | "data-before-bootloader"
  | "chip-secured"
  | "all-keep"
  | "bad-magic"
  | "invalid-image"
  | "same-settings";

export interface PatchResult {
  /** The patched copy, or the input array itself when nothing changed. */
  bytes: Uint8Array;
  outcome: "patched" | "unchanged";
  /** Why nothing changed (a sentence), when `outcome` is "unchanged". */
  reason?: string;
  reasonCode?: PatchSkipReason;
  /** The input's complete appended SHA-256 was recomputed and rewritten with a new value. */
  shaUpdated: boolean;
  /**
   * The input's digest was cut short (or missing) and, as esptool does, a complete one now
   * follows the image: the output is longer than the input.
   */
  shaAppended?: boolean;
  changes: HeaderChange[];
  /** Offset inside the part where the image was patched: 0, or the bootloader inside a merged file. */
  patchedAt?: number;
  /** What esptool only warns about (e.g. another chip's id in the image). */
  warnings: string[];
}

export function unchanged(
  bytes: Uint8Array,
  reasonCode: PatchSkipReason,
  reason: string,
  warnings: string[] = [],
): PatchResult {
  return {
    bytes,
    outcome: "unchanged",
    reason,
    reasonCode,
    shaUpdated: false,
    changes: [],
    warnings,
  };
}

/** A short human text for a patch, e.g. "header 1MB → 4MB" or "header qio → dio, SHA-256 updated". */
export function describePatch(result: Pick<PatchResult, "changes" | "shaUpdated">): string {
  const parts = result.changes.map((c) => `${c.from} → ${c.to}`);
  const text = parts.length ? `header ${parts.join(", ")}` : "";
  if (!result.shaUpdated) return text || "header unchanged";
  return text ? `${text}, SHA-256 updated` : "SHA-256 updated";
}
