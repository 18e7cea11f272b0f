import { EspFlashError } from "../errors.js";
import { hex } from "./describe.js";
import type { FlashState } from "./flash-state.js";
import type { FlashStateReport, FlashStep, Restart, UsbKind } from "./types.js";

/** Stable codes of the failures the session itself detects (parts' own errors keep their codes). */
export type FlashErrorCode =
  | "port-busy"
  | "port-open-failed"
  | "connect-failed"
  | "chip-unknown"
  | "stub-failed"
  | "no-builds"
  | "no-build-for-chip"
  | "build-choice-needed"
  | "build-choice-invalid"
  | "image-too-large"
  | "flash-size-too-large"
  | "parts-overlap"
  | "parts-share-sector"
  | "flash-wraps"
  | "secure-download-mode"
  | "backup-size-unknown"
  | "backup-failed"
  | "read-needs-stub"
  | "read-out-of-range"
  | "erase-needs-stub"
  | "flash-setting-unsupported"
  | "secured-bootloader-write"
  | "secured-erase"
  | "encrypted-plaintext-write"
  | "image-wrong-chip"
  | "image-chip-revision"
  | "device-lost"
  | "device-not-responding"
  | "serial-noise"
  | "flash-write-failed"
  | "verify-failed"
  | "aborted"
  | "failed";

const CABLE_ADVICE =
  "Check the USB cable (some carry power only) and the USB-serial driver (CP210x/CH34x), then retry.";
const BOOT_ADVICE = "Hold the BOOT button, press and release RESET, release BOOT, then retry.";

/**
 * A failed flashing session: which step failed, a stable `code` and advice a person can act on.
 * `flash` says what the flash holds when anything on it had changed (the message says it too).
 */
export class FlashError extends EspFlashError {
  override name = "FlashError";
  readonly flash?: FlashStateReport;
  constructor(
    code: FlashErrorCode | (string & {}),
    message: string,
    advice: string | undefined,
    readonly step: FlashStep,
    options?: { cause?: unknown; flash?: FlashStateReport },
  ) {
    super(code, message, advice, options);
    if (options?.flash) this.flash = options.flash;
  }
}

/**
 * Error codes with which a loader refuses a command that arrived damaged: ROM 0x05 invalid
 * message and 0x07 bad checksum; stub 0xC0 bad length, 0xC1 bad checksum, 0xC3 unknown command.
 */
const GARBLED_STATUS = new Set([0x05, 0x07, 0xc0, 0xc1, 0xc3]);

/** The error code in esptool-js's "failed with status a,b": ROMs send [1, code], the stub [code, 0]. */
function refusalCode(text: string): number | undefined {
  const status = /failed with status (\d+),(\d+)/.exec(text);
  if (!status) return undefined;
  return status[1] === "1" ? Number(status[2]) : Number(status[1]);
}

/** A status no loader sends ([1, 0x05–0x0D] from ROMs, [0xC0–0xC9 or 0xFF, 0] from the stub), or a cut-short reply. */
function garbledReply(text: string): boolean {
  if (/Only got \d+ bytes of data/.test(text)) return true;
  const status = /failed with status (\d+),(\d+)/.exec(text);
  if (!status) return false;
  const [a, b] = [Number(status[1]), Number(status[2])];
  const rom = a === 1 && b >= 0x05 && b <= 0x0d;
  const stub = b === 0 && ((a >= 0xc0 && a <= 0xc9) || a === 0xff);
  return !rom && !stub;
}

/** Turn anything thrown during `step` into a FlashError with advice. */
export function toFlashError(
  error: unknown,
  step: FlashStep,
  context: { lost?: boolean; address?: number } = {},
): FlashError {
  if (error instanceof FlashError) return error;
  if (error instanceof EspFlashError)
    return new FlashError(error.code, error.message, error.advice, step, { cause: error });
  const name = error instanceof Error ? error.name : "";
  const text = error instanceof Error ? error.message : String(error);
  const at = context.address !== undefined ? ` near ${hex(context.address)}` : "";
  if (context.lost) {
    return new FlashError(
      "device-lost",
      `The device stopped answering during ${stepNoun(step)}${at} (unplugged?).`,
      `Plug the board back in, then retry. ${CABLE_ADVICE}`,
      step,
      { cause: error },
    );
  }
  if (name === "AbortError") return aborted(step, error);
  if (step === "connecting" && (name === "InvalidStateError" || /already open/i.test(text))) {
    return new FlashError(
      "port-busy",
      "The serial port is already open in another program or tab.",
      "Close the serial monitor or other tab using this port, then retry.",
      step,
      { cause: error },
    );
  }
  if (step === "connecting" && /open/i.test(text) && name !== "ESPError") {
    return new FlashError(
      "port-open-failed",
      `Could not open the serial port: ${text}`,
      CABLE_ADVICE,
      step,
      { cause: error },
    );
  }
  if (/Failed to connect/i.test(text)) {
    return new FlashError(
      "connect-failed",
      "The chip did not answer: it is not in download mode or the link is broken.",
      `${BOOT_ADVICE} ${CABLE_ADVICE}`,
      step,
      { cause: error },
    );
  }
  if (/Unexpected chip (ID|magic)|UnexpectedChip/i.test(text + name)) {
    return new FlashError(
      "chip-unknown",
      `Unknown chip: ${text}`,
      "This chip is not supported by this flasher; check that the board is an ESP chip.",
      step,
      { cause: error },
    );
  }
  if (/Failed to start stub|OHAI/i.test(text)) {
    return new FlashError(
      "stub-failed",
      "The flasher stub did not start on the chip.",
      `Press RESET on the board, then retry. ${BOOT_ADVICE}`,
      step,
      { cause: error },
    );
  }
  // esptool-js's UnsupportedCommandError: the ROM answered "invalid message" (0x05), which a
  // command garbled on the line gets as much as one the ROM lacks (those are handled before).
  if (name === "UnsupportedCommandError" || /unsupported command error/i.test(text)) {
    return new FlashError(
      "serial-noise",
      `The chip refused a command as invalid during ${stepNoun(step)}${at}: line noise garbled it.`,
      `Retry; use a shorter cable or a lower baud rate. ${CABLE_ADVICE}`,
      step,
      { cause: error },
    );
  }
  const refused = refusalCode(text);
  if (refused !== undefined && GARBLED_STATUS.has(refused)) {
    return new FlashError(
      "serial-noise",
      `The chip refused a damaged command during ${stepNoun(step)}${at} (error ${hex(refused)}): line noise garbled it.`,
      `Retry; use a shorter cable or a lower baud rate. ${CABLE_ADVICE}`,
      step,
      { cause: error },
    );
  }
  if (garbledReply(text)) {
    return new FlashError(
      "serial-noise",
      `A reply from the chip arrived garbled during ${stepNoun(step)}${at} (line noise).`,
      `Retry; use a shorter cable or a lower baud rate. ${CABLE_ADVICE}`,
      step,
      { cause: error },
    );
  }
  if (
    /write (compressed data )?to (target )?flash|leave (compressed )?flash mode|enter (compressed )?flash/i.test(
      text,
    ) &&
    /status/i.test(text)
  ) {
    return new FlashError(
      "flash-write-failed",
      `The chip reported a flash error${at}: ${text}`,
      "Retry; if it happens again the flash chip may be worn or write-protected.",
      step,
      { cause: error },
    );
  }
  if (/noise|corruption|Invalid SLIP|Invalid head/i.test(text)) {
    return new FlashError(
      "serial-noise",
      `Garbled data on the serial line during ${stepNoun(step)}${at} (line noise, or the board reset).`,
      `Retry; use a shorter cable or a lower baud rate. ${CABLE_ADVICE}`,
      step,
      { cause: error },
    );
  }
  if (
    name === "TimeoutError" ||
    /timed? ?out|No serial data|stream stopped|invalid response/i.test(text)
  ) {
    return new FlashError(
      "device-not-responding",
      `The device stopped answering during ${stepNoun(step)}${at} (unplugged?).`,
      `Check that the board is still plugged in, then retry. ${CABLE_ADVICE}`,
      step,
      { cause: error },
    );
  }
  return new FlashError(
    "failed",
    `Flashing failed during ${stepNoun(step)}${at}: ${text}`,
    "Retry; if it keeps failing, unplug the board, plug it back in and retry.",
    step,
    { cause: error },
  );
}

export function aborted(
  step: FlashStep,
  cause?: unknown,
  flash: "untouched" | "changed" | "verified" = "untouched",
): FlashError {
  const advice = {
    untouched: "Start again when ready; nothing was written.",
    changed: "Install again before using the board.",
    verified:
      "The firmware is installed and verified: press RESET on the board (or unplug it and plug it back in) to start it.",
  }[flash];
  return new FlashError("aborted", `Flashing was aborted during ${stepNoun(step)}.`, advice, step, {
    cause,
  });
}

/** The same error with the flash's state appended to its message and in `flash` (when anything was changed). */
export function withFlashState(error: FlashError, state: FlashState): FlashError {
  const text = state.describe();
  const report = state.report();
  if (!text || !report || error.flash) return error;
  return new FlashError(error.code, `${error.message} ${text}`, error.advice, error.step, {
    cause: error.cause,
    flash: report,
  });
}

/** What to tell when the final reset did not simply restart the board; undefined when it did. */
export function restartNote(restart: Restart, usb: UsbKind): string | undefined {
  if (restart === "press-reset")
    return "Every part was verified, but the port did not carry out the reset into the firmware. Press the board's RESET button (or unplug it and plug it back in) to start it.";
  if (restart === "restarted") return undefined;
  const why =
    usb !== "uart-bridge"
      ? "normal for USB-JTAG-serial and USB-OTG chips"
      : "it may have been unplugged";
  return `Every part was verified; the board then left USB while restarting (${why}). Reconnect it to use the serial console.`;
}

function stepNoun(step: FlashStep): string {
  const nouns: Partial<Record<FlashStep, string>> = {
    connecting: "connect",
    detecting: "chip detection",
    downloading: "download",
    preparing: "preparation",
    erasing: "erase",
    reading: "backup read",
    writing: "write",
    verifying: "verification",
    resetting: "reset",
  };
  return nouns[step] ?? step;
}
