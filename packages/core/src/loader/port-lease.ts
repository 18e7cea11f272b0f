import { ESPError, Transport } from "esptool-js";
import type { SerialPortLike, SerialSignalsLike } from "../session/types.js";
import { SlipFrameDecoder, SlipStreamError } from "./slip-reader.js";

/**
 * A revocable view of the caller's port. esptool-js keeps going in the background after we
 * give up on an operation (its timeouts are long); once revoked, that leftover work can no
 * longer reach the port, so a retry on the same port is not disturbed.
 */
export class PortLease implements SerialPortLike {
  #revoked = false;
  #opened = false;
  constructor(private readonly port: SerialPortLike) {}

  get readable(): ReadableStream<Uint8Array> | null {
    return this.#revoked ? null : this.port.readable;
  }
  get writable(): WritableStream<Uint8Array> | null {
    return this.#revoked ? null : this.port.writable;
  }
  get revoked() {
    return this.#revoked;
  }
  /** This lease opened the port (and has not closed it): it is ours to close. */
  get opened() {
    return this.#opened;
  }
  getInfo() {
    return this.port.getInfo();
  }
  async open(options: { baudRate: number; bufferSize?: number }) {
    if (this.#revoked) throw new Error("This flashing session has ended.");
    await this.port.open(options);
    this.#opened = true;
  }
  async close() {
    if (this.#revoked) return;
    await this.port.close();
    this.#opened = false;
  }
  async setSignals(signals: SerialSignalsLike) {
    if (!this.#revoked) await this.port.setSignals(signals);
  }
  revoke() {
    this.#revoked = true;
  }
}

/** Adds in-place baud changes only when the real port has them (esptool-js tests for the method). */
export function leasePort(port: SerialPortLike): PortLease {
  const lease = new PortLease(port);
  if (typeof port.setBaudRate === "function") {
    Object.defineProperty(lease, "setBaudRate", {
      value: async (baud: number) => {
        if (!lease.revoked) await port.setBaudRate?.(baud);
      },
    });
  }
  return lease;
}

/** esptool-js's Transport, telling us when its read loop ends without our asking (device lost). */
export class WatchedTransport extends Transport {
  #closing = false;
  #onLost: (() => void) | undefined;

  constructor(port: PortLease) {
    super(port as never, false);
  }

  /** One pass and one allocation per frame; esptool-js 0.7.0 pushes every byte into a JS array. */
  override slipWriter(data: Uint8Array): Uint8Array {
    return slipEncode(data);
  }

  /**
   * esptool-js's read(), frame for frame and error for error, without its per-byte copies
   * (slip-reader.ts). The bytes after the frame go back to the front of the buffer, as there.
   */
  override async read(timeout: number): Promise<Uint8Array> {
    const self = this as unknown as TransportInternals;
    const decoder = new SlipFrameDecoder();
    for (;;) {
      const bytes = await this.#takeBuffered(timeout);
      if (bytes.length === 0) {
        throw new ESPError(
          decoder.started
            ? "No serial data received."
            : "Serial data stream stopped: Possible serial noise or corruption.",
        );
      }
      try {
        const done = decoder.feed(bytes);
        if (!done) continue;
        if (done.rest.length > 0) self.buffer = this.appendArray(done.rest, self.buffer);
        return done.frame;
      } catch (error) {
        if (!(error instanceof SlipStreamError)) throw error;
        // esptool-js names a panic it finds in the bytes (e.g. a Guru Meditation) instead.
        self.detectPanicHandler(this.appendArray(error.bytes, self.buffer));
        throw new ESPError(error.message);
      }
    }
  }

  /** Everything buffered, once something is (polled every ms, as esptool-js does); else empty. */
  async #takeBuffered(timeout: number): Promise<Uint8Array> {
    const self = this as unknown as TransportInternals;
    const start = Date.now();
    while (Date.now() - start < timeout) {
      if (self.buffer.length > 0) {
        const bytes = self.buffer;
        self.buffer = new Uint8Array(0);
        return bytes;
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    return new Uint8Array(0);
  }

  /** esptool-js logs some trace lines to the console even with tracing off. */
  override trace(message: string) {
    if (this.tracing) super.trace(message);
  }

  /** What esptool-js found waiting right after its last reset pulse (it peeks for the ROM's boot log there). */
  bootOutput: Uint8Array = new Uint8Array(0);

  override peek(): Uint8Array {
    const bytes = super.peek();
    this.bootOutput = bytes.slice();
    return bytes;
  }

  whenLost(listener: () => void) {
    this.#onLost = listener;
  }

  override async connect(...args: Parameters<Transport["connect"]>) {
    this.#closing = false;
    await super.connect(...args);
  }

  override async disconnect() {
    this.#closing = true;
    await super.disconnect();
  }

  override async readLoop() {
    await super.readLoop();
    if (!this.#closing) this.#onLost?.();
  }
}

/** esptool-js Transport members that are private in its types but part of read()'s contract. */
interface TransportInternals {
  buffer: Uint8Array;
  detectPanicHandler(bytes: Uint8Array): void;
}

/** A SLIP frame: C0, the data with C0 → DB DC and DB → DB DD, C0. */
export function slipEncode(data: Uint8Array): Uint8Array {
  let escapes = 0;
  for (let i = 0; i < data.length; i++) if (data[i] === 0xc0 || data[i] === 0xdb) escapes++;
  const out = new Uint8Array(data.length + escapes + 2);
  out[0] = 0xc0;
  if (escapes === 0) {
    out.set(data, 1);
  } else {
    let o = 1;
    for (let i = 0; i < data.length; i++) {
      const b = data[i]!;
      if (b === 0xc0) {
        out[o++] = 0xdb;
        out[o++] = 0xdc;
      } else if (b === 0xdb) {
        out[o++] = 0xdb;
        out[o++] = 0xdd;
      } else out[o++] = b;
    }
  }
  out[out.length - 1] = 0xc0;
  return out;
}
