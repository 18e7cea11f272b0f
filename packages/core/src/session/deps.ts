// The session's only door to the rest of core: one place to follow CORE-data's modules.
export { chipFromEsptoolJsName, chipInfo, type ChipInfo } from "../chips/index.js";
export {
  describePatch,
  patchImage,
  readImageLayout,
  UnsupportedFlashSettingError,
  type PatchResult,
} from "../image/index.js";
export { detectFlashSize, flashSizeBytes } from "../flash-size/index.js";
export {
  buildsForChip,
  type Manifest,
  type ManifestBuild,
  type ManifestPart,
} from "../manifest/index.js";
export { downloadPart } from "../download/index.js";
export {
  checkBootloaderRegion,
  checkPartsForChip,
  checkSecuredErase,
  checkPlaintextWrite,
  readChipGuardFacts,
  securityHold,
  securityNote,
  type ChipSecurity,
} from "../guards/index.js";
export type { ChipFamily } from "../chips/index.js";
