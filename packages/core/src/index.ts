export { CHIP_FAMILIES, isChipFamily, type ChipFamily } from "./chips.js";
export { EspFlashError } from "./errors.js";
