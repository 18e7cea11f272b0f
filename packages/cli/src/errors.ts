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
  /** SIGHUP (the terminal closed): 128 + 1. */
  hangup: 129,
  /** Ctrl-C (SIGINT): 128 + 2. */
  interrupted: 130,
  /** SIGTERM: 128 + 15. */
  terminated: 143,
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
  "file-unwritable",
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
export const NOTHING_WRITTEN = "Nothing was written: the flash is unchanged.";
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

/** Core speaks to a person in a browser; on the command line some of its words do not fit. */
const BROWSER_WORDS: [RegExp, string][] = [
  [/[;.] tell the site's author\./g, "."],
  [/ Tell the site owner\./g, " Check the manifest against the file."],
  [/ask the site for an? (\S+) build/g, "use firmware built for the $1"],
  [/Check the manifest URL on the page\./g, "Check the manifest URL."],
  [/the site's manifest lists it/g, "the manifest lists it"],
  [/The site must choose the build \(pass `chooseBuild`\)/g, "Choose the build with --build NAME"],
];

/** A TCP port has no USB cable, driver or BOOT button within reach of the CLI. */
const NETWORK_ADVICE: Record<string, (path: string) => string> = {
  "connect-failed": (path) =>
    `Nothing behind ${path} answered as an ESP ROM loader: it cannot be reset from here, so the board must already be in download mode (hold BOOT, press RESET). Check the serial server too.`,
  "device-lost": (path) =>
    `The connection to ${path} closed. Check the serial server and the board behind it, then retry.`,
  "device-not-responding": (path) =>
    `Nothing answers behind ${path}. Check the serial server and that the board is in download mode, then retry.`,
};

export function describeError(
  error: unknown,
  portPath?: string,
): { code: string; message: string; advice?: string } {
  if (error instanceof EspFlashError) {
    const network = portPath && /^(socket|rfc2217):\/\//.test(portPath);
    let advice = network ? NETWORK_ADVICE[error.code]?.(portPath!) : undefined;
    advice ??= error.advice
      ? BROWSER_WORDS.reduce((text, [words, cli]) => text.replace(words, cli), error.advice)
      : undefined;
    return { code: error.code, message: error.message, ...(advice ? { advice } : {}) };
  }
  if (error instanceof Error) return { code: "failed", message: error.message };
  return { code: "failed", message: String(error) };
}
