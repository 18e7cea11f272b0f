import { USB_FS_BULK_BYTES_PER_MS } from "./usb-link.js";

/**
 * Virtual time. Every byte on the wire costs 10 bits at the current baud — or, on the chip's
 * own USB, its share of a full-speed frame's bulk payload, whatever the baud; flash work
 * costs what a typical SPI NOR datasheet gives (Winbond W25Q32JV, typical values).
 * "instant" only counts; "realtime" also tells the device how long to hold output so
 * that it leaves no earlier than the virtual clock says.
 */
export const NOR_TIMING = {
  sectorEraseMs: 45,
  blockEraseMs: 150,
  chipEraseMsPerMB: 2500,
  pageProgramMs: 0.7,
  /** Flash read plus MD5 on the chip, ≈ 4 MB/s. */
  md5MsPerKB: 0.25,
  readMsPerKB: 0.05,
} as const;

export class VirtualClock {
  private virtualMs = 0;
  /** When flash work started in the background (the stub's write-behind) will be done. */
  private busyUntil = 0;
  private wallStart: number | undefined;

  constructor(
    readonly mode: "instant" | "realtime",
    /** The link is the chip's own USB: bytes cost USB full-speed time, not baud time. */
    private readonly nativeUsb = false,
  ) {}

  get elapsedMs(): number {
    return this.virtualMs;
  }

  wire(byteCount: number, baud: number): void {
    this.virtualMs += this.nativeUsb
      ? byteCount / USB_FS_BULK_BYTES_PER_MS
      : (byteCount * 10 * 1000) / baud;
  }

  spend(ms: number): void {
    this.virtualMs += ms;
  }

  /**
   * Runs `work` as the flasher stub does its flash writes: after the ack, while the next
   * block is still on the wire. Its cost lands on a background timeline, and `settle()`
   * makes the next command wait only for what the wire time did not cover.
   */
  background(work: () => void): void {
    const start = this.virtualMs;
    try {
      work();
    } finally {
      const cost = this.virtualMs - start;
      this.virtualMs = start;
      this.busyUntil = Math.max(this.busyUntil, start) + cost;
    }
  }

  /** The chip turns to the next command only when background flash work is done. */
  settle(): void {
    this.virtualMs = Math.max(this.virtualMs, this.busyUntil);
  }

  /** In realtime mode, idle time passes too: virtual time never lags the wall clock. */
  sync(): void {
    if (this.mode !== "realtime") return;
    const now = Date.now();
    this.wallStart ??= now - this.virtualMs;
    this.virtualMs = Math.max(this.virtualMs, now - this.wallStart);
  }

  /** Wall-clock ms until the virtual clock's "now" (0 in instant mode). */
  delayMs(): number {
    if (this.mode !== "realtime") return 0;
    this.wallStart ??= Date.now() - this.virtualMs;
    return Math.max(0, this.wallStart + this.virtualMs - Date.now());
  }
}
