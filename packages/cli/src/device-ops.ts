// The CLI's one-shot board operations (`info`, `read`, `erase`), on core's loader layer: the
// same connect, stub, baud and identify as a flash, and the same typed errors.
import {
  eraseFlash as coreEraseFlash,
  readDeviceInfo,
  readFirmwareOnBoard,
  type FirmwareIdentity,
  readFlash as coreReadFlash,
  type DeviceInfo,
  type Restart,
  type SerialPortLike,
} from "@esp-flash/core";

export interface DeviceOpOptions {
  port: SerialPortLike;
  baudRate?: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** How the reset into the firmware at the end went. */
  onRestart?: (restart: Restart) => void;
}

export type ChipReport = DeviceInfo;

function common({ port, baudRate, signal, log, onRestart }: DeviceOpOptions) {
  return {
    port,
    ...(onRestart ? { onRestart } : {}),
    ...(baudRate !== undefined ? { baudRate } : {}),
    ...(signal ? { signal } : {}),
    ...(log
      ? { terminal: { write: (text: string) => text.split("\n").filter(Boolean).forEach(log) } }
      : {}),
  };
}

/**
 * Chip, revision, MAC, flash ID and size, USB kind and security state, and what firmware the
 * flash holds (read through the stub; without it, the chip alone).
 */
export async function readChipInfo(
  options: DeviceOpOptions,
): Promise<{ device: ChipReport; firmware?: FirmwareIdentity }> {
  try {
    return await readFirmwareOnBoard(common(options));
  } catch (error) {
    if ((error as { code?: string }).code !== "read-needs-stub") throw error;
    return { device: await readDeviceInfo(common(options)) };
  }
}

/** Reads flash through the stub, checked against the chip's own MD5 of the region. */
export function readFlash(
  options: DeviceOpOptions & {
    offset: number;
    length: number | "all";
    onProgress?: (read: number, total: number) => void;
  },
): Promise<{ data: Uint8Array; md5: string; device: ChipReport }> {
  return coreReadFlash({
    ...common(options),
    offset: options.offset,
    length: options.length,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}

/** Erases the whole flash (stub command); refused on a chip with secure boot or flash encryption. */
export function eraseFlash(
  options: DeviceOpOptions,
): Promise<{ device: ChipReport; elapsedMs: number }> {
  return coreEraseFlash(common(options));
}
