import { EspFlashError } from "@esp-flash/core";

/**
 * Another tab or app has claimed the board's interface (WebUSB gives each interface one
 * owner; Chrome then says "Unable to claim interface."): the port is busy, not broken.
 */
export class UsbPortBusyError extends EspFlashError {
  override name = "UsbPortBusyError";
  constructor(options?: { cause?: unknown }) {
    super(
      "port-busy",
      "The board is in use by another tab or app.",
      "Close the other tab or app using this board (a serial terminal or another flasher), then retry.",
      options,
    );
  }
}

/** The browser was refused the device (Android's "allow access" declined; Chrome's SecurityError). */
export class UsbAccessDeniedError extends EspFlashError {
  override name = "UsbAccessDeniedError";
  constructor(options?: { cause?: unknown }) {
    super(
      "usb-access-denied",
      "The browser was not allowed to open the board over USB.",
      "Unplug and replug the board, allow access when Android asks, then retry.",
      options,
    );
  }
}
