// Core's error messages and advice in the person's language, keyed by error code. A code this
// table does not know (a newer core) keeps core's own English text.
import { msg, str } from "@lit/localize";
import type { FlashStateReport } from "../core-types.js";
import type { ErrorReport } from "./view-state.js";
import { formatSizeName } from "./views/shared.js";

export interface ErrorText {
  message: string;
  advice?: string;
}
type Params = NonNullable<ErrorReport["params"]>;
type Entry = (p: Params, flash?: FlashStateReport) => [message: string, advice: string];

/** Without Web Serial the board is reached over WebUSB (Android): our own drivers, no OS driver. */
const overWebUsb = () =>
  typeof navigator !== "undefined" && !("serial" in navigator) && "usb" in navigator;
const cable = () =>
  overWebUsb()
    ? msg(
        "Check the USB OTG adapter and cable (some carry power only), unplug and replug the board, and allow access when Android asks.",
        { id: "code.cable-webusb" },
      )
    : msg("Check the USB cable (some carry power only) and the USB-serial driver (CP210x/CH34x).", {
        id: "code.cable",
      });
const boot = () =>
  msg("Hold the BOOT button, press and release RESET, release BOOT, then retry.", {
    id: "code.boot",
  });
const noise = () =>
  msg("Retry; use a shorter USB cable, another USB port or a powered hub.", { id: "code.noise" });
const author = () =>
  msg("The site's manifest needs fixing: tell the site's author (Copy details).", {
    id: "code.author",
  });
const badFile = () =>
  msg("The firmware file is damaged or not an image for this chip: tell the site's author.", {
    id: "code.bad-file",
  });
const network = () =>
  msg("Check the network connection and retry.", { id: "code.download-failed.advice" });
const file = (p: Params) => p.file ?? "?";
const chip = (p: Params) => p.chip ?? "?";

/** Exported for the completeness test. */
export const ERROR_TEXT: Record<string, Entry> = {
  // session/errors.ts
  "port-busy": () =>
    overWebUsb()
      ? [
          msg("The board is in use by another tab or app.", { id: "code.port-busy-webusb" }),
          msg(
            "Close the other tab or app using this board (a serial terminal or another flasher), then retry.",
            { id: "code.port-busy-webusb.advice" },
          ),
        ]
      : [
          msg("The serial port is already open in another program or tab.", {
            id: "code.port-busy",
          }),
          msg("Close the serial monitor or the other tab using this port, then retry.", {
            id: "code.port-busy.advice",
          }),
        ],
  // usb/errors.ts: the browser was refused the device.
  "usb-access-denied": () => [
    msg("The browser was not allowed to open the board over USB.", {
      id: "code.usb-access-denied",
    }),
    msg("Unplug and replug the board, allow access when Android asks, then retry.", {
      id: "code.usb-access-denied.advice",
    }),
  ],
  "port-open-failed": () => [
    msg("The serial port could not be opened.", { id: "code.port-open-failed" }),
    cable(),
  ],
  "connect-failed": () => [
    msg("The chip did not answer: it is not in download mode, or the connection is broken.", {
      id: "code.connect-failed",
    }),
    `${boot()} ${cable()}`,
  ],
  "chip-unknown": () => [
    msg("This chip is not one this flasher supports.", { id: "code.chip-unknown" }),
    msg("Use a board with a supported ESP chip.", { id: "code.chip-unknown.advice" }),
  ],
  "stub-failed": () => [
    msg("The flasher program did not start on the chip.", { id: "code.stub-failed" }),
    boot(),
  ],
  "no-builds": () => [
    msg("The manifest lists no firmware builds.", { id: "code.no-builds" }),
    author(),
  ],
  "no-build-for-chip": (p) => [
    msg(str`This firmware has no build for the ${chip(p)}.`, { id: "code.no-build-for-chip" }),
    msg("Connect a board the firmware supports, or ask the site for a build for this chip.", {
      id: "code.no-build-for-chip.advice",
    }),
  ],
  "build-choice-needed": () => [
    msg("Several builds fit this board and none was chosen.", { id: "code.build-choice-needed" }),
    author(),
  ],
  "build-choice-invalid": () => [
    msg("The chosen build is not one of those that fit this board.", {
      id: "code.build-choice-invalid",
    }),
    author(),
  ],
  "image-too-large": (p) => [
    p.flashSize
      ? msg(str`The firmware is larger than this board's flash (${formatSizeName(p.flashSize)}).`, {
          id: "code.image-too-large",
        })
      : msg("The firmware is larger than this board's flash.", {
          id: "code.image-too-large.unknown",
        }),
    msg("Choose a build for a board with more flash, or use a board with more flash.", {
      id: "code.image-too-large.advice",
    }),
  ],
  "parts-overlap": () => [
    msg("Two parts of this firmware would overwrite each other.", { id: "code.parts-overlap" }),
    author(),
  ],
  "parts-share-sector": () => [
    msg(
      "Two parts of this firmware share a 4 KB flash sector: writing one would erase the end of the other.",
      {
        id: "code.parts-share-sector",
      },
    ),
    author(),
  ],
  "flash-wraps": () => [
    msg(
      "This board's flash chip claims more space than it has: it is counterfeit or mislabelled.",
      {
        id: "code.flash-wraps",
      },
    ),
    msg("Use a board with genuine flash: firmware written to this one would overwrite itself.", {
      id: "code.flash-wraps.advice",
    }),
  ],
  "secure-download-mode": () => [
    msg(
      "This chip is in secure download mode: it refuses the commands needed to check what is written. Nothing was written.",
      {
        id: "code.secure-download-mode",
      },
    ),
    msg(
      "Flash it with esptool (without its stub, unverified), or use a board without secure download mode.",
      {
        id: "code.secure-download-mode.advice",
      },
    ),
  ],
  "secured-bootloader-write": () => [
    msg(
      "Secure boot or flash encryption is on: writing the bootloader is refused, as a wrong one stops the chip for good.",
      {
        id: "code.secured-bootloader-write",
      },
    ),
    msg(
      "Install only the parts from 0x8000 on, or ask the site for a build made for this board's security settings.",
      {
        id: "code.secured-bootloader-write.advice",
      },
    ),
  ],
  "flash-size-too-large": () => [
    msg("This firmware is set for more flash than this board has: it would not start.", {
      id: "code.flash-size-too-large",
    }),
    msg("Choose the firmware for this board's flash size, or ask the site for one.", {
      id: "code.flash-size-too-large.advice",
    }),
  ],
  "encrypted-plaintext-write": () => [
    msg(
      "Flash encryption is on in release mode: this firmware would be written unencrypted, which stops the chip for good.",
      { id: "code.encrypted-plaintext-write" },
    ),
    msg("Update this board over the air (OTA) with firmware built for it.", {
      id: "code.encrypted-plaintext-write.advice",
    }),
  ],
  "secured-erase": () => [
    msg(
      "Secure boot or flash encryption is on: erasing the whole flash is refused, as it erases the bootloader too.",
      {
        id: "code.secured-erase",
      },
    ),
    msg("Install without erasing first.", { id: "code.secured-erase.advice" }),
  ],
  "erase-needs-stub": () => [
    msg("Erasing the whole flash needs the flasher program, which did not start.", {
      id: "code.erase-needs-stub",
    }),
    msg("Press RESET on the board, then retry; or install without erasing.", {
      id: "code.erase-needs-stub.advice",
    }),
  ],
  "image-wrong-chip": (p) => [
    msg(str`A firmware file in this build is made for another chip, not the ${chip(p)}.`, {
      id: "code.image-wrong-chip",
    }),
    author(),
  ],
  "image-chip-revision": (p) => [
    msg(str`This firmware does not support this ${chip(p)}'s chip revision.`, {
      id: "code.image-chip-revision",
    }),
    msg(
      "Use a board with a chip revision the firmware supports, or ask the site for a build for this one.",
      {
        id: "code.image-chip-revision.advice",
      },
    ),
  ],
  "flash-setting-unsupported": () => [
    msg("The firmware asks for a flash setting this chip does not have.", {
      id: "code.flash-setting-unsupported",
    }),
    author(),
  ],
  "backup-size-unknown": () => [
    msg("This board's flash size is unknown, so there is no telling how much to back up.", {
      id: "code.backup-size-unknown",
    }),
    msg("Install without the backup, or back the board up with esptool (read_flash).", {
      id: "code.backup-size-unknown.advice",
    }),
  ],
  "backup-failed": () => [
    msg("The backup was read but the browser did not save the file.", { id: "code.backup-failed" }),
    msg("Allow downloads for this site and free some disk space, then retry.", {
      id: "code.backup-failed.advice",
    }),
  ],
  "read-needs-stub": () => [
    msg("Reading the flash needs the flasher program, which did not start.", {
      id: "code.read-needs-stub",
    }),
    msg("Press RESET on the board, then retry; or install without the backup.", {
      id: "code.read-needs-stub.advice",
    }),
  ],
  "read-out-of-range": () => [
    msg("The part to read lies beyond the end of this board's flash.", {
      id: "code.read-out-of-range",
    }),
    msg("Read a range inside the flash size shown for the board.", {
      id: "code.read-out-of-range.advice",
    }),
  ],
  "device-lost": () => [
    msg("The board stopped answering (was it unplugged?).", { id: "code.device-lost" }),
    msg("Plug the board back in, then retry.", { id: "code.device-lost.advice" }),
  ],
  "device-not-responding": () => [
    msg("The board stopped answering.", { id: "code.device-not-responding" }),
    msg("Check that the board is still plugged in, then retry.", {
      id: "code.device-not-responding.advice",
    }),
  ],
  "serial-noise": () => [
    msg("Data on the serial line arrived garbled (line noise).", { id: "code.serial-noise" }),
    noise(),
  ],
  "flash-write-failed": () => [
    msg("The chip reported an error while writing its flash.", { id: "code.flash-write-failed" }),
    msg("Retry; if it happens again, the flash chip may be worn or write-protected.", {
      id: "code.flash-write-failed.advice",
    }),
  ],
  "verify-failed": () => [
    msg("The flash holds different data than was written.", { id: "code.verify-failed" }),
    msg("Retry; if it fails again, try another USB cable or port.", {
      id: "code.verify-failed.advice",
    }),
  ],
  aborted: (_, flash) => [
    msg("Installing was stopped.", { id: "code.aborted" }),
    !flash
      ? msg("Start again when ready; nothing was written.", { id: "code.aborted.untouched" })
      : flash.condition === "verified"
        ? msg("The firmware is installed: press RESET on the board to start it.", {
            id: "code.aborted.verified",
          })
        : msg("Install again before using the board.", { id: "code.aborted.changed" }),
  ],
  failed: () => [
    msg("Flashing failed.", { id: "code.failed" }),
    msg("Retry; if it keeps failing, unplug the board, plug it back in and retry.", {
      id: "code.failed.advice",
    }),
  ],
  // download/errors.ts
  "download-url-refused": (p) => [
    msg(str`The firmware address ${file(p)} is not allowed (only http and https).`, {
      id: "code.download-url-refused",
    }),
    author(),
  ],
  "download-failed": () => [
    msg("The connection broke while downloading the firmware.", { id: "code.download-failed" }),
    network(),
  ],
  "download-http-status": (p) => [
    msg(str`The server answered ${p.status ?? "?"} for ${file(p)}.`, {
      id: "code.download-http-status",
    }),
    msg("Retry in a moment; if it persists, tell the site's author.", {
      id: "code.download-http-status.advice",
    }),
  ],
  "download-html": (p) => [
    msg(str`${file(p)} is a web page, not a firmware file.`, { id: "code.download-html" }),
    author(),
  ],
  "download-redirect-refused": (p) => [
    msg(str`The server redirected ${file(p)} to an address that is not allowed.`, {
      id: "code.download-redirect-refused",
    }),
    author(),
  ],
  "download-stalled": (p) => [
    msg(str`The server stopped sending ${file(p)}.`, { id: "code.download-stalled" }),
    network(),
  ],
  "download-too-slow": (p) => [
    msg(str`The server is sending ${file(p)} too slowly to finish.`, {
      id: "code.download-too-slow",
    }),
    network(),
  ],
  "download-empty": (p) => [
    msg(str`${file(p)} is empty.`, { id: "code.download-empty" }),
    author(),
  ],
  "download-too-large": (p) => [
    msg(str`${file(p)} is larger than any flash chip.`, { id: "code.download-too-large" }),
    author(),
  ],
  "download-length-mismatch": (p) => [
    msg(str`The download of ${file(p)} was cut short.`, { id: "code.download-length-mismatch" }),
    msg("Check the network connection and retry.", { id: "code.download-failed.advice" }),
  ],
  "download-sha256-mismatch": (p) => [
    msg(str`${file(p)} is not the file the manifest describes (its checksum differs).`, {
      id: "code.download-sha256-mismatch",
    }),
    msg("Do not flash it: tell the site's author.", { id: "code.download-sha256-mismatch.advice" }),
  ],
  "download-aborted": () => [
    msg("The download was cancelled.", { id: "code.download-aborted" }),
    msg("Start again when ready.", { id: "code.download-aborted.advice" }),
  ],
  // image/errors.ts
  "image-too-short": () => [
    msg("The firmware file is too short to be an image.", { id: "code.image-too-short" }),
    badFile(),
  ],
  "image-bad-magic": () => [
    msg("The firmware file does not start like an ESP image.", { id: "code.image-bad-magic" }),
    badFile(),
  ],
  "image-truncated": () => [
    msg("The firmware image is cut short.", { id: "code.image-truncated" }),
    badFile(),
  ],
  "image-bad-hash-flag": () => [
    msg("The firmware image header is damaged.", { id: "code.image-bad-hash-flag" }),
    badFile(),
  ],
  "image-too-many-segments": () => [
    msg("The firmware image header is damaged.", { id: "code.image-bad-hash-flag" }),
    badFile(),
  ],
  // manifest/errors.ts
  "manifest-invalid": () => [
    msg("The firmware description (manifest) is invalid.", { id: "code.manifest-invalid" }),
    author(),
  ],
  "manifest-not-json": () => [
    msg("The firmware description (manifest) is not valid JSON.", { id: "code.manifest-not-json" }),
    author(),
  ],
  "manifest-url-refused": () => [
    msg("The manifest points to an address that is not allowed.", {
      id: "code.manifest-url-refused",
    }),
    author(),
  ],
  // chips, flash-size
  "unknown-chip": () => [
    msg("This chip is not one this flasher supports.", { id: "code.chip-unknown" }),
    msg("Use a board with a supported ESP chip.", { id: "code.chip-unknown.advice" }),
  ],
  "chip-unsupported": () => [
    msg("The flash chip's ID could not be read on this chip.", { id: "code.chip-unsupported" }),
    msg("Use a board with a supported ESP chip.", { id: "code.chip-unknown.advice" }),
  ],
  "flash-id-timeout": () => [
    msg("The flash chip did not answer.", { id: "code.flash-id-timeout" }),
    boot(),
  ],
  "flash-size-invalid": () => [
    msg("The firmware names a flash size that does not exist.", { id: "code.flash-size-invalid" }),
    author(),
  ],
  // elements' own
  "load-failed": () => [
    msg("Part of the installer could not be loaded (offline, or blocked by the page).", {
      id: "code.load-failed",
    }),
    msg("Check the network connection, reload the page and try again.", {
      id: "code.load-failed.advice",
    }),
  ],
  "element-conflict": () => [
    msg("Another script on this page took over a part of the installer.", {
      id: "code.element-conflict",
    }),
    msg("Tell the site's author: two libraries define the same element name.", {
      id: "code.element-conflict.advice",
    }),
  ],
};

/** The message and advice to show for `e`, in the current locale. */
export function errorText(
  e: Pick<ErrorReport, "code" | "message" | "advice" | "params" | "flash">,
): ErrorText {
  const entry = Object.hasOwn(ERROR_TEXT, e.code) ? ERROR_TEXT[e.code] : undefined;
  if (!entry) return { message: e.message, advice: e.advice };
  const [message, advice] = entry(e.params ?? {}, e.flash);
  return { message, advice };
}

/**
 * The details to show and copy: as the controller wrote them, except that over WebUSB core's
 * desktop advice (USB-serial drivers) gives way to the advice shown above them, so a person who
 * pastes them somewhere is not sent after a driver Android does not use.
 */
export function errorDetails(e: Pick<ErrorReport, "details" | "advice">, shown?: string): string {
  if (!overWebUsb() || !e.advice || !shown || shown === e.advice) return e.details;
  return e.details.replace(`\n${e.advice}`, `\n${shown}`);
}

/** Codes where pressing Retry cannot help: the same firmware, manifest or board fails the same way. */
const FINAL = new Set([
  "no-builds",
  "parts-share-sector",
  "flash-wraps",
  "secure-download-mode",
  "secured-bootloader-write",
  "secured-erase",
  "encrypted-plaintext-write",
  "flash-size-too-large",
  "image-wrong-chip",
  "download-redirect-refused",
  "build-choice-needed",
  "build-choice-invalid",
  "image-too-large",
  "parts-overlap",
  "flash-setting-unsupported",
  "chip-unknown",
  "unknown-chip",
  "chip-unsupported",
  "download-url-refused",
  "download-html",
  "download-empty",
  "download-too-large",
  "download-sha256-mismatch",
  "image-too-short",
  "image-bad-magic",
  "image-truncated",
  "image-bad-hash-flag",
  "image-too-many-segments",
  "manifest-invalid",
  "manifest-not-json",
  "manifest-url-refused",
  "flash-size-invalid",
  "element-conflict",
  "backup-size-unknown",
  "read-out-of-range",
]);

/** What the error view offers first: Retry, another port (another board may fit), or only Close. */
export function remedy(code: string, flash?: FlashStateReport): "retry" | "pick-port" | "close" {
  // Stopped after everything was verified: the firmware is installed, nothing to do again.
  if (code === "aborted" && flash?.condition === "verified") return "close";
  // The same board fails the same way again; another board (or a bridge we drive) may not.
  if (
    code === "no-build-for-chip" ||
    code === "image-chip-revision" ||
    code === "usb-bridge-unsupported"
  )
    return "pick-port";
  return FINAL.has(code) ? "close" : "retry";
}
