// The one JSON document `esp-flash --json` prints, for every command, success or failure.
// Documented in the README ("--json"); exported from the package so scripts can type it.
import type {
  ChipHardware,
  ChipSecurity,
  FirmwareIdentity,
  FlashResult,
  FlashStep,
  Restart,
  UsbKind,
} from "@esp-flash/core";

export type CliCommand = "flash" | "info" | "read" | "erase" | "monitor" | "manifest" | "ports";

/** What went wrong: a stable code, a message and advice a person can act on. */
export interface CliErrorDetail {
  code: string;
  message: string;
  advice?: string;
  /** The step a board was at (flash). */
  step?: FlashStep;
}

/** Every document has these. `ok` is true only when everything asked was done. */
export interface CliOutcome {
  ok: boolean;
  /** The process's exit code (see the README's table). */
  exitCode: number;
  /** The command that ran; null when the command line named none it knows. */
  command: CliCommand | null;
  /** Present exactly when `ok` is false. */
  error?: CliErrorDetail;
  /** For commands that touch a board, when they stopped early: what the flash now holds. */
  flashState?: string;
  /** Things worth telling that are not failures (e.g. "press RESET", a sector-alignment warning). */
  warnings?: string[];
}

/** One board of `flash`. */
export interface BoardOutcome {
  port: string;
  ok: boolean;
  outcome?: FlashResult["outcome"];
  chip?: string;
  mac?: string;
  flashSize?: string;
  patches: string[];
  bytesWritten: number;
  /** The rate the chip answered at. */
  baudRate?: number;
  elapsedMs: number;
  /** How the final reset went; "press-reset": the board is still in the loader. */
  restart?: Restart;
  note?: string;
  error?: CliErrorDetail;
  /** What the flash holds after a failure or Ctrl-C. */
  flashState?: string;
  exitCode: number;
}

/** `flash` on one board: that board's outcome at the top level. */
export type FlashCommandResult = CliOutcome & Omit<BoardOutcome, "ok" | "exitCode" | "error">;

/** `flash` on several boards (factory mode). `ok`: every board flashed and verified. */
export interface FactoryResult extends CliOutcome {
  boards: BoardOutcome[];
  /** Boards flashed (or found unchanged) and verified. */
  succeeded: number;
  failed: number;
}

export interface InfoResult extends CliOutcome {
  port: string;
  family: string;
  chipName: string;
  revision?: string;
  features?: string[];
  mac: string;
  /** RDID as esptool reads it: manufacturer | device << 8. */
  flashId: number;
  flashManufacturer: string;
  flashDevice: string;
  flashSize?: string;
  usb: UsbKind;
  /** The crystal as esptool names it; absent when it could not be read (or over the chip's own USB). */
  crystalMHz?: number;
  /** "fixed": the chip takes one crystal; "uart-divider": estimated from the UART clock divider. */
  crystalSource?: "fixed" | "uart-divider";
  crystalEstimateMHz?: number;
  /** ESP32, -S2, -S3: the flash supply and what set it. */
  flashVoltage?: ChipHardware["flashVoltage"];
  /** ESP32-S2, -S3: what the flash-type eFuse says. */
  flashType?: "quad" | "octal";
  /** ESP8266: esptool chip-id's figure (the SDK's system_get_chip_id()). */
  chipId?: number;
  /** What firmware the flash holds (absent when the flasher stub did not start). */
  firmware?: FirmwareIdentity;
  security?: ChipSecurity;
  restart?: Restart;
}

export interface ReadResult extends CliOutcome {
  port: string;
  offset: number;
  length: number;
  file: string;
  md5: string;
  chip: string;
  elapsedMs: number;
  restart?: Restart;
}

export interface EraseResult extends CliOutcome {
  port: string;
  erased: true;
  chip: string;
  flashSize?: string;
  elapsedMs: number;
  restart?: Restart;
}

export interface ManifestResult extends CliOutcome {
  file: string;
  manifest: unknown;
  /** Parts from outside the manifest's folder, copied in beside it under these names. */
  copied: string[];
}

export interface PortsResult extends CliOutcome {
  ports: {
    path: string;
    vendorId?: number;
    productId?: number;
    usbId?: string;
    manufacturer?: string;
    serialNumber?: string;
  }[];
}

/** Any document `--json` prints. */
export type CliResult =
  | FlashCommandResult
  | FactoryResult
  | InfoResult
  | ReadResult
  | EraseResult
  | ManifestResult
  | PortsResult
  | (CliOutcome & { ok: false; error: CliErrorDetail });
