import type { SerialSignals } from "../device/types.js";

/**
 * An RFC 2217 client sets DTR and RTS one command at a time, each after the server's
 * acknowledgement (pyserial polls for it every 50 ms), so "DTR on, RTS off" passes through
 * "both on" — EN released with GPIO0 high — for a round trip. On a local port EN's RC delay
 * hides that step; here the release is held back for EN_RISE_MS and GPIO0 is sampled after
 * it, long enough to cover one acknowledgement and well inside esptool's 100 ms holds.
 */
const EN_RISE_MS = 100;

export class SettlingLines {
  private dtr = false;
  private rts = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly apply: (signals: SerialSignals) => void) {}

  change(signals: SerialSignals): void {
    const wasHeld = this.enLow();
    if (signals.dataTerminalReady !== undefined) this.dtr = signals.dataTerminalReady;
    if (signals.requestToSend !== undefined) this.rts = signals.requestToSend;
    if (signals.break !== undefined) this.apply({ break: signals.break });
    if (this.timer !== undefined) {
      // EN is still rising: nothing reaches the chip until it is up (or pulled low again).
      if (this.enLow()) this.cancel();
      return;
    }
    if (wasHeld && !this.enLow()) {
      this.timer = setTimeout(() => this.flush(), EN_RISE_MS);
      return;
    }
    this.apply(this.lines());
  }

  flush(): void {
    if (this.timer === undefined) return;
    this.cancel();
    this.apply(this.lines());
  }

  private cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private lines(): SerialSignals {
    return { dataTerminalReady: this.dtr, requestToSend: this.rts };
  }

  /** The classic auto-reset circuit (and USB-JTAG-serial) hold EN low while RTS is on and DTR off. */
  private enLow(): boolean {
    return this.rts && !this.dtr;
  }
}
