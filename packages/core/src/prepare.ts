// @esp-flash/core/prepare: only the CPU work of preparing a part (patch, MD5, deflate), for a
// Web Worker to import without the rest of core (no esptool-js).
export {
  prepareForWrite,
  prepareImage,
  type ImageJob,
  type PreparedImage,
  type Preparer,
} from "./session/prepare-image.js";
export { deflateBlocks, type DeflatedBlock, type DeflatedImage } from "./loader/deflate.js";
