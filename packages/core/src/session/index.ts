export { FlashSession, flash } from "./session.js";
export {
  eraseFlash,
  readDeviceInfo,
  readFirmwareOnBoard,
  readFlash,
  type DeviceOperationOptions,
  type EraseFlashOptions,
  type ReadFlashOptions,
  type ReadFlashResult,
} from "./device-operations.js";
export { FlashError, type FlashErrorCode } from "./errors.js";
export {
  decodeFlashVoltage,
  nameCrystal,
  type ChipHardware,
  type FlashVoltage,
} from "../loader/hardware.js";
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
export type { FlashBound } from "./geometry.js";
// The same CPU work the worker entry (@esp-flash/core/prepare) offers on its own.
export * from "../prepare.js";
