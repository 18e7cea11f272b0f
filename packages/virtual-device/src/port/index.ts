export {
  VirtualSerialPort,
  type VirtualSerialOpenOptions,
  type VirtualSerialInputSignals,
} from "./virtual-serial-port.js";
export {
  installVirtualSerial,
  type InstallVirtualSerialOptions,
  type VirtualSerialInstallation,
} from "./install.js";
export type { SerialPortFilterLike, SerialPortRequestOptionsLike } from "./filters.js";
export type { WireDevice } from "./wire.js";
