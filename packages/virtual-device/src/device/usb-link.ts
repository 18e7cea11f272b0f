import type { UsbBridge, UsbKind } from "./types.js";

/**
 * What sits between the host and the chip's UART. Latency is per transfer: a reply burst
 * reaches the host this long after the chip starts sending it (the bridge's USB packet
 * timer; FTDI's "latency timer" defaults to 16 ms). Figures are typical, not measured here.
 */
export interface UsbLink {
  usbVendorId: number;
  usbProductId: number;
  latencyMs: number;
}

export const USB_BRIDGES: Readonly<Record<UsbBridge, UsbLink>> = {
  /** Silicon Labs CP2102: the common dev-board bridge. */
  cp210x: { usbVendorId: 0x10c4, usbProductId: 0xea60, latencyMs: 1 },
  /** WCH CH340: cheap boards; packets leave on a slightly longer timer. */
  ch340: { usbVendorId: 0x1a86, usbProductId: 0x7523, latencyMs: 2 },
  /** FTDI FT232R: the 16 ms latency timer holds partial packets. */
  ftdi: { usbVendorId: 0x0403, usbProductId: 0x6001, latencyMs: 16 },
};

/** The chip's own USB-Serial/JTAG: full-speed bulk IN polled every 1 ms frame, half a frame on average. */
const USB_JTAG_SERIAL: UsbLink = { usbVendorId: 0x303a, usbProductId: 0x1001, latencyMs: 0.5 };

export function usbLink(
  kind: UsbKind,
  bridge: UsbBridge | undefined,
  latencyMs: number | undefined,
): UsbLink {
  const base = kind === "usb-jtag-serial" ? USB_JTAG_SERIAL : USB_BRIDGES[bridge ?? "cp210x"];
  return { ...base, latencyMs: latencyMs ?? base.latencyMs };
}
