// Lazily loaded after the Android device picker: wraps the chosen USB device as a serial port.
export {
  UsbSerialPort,
  UnsupportedBridgeError,
  UsbPortBusyError,
  UsbAccessDeniedError,
} from "./usb-serial-port.js";
export { USB_BRIDGES, bridgeFor, type Bridge, type BridgeRow } from "./bridges.js";
export { ch34xDivisor } from "./ch34x.js";
export type { UsbDeviceLike } from "./usb-types.js";
