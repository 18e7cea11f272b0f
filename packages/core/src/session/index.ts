export { FlashSession, flash } from "./session.js";
export {
  eraseFlash,
  readDeviceInfo,
  readFlash,
  type DeviceOperationOptions,
  type EraseFlashOptions,
  type ReadFlashOptions,
  type ReadFlashResult,
} from "./device-operations.js";
export { FlashError, type FlashErrorCode } from "./errors.js";
export type {
  BackupEventDetail,
  DownloadEventDetail,
  FlashEventDetails,
  FlashEventListener,
  FlashSessionEventMap,
  PatchEventDetail,
  ProgressEventDetail,
} from "./events.js";
export type {
  ConfirmAnswer,
  DeviceInfo,
  FlashBackup,
  FlashBackupOptions,
  FlashOptions,
  FlashPlan,
  FlashResult,
  FlashStateReport,
  FlashStep,
  PartResult,
  PreparedPart,
  Restart,
  SerialPortLike,
  SerialSignalsLike,
  UsbKind,
} from "./types.js";
export {
  prepareForWrite,
  prepareImage,
  type ImageJob,
  type PreparedImage,
  type Preparer,
} from "./prepare-image.js";
export { deflateBlocks, type DeflatedBlock, type DeflatedImage } from "../loader/deflate.js";
