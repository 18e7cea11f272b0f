export { FlashSession, flash } from "./session.js";
export { FlashError, type FlashErrorCode } from "./errors.js";
export { decodeMd5Reply } from "./verify.js";
export { RUN_SEQUENCES } from "./reset.js";
export type {
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
