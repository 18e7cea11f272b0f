export { FlashSession, flash } from "./session.js";
export { readFlash, type ReadFlashOptions, type ReadFlashResult } from "./read-flash.js";
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
  FlashStep,
  PartResult,
  PreparedPart,
  SerialPortLike,
  SerialSignalsLike,
  UsbKind,
} from "./types.js";
