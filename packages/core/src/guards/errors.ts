import { EspFlashError } from "../errors.js";

export type GuardErrorCode =
  | "secured-bootloader-write"
  | "secured-erase"
  | "encrypted-plaintext-write"
  | "image-wrong-chip"
  | "image-chip-revision";

/** A check that refuses to write (the session reports it as a FlashError with the same code). */
export class GuardError extends EspFlashError {
  override name = "GuardError";
  declare readonly code: GuardErrorCode;
  constructor(code: GuardErrorCode, message: string, advice: string) {
    super(code, message, advice);
  }
}
