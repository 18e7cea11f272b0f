// The slice of @esp-flash/core this package uses, as types only, so the button's up-front
// script never pulls core's runtime in.
import type { FlashStateReport, FlashStep, ProgressEventDetail } from "@esp-flash/core";

export type {
  ConfirmAnswer,
  DeviceInfo,
  FlashOptions,
  FlashPlan,
  FlashResult,
  FlashStateReport,
  FlashStep,
  Manifest,
  ManifestBuild,
  ManifestPart,
  PreparedPart,
  SerialPortLike,
  ImprovDeviceInfo,
  ImprovNetwork,
  ImprovState,
  FirmwareIdentity,
  FirmwareRelation,
} from "@esp-flash/core";
export type FlashProgress = ProgressEventDetail;
/** What a thrown FlashError (or anything else) may carry. */
export interface FlashErrorLike extends Error {
  code: string;
  advice?: string;
  step?: FlashStep;
  flash?: FlashStateReport;
}
