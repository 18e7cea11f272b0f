import { EspFlashError, FlashError, type FlashStateReport, type FlashStep } from "@esp-flash/core";

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
  "flash-size-too-large",
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
  "encrypted-plaintext-write",
  "part-outside-manifest-folder",
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

/**
 * What the flash holds after a flash run stopped: the session's own account when it has one
 * (core's FlashError carries it whenever the flash changed), else judged by the step.
 */
export function flashStateAfter(
  error: unknown,
  step: FlashStep | undefined,
  lastAddress?: number,
): string {
  if (error instanceof FlashError)
    return error.flash ? described(error.flash, lastAddress) : NOTHING_WRITTEN;
  switch (step) {
    case "erasing":
      return "The flash was being erased: it may be partly erased. Flash again to put the firmware on it.";
    case "writing":
      return `The flash is partly written${near(lastAddress)}: the firmware will not run as it is. Flash again to finish.`;
    case "verifying":
      return "Every part was written, but verification did not finish. Flash again: parts already on the chip are checked and skipped.";
    case "resetting":
    case "done":
      return VERIFIED;
    default:
      return NOTHING_WRITTEN;
  }
}

const near = (address: number | undefined) =>
  address !== undefined ? ` (stopped near 0x${address.toString(16)})` : "";
const NOTHING_WRITTEN = "Nothing was written: the flash is unchanged.";
const VERIFIED =
  "Every part was written and verified; only the reset into the firmware did not happen. Press RESET on the board.";

function described(flash: FlashStateReport, lastAddress: number | undefined): string {
  if (flash.condition === "verified") return VERIFIED;
  const at = (p: { name: string; offset: number }) => `${p.name} at 0x${p.offset.toString(16)}`;
  const erased = flash.erasedAll ? "The whole flash was erased. " : "";
  if (flash.incomplete)
    return `${erased}${at(flash.incomplete)} is incomplete${near(lastAddress)}: the firmware will not run as it is. Flash again to finish.`;
  if (flash.unconfirmed === "erase-all")
    return "An erase of the whole flash was sent, but the chip did not confirm it: the flash may be unchanged or partly erased. Flash again before using the board.";
  if (flash.unconfirmed)
    return `${erased}The write of ${at(flash.unconfirmed)} was sent, but the chip did not confirm it began: that region may be unchanged or partly erased. Flash again before using the board.`;
  if (flash.written.length === 0)
    return `${erased}Nothing was written yet: flash again to put the firmware on it.`;
  return `${erased}Written: ${flash.written.map(at).join(", ")}, but not verified. Flash again before using the board.`;
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
