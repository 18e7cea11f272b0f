export { ManifestError, type ManifestErrorCode } from "./errors.js";
export { loadManifest, MAX_MANIFEST_BYTES } from "./load.js";
export { parseManifest } from "./parse.js";
export { buildsForChip } from "./select.js";
export type { Manifest, ManifestBuild, ManifestPart } from "./types.js";
export { resolveManifestUrl, resolvePartUrl } from "./url.js";
