export { NodeSerialPort, type ByteLink, type LinkEvents, type PortInfo } from "./node-port.js";
export { SocketSerialPort } from "./socket-port.js";
export { Rfc2217SerialPort } from "./rfc2217-port.js";
export { UsbSerialPort } from "./usb-serial-port.js";
export { listPorts, resolvePorts, isVidPid, usbId, type ListedPort } from "./select.js";
