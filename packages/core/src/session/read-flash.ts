import { Control, Loader } from "../loader/index.js";
import { flashSizeBytes } from "./deps.js";
import { formatBytes, hex } from "./describe.js";
import { aborted, FlashError, toFlashError } from "./errors.js";
import { identifyDevice } from "./identify.js";
import type { DeviceInfo, SerialPortLike } from "./types.js";

export interface ReadFlashOptions {
  port: SerialPortLike;
  offset: number;
  length: number;
  /** Highest baud rate to try (default 921600). */
  baudRate?: number;
  signal?: AbortSignal;
  onProgress?: (read: number, total: number) => void;
  terminal?: { write(text: string): void };
}

export interface ReadFlashResult {
  data: Uint8Array;
  /** MD5 of `data`, lowercase hex; equal to the stub's MD5 of the flash it read. */
  md5: string;
  device: DeviceInfo;
}

/**
 * Read `length` bytes of flash at `offset`: connect, start the stub, the top baud rate the
 * link holds, READ_FLASH checked against the stub's MD5, then reset the board into its
 * firmware. Rejects with a FlashError (step "connecting", "detecting" or "reading").
 */
export async function readFlash(options: ReadFlashOptions): Promise<ReadFlashResult> {
  const ctl = new Control(options.signal);
  const log = (line: string) => options.terminal?.write(`${line}\n`);
  let loader: Loader | undefined;
  let step: "connecting" | "detecting" | "reading" = "connecting";
  try {
    ctl.throwIfAborted();
    loader = await Loader.open(options.port, ctl, log, options.baudRate);
    step = "detecting";
    const device = await identifyDevice(loader, options.baudRate);
    step = "reading";
    checkRange(options.offset, options.length, device);
    const { data, md5 } = await loader.read(options.offset, options.length, (read) =>
      options.onProgress?.(read, options.length),
    );
    await loader.resetIntoFirmware().catch(() => undefined);
    await loader.release();
    return { data, md5, device };
  } catch (thrown) {
    await loader?.release();
    throw ctl.aborted ? aborted(step, thrown) : toFlashError(thrown, step, { lost: ctl.lost });
  }
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
