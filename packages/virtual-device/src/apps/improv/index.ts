export {
  improvFirmware,
  DEFAULT_NETWORKS,
  DEFAULT_PASSWORD,
  type ImprovFailure,
  type ImprovFirmwareOptions,
  type VirtualNetwork,
} from "./firmware.js";
