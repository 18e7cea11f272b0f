import type { FlashBound } from "./geometry.js";
import type { FirmwareIdentity, FirmwareRelation } from "../firmware/identity.js";
import type { ChipFamily, ChipSecurity, Manifest, ManifestBuild, PatchResult } from "./deps.js";
import type { Preparer, PrefixDigest } from "./prepare-image.js";
import type { ChipHardware } from "../loader/hardware.js";

export type { PatchResult };

export type FlashStep =
  | "connecting"
  | "detecting"
  | "choosing-build"
  | "downloading"
  | "preparing"
  | "confirming"
  | "reading"
  | "erasing"
  | "writing"
  | "verifying"
  | "resetting"
  | "done"
  | "error"
  | "aborted";

export interface SerialSignalsLike {
  dataTerminalReady?: boolean;
  requestToSend?: boolean;
  break?: boolean;
}

/** The part of Web Serial's `SerialPort` that flashing needs (a `VirtualSerialPort` has it too). */
export interface SerialPortLike {
  open(options: { baudRate: number; bufferSize?: number }): Promise<void>;
  close(): Promise<void>;
  readonly readable: ReadableStream<Uint8Array> | null;
  readonly writable: WritableStream<Uint8Array> | null;
  setSignals(signals: SerialSignalsLike): Promise<void>;
  getInfo(): { usbVendorId?: number; usbProductId?: number };
  setBaudRate?(baudRate: number): Promise<void>;
}

/** How the host reaches the loader: a USB-UART bridge, or the chip's own USB-Serial/JTAG or USB-OTG (S2, S3, P4). */
export type UsbKind = "uart-bridge" | "usb-jtag-serial" | "usb-otg";

export interface DeviceInfo extends ChipHardware {
  family: ChipFamily;
  /** esptool-js's description, e.g. "ESP32-D0WD-V3 (revision v3.1)". */
  chipName: string;
  /** "v3.1" where the eFuses tell major and minor, else esptool-js's number. */
  revision?: string;
  mac: string;
  flashId: number;
  /** `undefined` when the flash ID is not in esptool's tables. */
  flashSize?: string;
  usb: UsbKind;
  features?: string[];
  /** True when the flasher stub runs; false when talking to the ROM loader. */
  stub: boolean;
  /** Secure boot / flash encryption state read at identify (guards decide patching and writes on it). */
  security?: ChipSecurity;
  /** Chip revision as major × 100 + minor, checked against images' revision ranges; absent when unreadable. */
  revisionFull?: number;
}

export interface PreparedPart {
  name: string;
  offset: number;
  /** Bytes to write: padded to 4 bytes and patched. */
  size: number;
  data: Uint8Array;
  /** MD5 of `data`, lowercase hex. */
  md5: string;
  /** The first non-blank 4 KB and its MD5: the skip-check compares it first (absent: only the whole part). */
  prefix?: PrefixDigest;
  patch: PatchResult;
  /** The flash already holds exactly these bytes: not written again (unless `force`). */
  skip: boolean;
}

export interface FlashPlan {
  device: DeviceInfo;
  build: ManifestBuild;
  parts: PreparedPart[];
  /** Set when the flash size is unknown and headers keep their size. */
  flashSizeNote?: string;
  /**
   * The flash size parts are held to, and where it comes from: the chip's flash ID (`chip`),
   * else the build's `flashSize`, else the bootloader's image header. A backup without a range
   * reads 0x0 up to it, which is the whole flash only when it comes from the chip.
   */
  flashBound?: FlashBound;
  /** Set when the chip's security features keep headers as built (and guard the bootloader region). */
  securityNote?: string;
  erase: boolean;
  /** What firmware the board held before this install, read from its flash (undefined when it
   * could not be read). */
  onBoard?: FirmwareIdentity;
  /** What the firmware to be written says about itself. */
  incoming?: FirmwareIdentity;
  /** How the two relate: `same-project` is an update, `other-project` a new install. */
  relation?: FirmwareRelation;
  /** Bytes that will be written (skipped parts excluded). */
  totalBytes: number;
}

export type ConfirmAnswer = boolean | { erase?: boolean };

export interface FlashOptions {
  port: SerialPortLike;
  manifest?: Manifest;
  builds?: ManifestBuild[];
  chooseBuild?: (
    candidates: ManifestBuild[],
    device: DeviceInfo,
  ) => ManifestBuild | Promise<ManifestBuild>;
  /** Called before anything is written; `false` cancels (nothing written). */
  confirm?: (plan: FlashPlan) => ConfirmAnswer | Promise<ConfirmAnswer>;
  erase?: boolean;
  /** Write every part even when the flash already matches. */
  force?: boolean;
  /**
   * Write below 0x8000, or erase the whole flash, even when the chip has secure boot or flash
   * encryption on (esptool's --force for those checks).
   */
  forceSecuredBootloaderWrite?: boolean;
  /**
   * Highest baud rate to try. Default: what the port's USB-UART bridge generates (3 Mbaud on
   * CP210x and FTDI, 2 Mbaud on CH340; 921600 for ids we do not know). Anything above 921600
   * is tried only after this session's reset was seen to work, and at most once.
   */
  baudRate?: number;
  /** Read the flash after `confirm` and before anything is written, and hand the bytes to `save`. */
  backup?: FlashBackupOptions;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  terminal?: { write(text: string): void };
  /**
   * Patch, MD5 and deflate each part elsewhere (in browsers: @esp-flash/elements' Web Worker),
   * so the page stays responsive. Default: on this thread, deflating as each part is written.
   */
  preparer?: Preparer;
}

export interface FlashBackupOptions {
  /** Default 0. */
  offset?: number;
  /** Default: to the end of the flash (the detected size; else the build's or the image header's). */
  length?: number;
  /** Store the bytes (e.g. offer a download). Throwing ends the session with nothing written. */
  save(backup: FlashBackup): void | Promise<void>;
}

export interface FlashBackup {
  data: Uint8Array;
  /** MD5 of `data`, lowercase hex; the stub's own MD5 of what it read matched it. */
  md5: string;
  offset: number;
  device: DeviceInfo;
  /**
   * True only when `data` is the whole flash: from 0x0 to the size the chip's flash ID gives.
   * False for a range asked for, and when the chip's size is unknown (then the read stops at
   * the size a build or image header states, and the chip may hold more): name and describe
   * the file by its range then (`offset`, `data.length`).
   */
  whole: boolean;
}

export interface PartResult {
  name: string;
  offset: number;
  size: number;
  md5: string;
  written: boolean;
  verified: boolean;
}

/** What the flash holds after a session that changed it stopped (FlashError's `flash`). */
export interface FlashStateReport {
  /** "changed": possibly incomplete; "verified": every part was written and verified. */
  condition: "changed" | "verified";
  /** The whole flash was erased first. */
  erasedAll: boolean;
  /** The part being written when the session stopped: the board will not start it. */
  incomplete?: { name: string; offset: number };
  /** Parts written completely. */
  written: { name: string; offset: number }[];
  /**
   * A command that changes the flash was sent but the chip never acknowledged it: the start of
   * this part's write (or the whole-flash erase) may have happened, in part, or not at all.
   */
  unconfirmed?: { name: string; offset: number } | "erase-all";
  /** Parts written completely that a wrapping flash then overwrote (see `flash-wraps`). */
  overwritten?: { name: string; offset: number }[];
}

export type Restart = "restarted" | "left-usb" | "press-reset";

export interface FlashResult {
  /** "unchanged": every part already matched; "cancelled": `confirm` said no, nothing written. */
  outcome: "flashed" | "unchanged" | "cancelled";
  device: DeviceInfo;
  build: ManifestBuild;
  parts: PartResult[];
  bytesWritten: number;
  baudRate: number;
  elapsedMs: number;
  /**
   * How the final reset went: "restarted" (boot output came, or the loader stopped answering);
   * "left-usb", the board dropped off USB as it restarted (normal for USB-JTAG-serial and USB-OTG
   * chips); "press-reset", the port did not carry out the reset (it timed out, or the loader still
   * answered after it: socket://, a pty, a board without the auto-reset circuit), so the firmware
   * starts when the board's RESET button is pressed. Absent when cancelled.
   */
  restart?: Restart;
  /** Something worth telling that is not a failure, e.g. the board left USB as it restarted. */
  note?: string;
}
