export { Loader, type ChipDetails, type FlashIdentity } from "./loader.js";
export { Control, DeviceLostSignal, StepTimeout, delay, within } from "./control.js";
export { decodeMd5Reply } from "./md5.js";
export { RUN_SEQUENCES } from "./reset.js";
export { ROM_BAUD, SECTOR_SIZE } from "./opcodes.js";
export { SAFE_BAUD } from "./baud.js";
export { deflateBlocks, type DeflatedBlock, type DeflatedImage } from "./deflate.js";
