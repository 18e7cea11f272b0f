/** Node-only entry ("@esp-flash/virtual-device/node"): everything from the main entry plus the TCP bridge. */
export * from "./index.js";
export {
  serveSerial,
  type ServedDevice,
  type SerialServer,
  type SerialServerOptions,
} from "./node/serial-server.js";
export {
  startVirtualEspServer,
  type VirtualEspServer,
  type VirtualEspServerOptions,
} from "./node/start.js";
export { loadFlashFile, saveFlashFile, FlashFileError } from "./node/flash-file.js";
