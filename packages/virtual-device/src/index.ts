export { slipEncode, SlipDecoder } from "./protocol/slip.js";
export {
  CHIP_FAMILIES,
  CHIP_MODELS,
  USB_IDS,
  isChipFamily,
  defaultFlashId,
  parseSizeName,
} from "./chips.js";
export type { ChipFamily, ChipModel, SpiLayout, RtcWatchdog } from "./chips.js";
export { USB_BRIDGES, type UsbLink } from "./device/usb-link.js";
export { SECURE_DOWNLOAD_ENABLE } from "./protocol/loader.js";
export { VirtualEsp } from "./device/virtual-esp.js";
export { VirtualDeviceError } from "./device/errors.js";
export { NOR_TIMING } from "./device/clock.js";
export { USB_FS_BULK_BYTES_PER_MS } from "./device/usb-link.js";
export {
  secureBootV1Digest,
  secureBootV1File,
  secureBootV2SignedStyle,
} from "./device/secure-boot.js";
export { Op, RomError } from "./protocol/host.js";
export type {
  BootVerdict,
  DeviceState,
  FaultSpec,
  FaultTrigger,
  SerialSignals,
  UsbBridge,
  UsbKind,
  VirtualEspOptions,
  VirtualSecurity,
} from "./device/types.js";
export { SparseFlash, SECTOR_SIZE, BLOCK_SIZE, PAGE_SIZE } from "./flash/sparse-flash.js";
export {
  VirtualSerialPort,
  installVirtualSerial,
  type InstallVirtualSerialOptions,
  type VirtualSerialInstallation,
  type VirtualSerialOpenOptions,
  type VirtualSerialInputSignals,
  type SerialPortFilterLike,
  type SerialPortRequestOptionsLike,
  type WireDevice,
} from "./port/index.js";
export {
  makeSampleFirmware,
  SampleFirmwareError,
  type SampleFirmware,
  type SampleFirmwareKind,
  type SampleFirmwareOptions,
  type SampleFirmwarePart,
  type AppDescriptionFields,
} from "./firmware/index.js";
export * from "./usb/index.js";
export type { AppIo, RunningApp, VirtualApp } from "./apps/app.js";
export {
  improvFirmware,
  DEFAULT_NETWORKS,
  DEFAULT_PASSWORD,
  type ImprovFailure,
  type ImprovFirmwareOptions,
  type VirtualNetwork,
} from "./apps/improv/index.js";
