import type { VirtualSerialPort } from "@esp-flash/virtual-device";
import type { SerialPortLike, SerialSignalsLike } from "../../src/index.js";

/**
 * A USB-serial adapter that cannot run above `maxBaud`: above it, nothing the host sends
 * reaches the chip (as with a cheap adapter or a long cable at 921600).
 */
export class CappedAdapterPort implements SerialPortLike {
  #baud = 0;
  #writable: WritableStream<Uint8Array> | null = null;
  constructor(
    readonly inner: VirtualSerialPort,
    readonly maxBaud: number,
  ) {}

  get readable() {
    return this.inner.readable;
  }
  get writable() {
    const inner = this.inner.writable;
    if (!inner) return null;
    this.#writable ??= new WritableStream<Uint8Array>({
      write: async (chunk) => {
        if (this.#baud > this.maxBaud) return;
        const writer = this.inner.writable!.getWriter();
        try {
          await writer.write(chunk);
        } finally {
          writer.releaseLock();
        }
      },
    });
    return this.#writable;
  }
  async open(options: { baudRate: number; bufferSize?: number }) {
    this.#baud = options.baudRate;
    this.#writable = null;
    await this.inner.open(options);
  }
  async close() {
    this.#writable = null;
    await this.inner.close();
  }
  setSignals(signals: SerialSignalsLike) {
    return this.inner.setSignals(signals);
  }
  getInfo() {
    return this.inner.getInfo();
  }
  async setBaudRate(baudRate: number) {
    this.#baud = baudRate;
    await this.inner.setBaudRate(baudRate);
  }
}
