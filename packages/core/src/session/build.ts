import { buildsForChip, type Manifest, type ManifestBuild } from "./deps.js";
import { FlashError } from "./errors.js";
import type { DeviceInfo, FlashOptions } from "./types.js";

/** Pick the build for this device: by chip family, then serial type; the site chooses among several. */
export async function chooseBuild(
  options: FlashOptions,
  device: DeviceInfo,
): Promise<ManifestBuild> {
  const builds = options.builds ?? options.manifest?.builds;
  if (!builds || builds.length === 0) {
    throw new FlashError(
      "no-builds",
      "No firmware builds were given to flash.",
      "Pass a manifest with at least one build (or `builds`).",
      "choosing-build",
    );
  }
  const manifest: Manifest =
    options.manifest && !options.builds
      ? options.manifest
      : { name: options.manifest?.name ?? "", builds };
  const serialType = device.usb === "uart-bridge" ? "uart" : "cdc";
  const candidates = buildsForChip(manifest, device.family, serialType);
  if (candidates.length === 0) {
    const families = [...new Set(builds.map((b) => b.chipFamily))].join(", ");
    throw new FlashError(
      "no-build-for-chip",
      `No build for ${device.family} in this manifest (it has builds for ${families}).`,
      `Connect a board the firmware supports (${families}), or ask the site for a ${device.family} build.`,
      "choosing-build",
    );
  }
  if (candidates.length === 1) return candidates[0]!;
  if (!options.chooseBuild) {
    throw new FlashError(
      "build-choice-needed",
      `This manifest has ${candidates.length} builds for ${device.family} and nothing chose between them.`,
      "The site must choose the build (pass `chooseBuild`); tell the site's author.",
      "choosing-build",
    );
  }
  const chosen = await options.chooseBuild(candidates, device);
  if (!candidates.includes(chosen)) {
    throw new FlashError(
      "build-choice-invalid",
      "chooseBuild returned a build that is not one of the candidates.",
      "Return one of the candidate builds from chooseBuild.",
      "choosing-build",
    );
  }
  return chosen;
}
