export {
  USB_BRIDGES,
  type BridgeModel,
  type BridgeProtocol,
  type InFraming,
  type LineState,
  type UsbBridgeKind,
} from "./bridges.js";
export { VirtualUsbDevice, type ControlRecord } from "./virtual-usb-device.js";
export {
  installVirtualUsb,
  type InstallVirtualUsbOptions,
  type UsbDeviceRequestOptionsLike,
  type VirtualUsbBoard,
  type VirtualUsbInstallation,
} from "./install.js";
export type {
  UsbConfiguration,
  UsbControlSetup,
  UsbDeviceFilterLike,
  UsbEndpoint,
} from "./types.js";
