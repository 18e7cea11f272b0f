import { readFirmwareIdentity, type FirmwareIdentity } from "../firmware/identity.js";
import { Control, Loader } from "../loader/index.js";
import { checkSecuredErase, flashSizeBytes } from "./deps.js";
import { formatBytes, hex } from "./describe.js";
import { aborted, FlashError, toFlashError } from "./errors.js";
import { identifyDevice } from "./identify.js";
import type { DeviceInfo, FlashOptions, Restart, SerialPortLike } from "./types.js";

/** What every one-shot device operation takes: the port, a baud cap, abort, a log. */
export interface DeviceOperationOptions {
  port: SerialPortLike;
  /** Highest baud rate to try; the default as for flashing (FlashOptions.baudRate). */
  baudRate?: FlashOptions["baudRate"];
  signal?: AbortSignal;
  terminal?: { write(text: string): void };
  /** Told how the reset into the firmware at the end went ("press-reset": the chip did not restart). */
  onRestart?: (restart: Restart) => void;
}

export interface ReadFlashOptions extends DeviceOperationOptions {
  offset: number;
  /** Bytes to read, or "all": from `offset` to the end of the flash (its size from the flash ID). */
  length: number | "all";
  onProgress?: (read: number, total: number) => void;
}

export interface ReadFlashResult {
  data: Uint8Array;
  /** MD5 of `data`, lowercase hex; equal to the stub's MD5 of the flash it read. */
  md5: string;
  device: DeviceInfo;
}

export interface EraseFlashOptions extends DeviceOperationOptions {
  /** Erase even a chip with secure boot or flash encryption (it erases the bootloader too). */
  forceSecuredErase?: boolean;
}

type Step = "connecting" | "detecting" | "reading" | "erasing";

/**
 * Connect, start the stub at the top baud rate the link holds, identify, run `work`, then reset
 * the board into its firmware and close the port — also on error or abort. Rejects with a
 * FlashError for the step that failed.
 */
async function withDevice<T>(
  options: DeviceOperationOptions,
  workStep: Step,
  work: (loader: Loader, device: DeviceInfo) => Promise<T>,
): Promise<T> {
  const ctl = new Control(options.signal);
  const log = (line: string) => options.terminal?.write(`${line}\n`);
  let loader: Loader | undefined;
  let step: Step = "connecting";
  try {
    ctl.throwIfAborted();
    loader = await Loader.open(options.port, ctl, log);
    step = "detecting";
    const device = await identifyDevice(loader, options.baudRate);
    step = workStep;
    const result = await work(loader, device);
    const restarted = await loader.resetIntoFirmware().catch(() => (ctl.lost ? undefined : false));
    options.onRestart?.(ctl.lost ? "left-usb" : restarted ? "restarted" : "press-reset");
    await loader.release();
    return result;
  } catch (thrown) {
    await loader?.release();
    throw ctl.aborted ? aborted(step, thrown) : toFlashError(thrown, step, { lost: ctl.lost });
  }
}

/**
 * Read `length` bytes of flash at `offset` with the stub's READ_FLASH, checked against the
 * stub's MD5. Rejects with a FlashError (step "connecting", "detecting" or "reading").
 */
export function readFlash(options: ReadFlashOptions): Promise<ReadFlashResult> {
  return withDevice(options, "reading", async (loader, device) => {
    const length = options.length === "all" ? toEnd(options.offset, device) : options.length;
    checkRange(options.offset, length, device);
    const { data, md5 } = await loader.read(options.offset, length, (read) =>
      options.onProgress?.(read, length),
    );
    return { data, md5, device };
  });
}

/** What firmware the board holds, read from its flash (about 3.5 KB; nothing written), with the
 * device. The board restarts after. */
export function readFirmwareOnBoard(
  options: DeviceOperationOptions,
): Promise<{ device: DeviceInfo; firmware: FirmwareIdentity }> {
  return withDevice(options, "reading", async (loader, device) => ({
    device,
    firmware: await readFirmwareIdentity(
      async (offset, length) => (await loader.read(offset, length, () => undefined)).data,
      device.family,
    ),
  }));
}

/** Chip, revision, MAC, flash ID and size, USB kind and security state; the board restarts after. */
export function readDeviceInfo(options: DeviceOperationOptions): Promise<DeviceInfo> {
  return withDevice(options, "detecting", async (_loader, device) => device);
}

/** Erase the whole flash (needs the stub). Refused on a secured chip unless forced. */
export function eraseFlash(
  options: EraseFlashOptions,
): Promise<{ device: DeviceInfo; elapsedMs: number }> {
  return withDevice(options, "erasing", async (loader, device) => {
    checkSecuredErase(device.security, options.forceSecuredErase === true);
    const started = Date.now();
    if (!(await loader.eraseAll())) {
      throw new FlashError(
        "erase-needs-stub",
        "Erasing the whole flash needs the flasher stub, and it did not start on this chip.",
        "Press RESET on the board (or unplug it and plug it back in), then retry.",
        "erasing",
      );
    }
    return { device, elapsedMs: Date.now() - started };
  });
}

/** The bytes from `offset` to the end of the flash; refused when the flash ID gives no size. */
function toEnd(offset: number, device: DeviceInfo): number {
  const size = device.flashSize ? flashSizeBytes(device.flashSize) : undefined;
  if (size !== undefined && offset < size) return size - offset;
  throw new FlashError(
    "read-out-of-range",
    size === undefined
      ? `The flash ID ${hex(device.flashId)} is not in esptool's tables, so "all" has no known end.`
      : `${hex(offset)} is at or past the end of the ${device.flashSize} flash: there is nothing to read.`,
    size === undefined
      ? "Give the length to read, e.g. 0x400000 for 4 MB."
      : `Read within the flash (0 to ${hex(size)}).`,
    "reading",
  );
}

function checkRange(offset: number, length: number, device: DeviceInfo) {
  const bad = !Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length <= 0;
  const size = device.flashSize ? flashSizeBytes(device.flashSize) : undefined;
  if (!bad && (size === undefined || offset + length <= size)) return;
  throw new FlashError(
    "read-out-of-range",
    bad
      ? `Cannot read ${length} bytes at ${offset}: offset and length must be whole numbers, the length above 0.`
      : `Reading ${formatBytes(length)} at ${hex(offset)} goes past the end of the ${device.flashSize} flash.`,
    `Read within the flash (0 to ${size !== undefined ? hex(size) : "its size"}).`,
    "reading",
  );
}
