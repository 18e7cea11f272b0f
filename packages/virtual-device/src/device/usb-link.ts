import type { UsbBridge, UsbKind } from "./types.js";

/**
 * What sits between the host and the chip's loader. Latency is per transfer: a reply burst
 * reaches the host this long after the chip starts sending it (the bridge's USB packet
 * timer; FTDI's "latency timer" defaults to 16 ms). Latencies are typical, not measured here.
 */
export interface UsbLink {
  usbVendorId: number;
  usbProductId: number;
  latencyMs: number;
  /** The highest rate the bridge's UART generates (its datasheet); above it bytes garble both ways. */
  maxBaud?: number;
  /** The chip's own USB (USB-Serial/JTAG, USB-OTG): no UART, so time is USB frames, not baud. */
  native?: boolean;
}

/**
 * USB-UART bridges. Maximum rates, from each maker's published figures:
 * - CP2102: Silicon Labs AN205 table 1 lists the rates it generates, the highest 921600.
 * - CP2102N: CP2102N data sheet, "baud rates from 300 baud to 3 Mbaud" (same 10C4:EA60 ids).
 * - CH340: WCH CH340 data sheet (v2C), "supports communication baud rate varies from 50bps
 *   to 2Mbps" (its list of common rates ends 921600, 1500000, 2000000).
 * - CH9102: WCH CH9102 data sheet, 50 bps to 4 Mbps (1A86:55D4; esptool special-cases this PID).
 * - FT232R: FTDI FT232R data sheet, "data transfer rates from 300 baud to 3 Mbaud".
 * `cp210x` is the generic CP210x of earlier versions: no limit modelled.
 */
export const USB_BRIDGES: Readonly<Record<UsbBridge, UsbLink>> = {
  cp210x: { usbVendorId: 0x10c4, usbProductId: 0xea60, latencyMs: 1 },
  cp2102: { usbVendorId: 0x10c4, usbProductId: 0xea60, latencyMs: 1, maxBaud: 921600 },
  cp2102n: { usbVendorId: 0x10c4, usbProductId: 0xea60, latencyMs: 1, maxBaud: 3_000_000 },
  /** WCH CH340: cheap boards; packets leave on a slightly longer timer. */
  ch340: { usbVendorId: 0x1a86, usbProductId: 0x7523, latencyMs: 2, maxBaud: 2_000_000 },
  ch9102: { usbVendorId: 0x1a86, usbProductId: 0x55d4, latencyMs: 2, maxBaud: 4_000_000 },
  /** FTDI FT232R: the 16 ms latency timer holds partial packets. */
  ftdi: { usbVendorId: 0x0403, usbProductId: 0x6001, latencyMs: 16, maxBaud: 3_000_000 },
};

/** The chip's own USB-Serial/JTAG: full-speed bulk IN polled every 1 ms frame, half a frame on average. */
const USB_JTAG_SERIAL: UsbLink = {
  usbVendorId: 0x303a,
  usbProductId: 0x1001,
  latencyMs: 0.5,
  native: true,
};

export function usbLink(
  kind: UsbKind,
  bridge: UsbBridge | undefined,
  latencyMs: number | undefined,
  otgProductId?: number,
): UsbLink {
  const base =
    kind === "usb-jtag-serial"
      ? USB_JTAG_SERIAL
      : kind === "usb-otg"
        ? { ...USB_JTAG_SERIAL, usbProductId: otgProductId ?? 0 }
        : USB_BRIDGES[bridge ?? "cp210x"];
  return { ...base, latencyMs: latencyMs ?? base.latencyMs };
}

/**
 * USB 2.0 full speed moves at most 19 bulk transactions of 64 bytes per 1 ms frame (USB 2.0
 * specification §5.8.4, table 5-9): 1216 bytes per millisecond is the ceiling of a native
 * USB link in either direction, whatever "baud rate" the host set.
 */
export const USB_FS_BULK_BYTES_PER_MS = 19 * 64;
