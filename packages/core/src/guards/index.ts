export { GuardError, type GuardErrorCode } from "./errors.js";
export {
  BOOTLOADER_REGION_END,
  checkBootloaderRegion,
  checkSecuredErase,
  checkPlaintextWrite,
  ESP32_EFUSE,
  NO_SECURITY,
  securityFromEsp32Efuses,
  securityFromInfo,
  securityHold,
  securityNote,
  type ChipSecurity,
} from "./security.js";
export { checkPartsForChip, revisionProblem, type ChipMatchOptions } from "./chip-match.js";
export { readChipGuardFacts, type ChipGuardFacts, type GuardLoader } from "./read.js";
export { REVISION_EFUSES, revisionFromWords, revisionWords } from "./revision.js";
