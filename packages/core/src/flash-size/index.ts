export {
  detectFlashSize,
  readFlashId,
  type DetectedFlashSize,
  type RegisterLoader,
} from "./read.js";
export { flashSizeBytes, flashSizeFromId } from "./sizes.js";
