export {
  ImageError,
  UnsupportedFlashSettingError,
  type FlashSetting,
  type ImageErrorCode,
} from "./errors.js";
export {
  IMAGE_MAGIC,
  parseImage,
  readImageLayout,
  type ExtendedHeader,
  type ImageHeader,
  type ImageLayout,
  type ImageSegment,
  type ParsedImage,
} from "./parse.js";
export {
  describePatch,
  patchImage,
  type HeaderChange,
  type PatchOptions,
  type PatchResult,
  type PatchSkipReason,
} from "./patch.js";
