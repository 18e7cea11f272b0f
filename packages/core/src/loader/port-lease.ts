import { Transport } from "esptool-js";
import type { SerialPortLike, SerialSignalsLike } from "../session/types.js";

/**
 * A revocable view of the caller's port. esptool-js keeps going in the background after we
 * give up on an operation (its timeouts are long); once revoked, that leftover work can no
 * longer reach the port, so a retry on the same port is not disturbed.
 */
export class PortLease implements SerialPortLike {
  #revoked = false;
  #opened = false;
  constructor(private readonly port: SerialPortLike) {}

  get readable() {
    return this.#revoked ? null : this.port.readable;
  }
  get writable() {
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

  /** esptool-js logs some trace lines to the console even with tracing off. */
  override trace(message: string) {
    if (this.tracing) super.trace(message);
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
