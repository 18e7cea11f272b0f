export {
  ImprovSerial,
  type ImprovClientOptions,
  type ImprovDeviceInfo,
  type ImprovNetwork,
} from "./client.js";
export { ImprovError, type ImprovErrorCode } from "./errors.js";
export {
  ImprovStreamParser,
  encodePacket,
  encodeRpc,
  decodeRpcResult,
  checksum as improvChecksum,
  type ImprovErrorState,
  type ImprovPacket,
  type ImprovState,
} from "./protocol.js";
export { resetIntoFirmware, resetKeepsPort } from "./reset.js";
