import type { ChipFamily } from "../chips.js";
import type { SparseFlash } from "../flash/sparse-flash.js";

/** What application firmware can reach once the chip has booted into it. */
export interface AppIo {
  readonly chip: ChipFamily;
  readonly mac: string;
  readonly flash: SparseFlash;
  /** Bytes to the host, at the application's baud. */
  write(bytes: Uint8Array): void;
  /** One log line (CR LF added), as firmware prints to its console. */
  print(line: string): void;
}

/** A booted application: gets what the host sends; stopped at the next reset or unplug. */
export interface RunningApp {
  receive(bytes: Uint8Array): void;
  stop(): void;
}

/**
 * Application firmware for a `VirtualEsp`: started each time the chip boots a valid image
 * from flash. Without one, the chip runs a console that echoes lines.
 */
export type VirtualApp = (io: AppIo) => RunningApp;
