import type { SerialSignals, UsbKind } from "./types.js";

export type BootMode = "download" | "flash";

/**
 * DTR/RTS → EN/GPIO0. Classic boards use two cross-wired transistors: EN is pulled low
 * while RTS is asserted and DTR is not; GPIO0 is pulled low while DTR is asserted and RTS
 * is not; GPIO0 is sampled as EN rises. The USB-JTAG-serial peripheral behaves the same
 * on the lines but latches "GPIO0 low" until the next reset, so its sequence (DTR first,
 * then RTS) still lands in download mode.
 */
export class ResetCircuit {
  private dtr = false;
  private rts = false;
  private latchedDownload = false;

  constructor(private readonly usb: UsbKind) {}

  /** Apply new line states; returns the boot mode if this change released the chip from reset. */
  apply(signals: SerialSignals): { held: boolean; released?: BootMode } {
    const wasHeld = this.enLow();
    if (signals.dataTerminalReady !== undefined) this.dtr = signals.dataTerminalReady;
    if (signals.requestToSend !== undefined) this.rts = signals.requestToSend;
    if (this.usb === "usb-jtag-serial" && this.gpio0Low()) this.latchedDownload = true;
    const held = this.enLow();
    if (wasHeld && !held) {
      const download =
        this.usb === "usb-jtag-serial" ? this.latchedDownload || this.gpio0Low() : this.gpio0Low();
      this.latchedDownload = false;
      return { held, released: download ? "download" : "flash" };
    }
    return { held };
  }

  /** The boot mode the straps select right now (a reset from inside the chip, e.g. its watchdog). */
  strapped(): BootMode {
    return this.gpio0Low() ? "download" : "flash";
  }

  private enLow(): boolean {
    return this.rts && !this.dtr;
  }

  private gpio0Low(): boolean {
    return this.dtr && !this.rts;
  }
}
