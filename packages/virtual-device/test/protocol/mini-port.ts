import type { SerialSignals } from "../../src/device/types.js";
import type { VirtualEsp } from "../../src/device/virtual-esp.js";

/**
 * The smallest Web Serial SerialPort surface esptool-js's Transport needs, for the
 * protocol tests only (the product port lives in src/port). Bytes sent at a baud more
 * than 3 % off the host's arrive scrambled.
 */
export class MiniPort {
  readable: ReadableStream<Uint8Array> | null = null;
  writable: WritableStream<Uint8Array> | null = null;
  private baud = 115200;
  private controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  private unlisten: (() => void) | undefined;
  private unlistenLost: (() => void) | undefined;

  constructor(readonly device: VirtualEsp) {}

  getInfo(): { usbVendorId: number; usbProductId: number } {
    return { ...this.device.usb };
  }

  async open(options: { baudRate: number }): Promise<void> {
    this.baud = options.baudRate;
    this.readable = new ReadableStream<Uint8Array>({
      start: (c) => {
        this.controller = c;
      },
    });
    this.writable = new WritableStream<Uint8Array>({
      write: (chunk) => this.device.receive(chunk, this.baud),
    });
    this.unlisten = this.device.onTransmit((bytes, deviceBaud) => {
      const mismatch = Math.abs(deviceBaud / this.baud - 1) > 0.03;
      const out = mismatch ? bytes.map((b, i) => (b * 31 + i) & 0x7f) : bytes.slice();
      try {
        this.controller?.enqueue(out);
      } catch {
        // closed
      }
    });
    // Unplugged: reads fail the way Web Serial fails them.
    this.unlistenLost = this.device.onDisconnect(() => {
      this.controller?.error(new DOMException("The device has been lost.", "NetworkError"));
    });
  }

  async close(): Promise<void> {
    this.unlisten?.();
    this.unlistenLost?.();
    try {
      this.controller?.close();
    } catch {
      // already closed
    }
    this.readable = null;
    this.writable = null;
  }

  async setSignals(signals: SerialSignals): Promise<void> {
    this.device.setSignals(signals);
  }

  async setBaudRate(baud: number): Promise<void> {
    this.baud = baud;
  }
}
