import type { VirtualApp } from "../apps/app.js";
import type { ChipFamily } from "../chips.js";

/** How the host reaches the loader: a USB-UART bridge, or the chip's own USB (S2/S3/P4 OTG, USB-Serial/JTAG). */
export type UsbKind = "uart-bridge" | "usb-jtag-serial" | "usb-otg";
/** The USB-UART bridge chip on a `uart-bridge` board (CP2102 and CP2102N share their USB ids). */
export type UsbBridge = "cp210x" | "cp2102" | "cp2102n" | "ch340" | "ch9102" | "ftdi";

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
  /**
   * Each byte both ways flipped with probability `rate`; with `afterBytes`, only from that wire
   * byte on (garbling that starts mid-write); with `aboveBaud`, only bytes sent faster than that
   * (a link that is marginal at high rates).
   */
  | { kind: "corrupt"; rate: number; afterBytes?: number; aboveBaud?: number }
  | { kind: "drop"; rate: number }
  | ({ kind: "disconnect" } & FaultTrigger)
  | ({ kind: "reset" } & FaultTrigger)
  | { kind: "stall"; afterBytes?: number; forMs: number }
  | { kind: "refuse-baud" }
  | { kind: "flash-write-error"; atAddress: number }
  | { kind: "stub-fail" }
  /** The ROM's auto-baud misjudges a sync sent faster than `aboveBaud` (default 115200) with this probability (ESP8266). */
  | { kind: "autobaud-fail"; probability: number; aboveBaud?: number }
  /**
   * A chip on its own USB drops off the bus when a reset boots the app (and, with
   * `intoDownload`, on resets into the ROM loader too, as USB-OTG does); it re-enumerates
   * after `downMs` (default 800).
   */
  | { kind: "usb-drop-on-reset"; downMs?: number; intoDownload?: boolean }
  /** A chip on its own USB drops off the bus when the flasher stub starts (a stub that re-initialises USB); back after `downMs` (default 800), in the ROM loader. */
  | { kind: "usb-drop-on-stub"; downMs?: number };

export type DeviceState = "download" | "stub" | "running" | "halted" | "disconnected";

export interface VirtualEspOptions {
  chip: ChipFamily;
  /** "4MB" …; default per family (4MB, 8MB on S3, 16MB on P4). */
  flashSize?: string;
  /** RDID u32 (mfg | type << 8 | capacity << 16); default a Winbond part matching flashSize. */
  flashId?: number;
  /** "aa:bb:cc:dd:ee:ff" */
  mac?: string;
  /** major * 100 + minor, as esptool prints it (v3.1 = 301); the ESP8266 ignores it. */
  revision?: number;
  /** GET_SECURITY_INFO flags word (e.g. bit 2 secure download mode); `security` adds its own bits. */
  securityFlags?: number;
  /** Secure boot and flash encryption, as burned into eFuses. */
  security?: VirtualSecurity;
  usb?: UsbKind;
  /** With `usb: "uart-bridge"`: which bridge (USB ids and latency). Default "cp210x". */
  usbBridge?: UsbBridge;
  /** Per-transfer USB latency in ms; default from the bridge (cp210x 1, ch340 2, ftdi 16, usb-jtag-serial 0.5). */
  usbLatencyMs?: number;
  /** The bridge cannot run above this baud: bytes both ways garble at higher rates. Default: the bridge model's (CP2102 921600, CP2102N 3 Mbaud …). */
  bridgeMaxBaud?: number;
  /** usb-otg: how long the chip is off USB when a reset makes it re-enumerate (default 800 ms; an assumption, not a measurement). */
  usbReenumerateMs?: number;
  /**
   * usb-otg: GPIO0 stays low (BOOT held, or the strap grounded as esptool's test suite asks), so
   * a system reset (RTC watchdog) lands in the ROM loader again. Default false: the board came
   * up with BOOT held and the button was released.
   */
  bootHeld?: boolean;
  timing?: "instant" | "realtime";
  flashContents?: Uint8Array;
  faults?: FaultSpec[];
  seed?: number;
  /**
   * ESP32, -S2, -S3: the flash supply (VDD_SDIO) and what sets it — the strapping pin (GPIO12 /
   * GPIO45, the default, at 3.3V) or burnt VDD_SPI eFuses (FORCE, XPD, and TIEH for 3.3V).
   */
  flashVoltage?: { volts: "3.3V" | "1.8V"; setBy?: "strapping-pin" | "efuse" };
  /** ESP32-S2, -S3: the flash-type eFuse says the flash is octal. */
  octalFlash?: boolean;
  /** Application firmware started after each flash boot (e.g. `improvFirmware()`); default an echo console. */
  app?: VirtualApp;
}

export interface VirtualSecurity {
  /**
   * "v1" (ESP32 only, eFuse ABS_DONE_0): the ROM checks the bootloader digest at 0x0 with
   * `secureBootKey`. "v2" (ESP32 from v3.0: ABS_DONE_1; others: SECURE_BOOT_EN): the ROM checks the
   * signature block after the bootloader (its digest and CRC; the signature itself is not modelled).
   */
  secureBoot?: "v1" | "v2";
  /** The 32-byte secure boot v1 key (eFuse BLOCK2), as espsecure's key file holds it. */
  secureBootKey?: Uint8Array;
  /** FLASH_CRYPT_CNT (ESP32, 7 bits) or SPI_BOOT_CRYPT_CNT (3 bits): an odd bit count = encryption on. */
  flashCryptCnt?: number;
  /**
   * DIS_DOWNLOAD_MANUAL_ENCRYPT burnt (flash encryption's release mode): the ROM writes what it
   * is sent as plaintext. Read by esptool's write-flash guard with READ_REG.
   */
  downloadEncryptDisabled?: boolean;
  /** Key block purposes GET_SECURITY_INFO reports (up to 7). */
  keyPurposes?: number[];
}

export interface BootVerdict {
  ok: boolean;
  problems: string[];
  headerFlashSize?: string;
  chipFlashSize: string;
}
