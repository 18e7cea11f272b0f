export { CHIP_FAMILIES, isChipFamily, type ChipFamily } from "./chips.js";
