import type { ChipFamily } from "../chips/index.js";
import type { Manifest, ManifestBuild } from "./types.js";

/**
 * Every build for exactly this chip family, all variants kept in manifest order. With a
 * `serialType`, builds made for it come first, then builds that name none; builds for the
 * other serial type are left out unless nothing else fits the chip.
 */
export function buildsForChip(
  manifest: Manifest,
  family: ChipFamily,
  serialType?: "cdc" | "uart",
): ManifestBuild[] {
  const forChip = manifest.builds.filter((b) => b.chipFamily === family);
  if (!serialType) return forChip;
  const exact = forChip.filter((b) => b.serialType === serialType);
  const neutral = forChip.filter((b) => b.serialType === undefined);
  const preferred = [...exact, ...neutral];
  return preferred.length > 0 ? preferred : forChip;
}
