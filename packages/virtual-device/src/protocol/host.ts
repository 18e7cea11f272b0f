import type { ChipModel } from "../chips.js";
import type { VirtualClock } from "../device/clock.js";
import type { FaultEngine } from "../device/faults.js";
import type { SparseFlash } from "../flash/sparse-flash.js";
import type { RegisterFile } from "./registers.js";

/** Op codes of the serial bootloader protocol. */
export const Op = {
  FLASH_BEGIN: 0x02,
  FLASH_DATA: 0x03,
  FLASH_END: 0x04,
  MEM_BEGIN: 0x05,
  MEM_END: 0x06,
  MEM_DATA: 0x07,
  SYNC: 0x08,
  WRITE_REG: 0x09,
  READ_REG: 0x0a,
  SPI_SET_PARAMS: 0x0b,
  SPI_ATTACH: 0x0d,
  READ_FLASH_SLOW: 0x0e,
  CHANGE_BAUDRATE: 0x0f,
  FLASH_DEFL_BEGIN: 0x10,
  FLASH_DEFL_DATA: 0x11,
  FLASH_DEFL_END: 0x12,
  SPI_FLASH_MD5: 0x13,
  GET_SECURITY_INFO: 0x14,
  ERASE_FLASH: 0xd0,
  ERASE_REGION: 0xd1,
  READ_FLASH: 0xd2,
  RUN_USER_CODE: 0xd3,
} as const;

/** ROM error codes, sent as the second status byte. */
export const RomError = {
  INVALID_MESSAGE: 0x05,
  FAILED: 0x06,
  BAD_CHECKSUM: 0x07,
  FLASH_WRITE: 0x08,
  FLASH_READ: 0x09,
  READ_LENGTH: 0x0a,
  DEFLATE: 0x0b,
  DEFLATE_ADLER: 0x0c,
  DEFLATE_PARAM: 0x0d,
} as const;

/** What the loader may do to the device around it. */
export interface LoaderHost {
  readonly model: ChipModel;
  readonly flash: SparseFlash;
  readonly clock: VirtualClock;
  readonly faults: FaultEngine;
  readonly registers: RegisterFile;
  readonly securityFlags: number;
  /** GET_SECURITY_INFO byte 4 and bytes 5..11. */
  readonly flashCryptCnt: number;
  readonly keyPurposes: readonly number[];
  /** USB-OTG: the largest data block the loader's USB buffer takes (esptool's USB_RAM_BLOCK). */
  readonly usbBlockLimit: number | undefined;
  /** Send one frame (unencoded payload). */
  send(payload: Uint8Array): void;
  /** A SYNC was answered: the ROM's auto-baud has locked onto the host's rate. */
  synced(): void;
  /** Switch the UART to a new baud (after the reply already went out at the old one). */
  setBaud(baud: number): void;
  /** The uploaded flasher stub has started: stub rules from now on. */
  stubStarted(): void;
  /** Uploaded RAM code that is not a flasher stub has started: the loader is gone. */
  ramCodeStarted(): void;
  /** Register writes may have armed the RTC watchdog. */
  checkWatchdog(): void;
  /** Leave the loader and boot from flash. */
  runUserCode(): void;
  /** Software reset: the latched strapping brings the ROM loader back. */
  softReboot(): void;
  /** A bug in the model (never the host's fault): recorded, answered as "failed". */
  reportInternal(error: unknown): void;
  /** A fault fired mid-operation. */
  interrupt(action: "disconnect" | "reset"): void;
}

/** Thrown inside the loader to answer with a ROM error; never leaves the device. */
export class LoaderError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = "LoaderError";
  }
}

/** Thrown when a fault interrupted a command: no reply at all. */
export class Interrupted extends Error {
  constructor() {
    super("interrupted");
    this.name = "Interrupted";
  }
}
