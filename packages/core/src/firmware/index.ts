export { parseAppDescription, APP_DESC_MAGIC, type AppDescription } from "./app-description.js";
export {
  parsePartitionTable,
  bootApp,
  PARTITION_TABLE_OFFSET,
  type PartitionEntry,
} from "./partition-table.js";
export {
  readFirmwareIdentity,
  identityOfParts,
  compareFirmware,
  pythonFirmware,
  type FirmwareIdentity,
  type FirmwareRelation,
  type FlashReader,
} from "./identity.js";
