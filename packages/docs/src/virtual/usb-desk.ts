// A virtual board offered the way Chrome on Android offers one: no Web Serial, the board on
// navigator.usb behind a USB-serial chip (CH340, CP2102, FT232R, USB-JTAG-serial, or a
// Prolific PL2303 the button cannot drive).
import { installVirtualUsb, type UsbBridgeKind, type VirtualEsp } from "@esp-flash/virtual-device";
import { simulateBrowser } from "./simulate-browser.js";

export const USB_BRIDGE_TITLES: Record<UsbBridgeKind, string> = {
  ch340: "WCH CH340",
  cp2102: "Silicon Labs CP2102",
  "usb-jtag-serial": "ESP32-S3 USB-JTAG-serial",
  ft232r: "FTDI FT232R",
  pl2303: "Prolific PL2303 (not supported)",
};

/** Takes Web Serial away and offers `device` over WebUSB; returns the undo. */
export function offerOverUsb(device: VirtualEsp, bridge: UsbBridgeKind): { uninstall(): void } {
  const restore = simulateBrowser("no-web-serial");
  const usb = installVirtualUsb([{ device, bridge }], { keepReal: true });
  return {
    uninstall() {
      usb.uninstall();
      restore();
    },
  };
}
