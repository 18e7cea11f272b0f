import type { SerialSignals } from "./types.js";

/**
 * USB-OTG has no auto-reset circuit: DTR and RTS are CDC line-state bits that software on the
 * chip reads. What each program does with them:
 *
 * - the ROM loader and esptool's flasher stub (its `stub_io.c`): when RTS falls (1 → 0) they
 *   reset the CPU with the USB device kept alive (`USBDC_PERSIST_ENA`, no re-enumeration) and
 *   `FORCE_DOWNLOAD_BOOT` cleared, so the strap the chip latched at its last system reset
 *   decides where it lands: the ROM loader again on a board that came up with BOOT held;
 * - an app with ESP-IDF's USB console (`usb_console.c`): when RTS falls it reboots, into the
 *   ROM loader with USB kept if DTR is high, else into the app again.
 */
export class OtgLineState {
  private dtr = false;
  private rts = false;

  /** Apply new line states; says whether RTS just fell, and DTR at that moment. */
  apply(signals: SerialSignals): { rtsFell: boolean; dtr: boolean } {
    const wasRts = this.rts;
    if (signals.dataTerminalReady !== undefined) this.dtr = signals.dataTerminalReady;
    if (signals.requestToSend !== undefined) this.rts = signals.requestToSend;
    return { rtsFell: wasRts && !this.rts, dtr: this.dtr };
  }

  /** A new USB session (enumeration) starts with both lines low. */
  clear(): void {
    this.dtr = false;
    this.rts = false;
  }
}
