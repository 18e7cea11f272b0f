import { EspFlashError, type FlashStep } from "@esp-flash/core";

/** Exit codes, one per class of failure, so scripts can tell them apart. */
export const EXIT = {
  ok: 0,
  /** Anything not classified below. */
  failed: 1,
  /** Bad command line. */
  usage: 2,
  /** Bad input: manifest, file, download, image, no build for the chip, a setting the chip lacks. Nothing written. */
  input: 3,
  /** No port, or the board did not answer / was lost / the line was garbled. */
  device: 4,
  /** The chip refused a write or verification failed: the flash is not what it should be. */
  flash: 5,
  /** Factory mode: some boards failed (the summary says which). */
  someFailed: 6,
  /** Ctrl-C. */
  interrupted: 130,
} as const;

/** A failure of the CLI itself, with a stable code and advice, like core's errors. */
export class CliError extends EspFlashError {
  override name = "CliError";
}

const INPUT_CODES = new Set([
  "no-builds",
  "no-build-for-chip",
  "build-choice-needed",
  "build-choice-invalid",
  "image-too-large",
  "parts-overlap",
  "flash-setting-unsupported",
  "chip-mismatch",
  "file-not-found",
  "file-unreadable",
  "bad-offset",
  "parts-share-sector",
  "image-wrong-chip",
  "image-chip-revision",
  "secured-bootloader-write",
  "secured-erase",
  "read-out-of-range",
]);
const DEVICE_CODES = new Set([
  "port-not-found",
  "port-busy",
  "port-open-failed",
  "connect-failed",
  "chip-unknown",
  "stub-failed",
  "device-lost",
  "device-not-responding",
  "serial-noise",
  "secure-download-mode",
  "read-needs-stub",
  "erase-needs-stub",
]);
const FLASH_CODES = new Set(["flash-write-failed", "verify-failed", "flash-wraps"]);

export function exitCodeFor(error: unknown): number {
  const code = error instanceof EspFlashError ? error.code : undefined;
  if (code === undefined) return EXIT.failed;
  if (code === "aborted" || code === "interrupted") return EXIT.interrupted;
  if (code === "usage") return EXIT.usage;
  if (INPUT_CODES.has(code) || /^(manifest|download|image)-/.test(code)) return EXIT.input;
  if (DEVICE_CODES.has(code)) return EXIT.device;
  if (FLASH_CODES.has(code)) return EXIT.flash;
  return EXIT.failed;
}

/** What the flash holds after a flash run stopped at `step` (for Ctrl-C and errors alike). */
export function flashStateAfter(step: FlashStep | undefined, lastAddress?: number): string {
  switch (step) {
    case "erasing":
      return "The flash was being erased: it may be partly erased. Flash again to put the firmware on it.";
    case "writing":
      return `The flash is partly written${lastAddress !== undefined ? ` (stopped near 0x${lastAddress.toString(16)})` : ""}: the firmware will not run as it is. Flash again to finish.`;
    case "verifying":
      return "Every part was written, but verification did not finish. Flash again: parts already on the chip are checked and skipped.";
    case "resetting":
    case "done":
      return "Every part was written and verified; only the reset into the firmware did not happen. Press RESET on the board.";
    default:
      return "Nothing was written: the flash is unchanged.";
  }
}

export function describeError(error: unknown): { code: string; message: string; advice?: string } {
  if (error instanceof EspFlashError)
    return {
      code: error.code,
      message: error.message,
      ...(error.advice ? { advice: error.advice } : {}),
    };
  if (error instanceof Error) return { code: "failed", message: error.message };
  return { code: "failed", message: String(error) };
}
