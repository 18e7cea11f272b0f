import type { VirtualApp } from "../apps/app.js";
import type { ChipFamily } from "../chips.js";

export type UsbKind = "uart-bridge" | "usb-jtag-serial";

export interface SerialSignals {
  dataTerminalReady?: boolean;
  requestToSend?: boolean;
  break?: boolean;
}

/** A trigger point: after this many bytes on the wire, at a flash address, or after virtual ms. */
export interface FaultTrigger {
  afterBytes?: number;
  atAddress?: number;
  afterMs?: number;
}

export type FaultSpec =
  | { kind: "corrupt"; rate: number }
  | { kind: "drop"; rate: number }
  | ({ kind: "disconnect" } & FaultTrigger)
  | ({ kind: "reset" } & FaultTrigger)
  | { kind: "stall"; afterBytes?: number; forMs: number }
  | { kind: "refuse-baud" }
  | { kind: "flash-write-error"; atAddress: number }
  | { kind: "stub-fail" };

export type DeviceState = "download" | "stub" | "running" | "halted" | "disconnected";

export interface VirtualEspOptions {
  chip: ChipFamily;
  /** "4MB" …; default per family (4MB, 8MB on S3, 16MB on P4). */
  flashSize?: string;
  /** RDID u32 (mfg | type << 8 | capacity << 16); default a Winbond part matching flashSize. */
  flashId?: number;
  /** "aa:bb:cc:dd:ee:ff" */
  mac?: string;
  /** major * 100 + minor, as esptool prints it (v3.1 = 301); ESP8266, ESP32-C2 and -C6 ignore it. */
  revision?: number;
  securityFlags?: number;
  usb?: UsbKind;
  timing?: "instant" | "realtime";
  flashContents?: Uint8Array;
  faults?: FaultSpec[];
  seed?: number;
  /** Application firmware started after each flash boot (e.g. `improvFirmware()`); default an echo console. */
  app?: VirtualApp;
}

export interface BootVerdict {
  ok: boolean;
  problems: string[];
  headerFlashSize?: string;
  chipFlashSize: string;
}
