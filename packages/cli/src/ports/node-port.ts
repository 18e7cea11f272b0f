import type { SerialPortLike, SerialSignalsLike } from "@esp-flash/core";

/** What a concrete link (serial device, TCP socket, RFC 2217) does under a NodeSerialPort. */
export interface ByteLink {
  write(data: Uint8Array): Promise<void>;
  /** Applies the control lines; `signals` holds every line's full current state. */
  setSignals(signals: Required<SerialSignalsLike>): Promise<void>;
  setBaudRate(baudRate: number): Promise<void>;
  close(): Promise<void>;
}

export interface LinkEvents {
  data(bytes: Uint8Array): void;
  /** The link ended without our asking (unplugged, connection dropped). */
  lost(reason: string): void;
}

export interface PortInfo {
  usbVendorId?: number;
  usbProductId?: number;
}

const lostError = (reason: string) =>
  new DOMException(`The device has been lost. (${reason})`, "NetworkError");

/**
 * Web Serial's `SerialPort` surface over a Node link, as esptool-js and @esp-flash/core use
 * it: `readable`/`writable` exist while open; cancelling the reader discards buffered input
 * and the next `readable` is a fresh stream; a lost link errors both streams with a
 * `NetworkError` DOMException and fires `disconnect`, as Chrome does when a board is unplugged.
 */
export abstract class NodeSerialPort extends EventTarget implements SerialPortLike {
  #link: ByteLink | undefined;
  #readable: ReadableStream<Uint8Array> | null = null;
  #reader: ReadableStreamDefaultController<Uint8Array> | undefined;
  #writable: WritableStream<Uint8Array> | null = null;
  #pending: Uint8Array[] = [];
  #signals: Required<SerialSignalsLike> = {
    dataTerminalReady: true,
    requestToSend: true,
    break: false,
  };
  #lost: string | undefined;
  #baudRate = 0;

  constructor(readonly info: PortInfo = {}) {
    super();
  }

  /** e.g. "/dev/ttyUSB0" or "socket://127.0.0.1:5555". */
  abstract readonly path: string;
  protected abstract connect(baudRate: number, events: LinkEvents): Promise<ByteLink>;

  get baudRate(): number {
    return this.#baudRate;
  }

  get connected(): boolean {
    return this.#link !== undefined && this.#lost === undefined;
  }

  getInfo(): PortInfo {
    return { ...this.info };
  }

  async open(options: { baudRate: number; bufferSize?: number }): Promise<void> {
    if (this.#link) throw new DOMException("The port is already open.", "InvalidStateError");
    if (!Number.isInteger(options.baudRate) || options.baudRate <= 0)
      throw new TypeError(`Invalid baud rate ${options.baudRate}.`);
    this.#lost = undefined;
    this.#pending = [];
    this.#link = await this.connect(options.baudRate, {
      data: (bytes) => this.#receive(bytes),
      lost: (reason) => this.#onLost(reason),
    });
    this.#baudRate = options.baudRate;
    // Web Serial asserts DTR and RTS on open, as an OS serial driver does.
    this.#signals = { dataTerminalReady: true, requestToSend: true, break: false };
  }

  get readable(): ReadableStream<Uint8Array> | null {
    if (!this.#link || this.#lost !== undefined) return null;
    if (!this.#readable) {
      const stream: ReadableStream<Uint8Array> = new ReadableStream<Uint8Array>({
        start: (controller) => {
          this.#reader = controller;
          for (const chunk of this.#pending) controller.enqueue(chunk);
          this.#pending = [];
        },
        cancel: () => {
          if (this.#readable === stream) {
            this.#readable = null;
            this.#reader = undefined;
          }
        },
      });
      this.#readable = stream;
    }
    return this.#readable;
  }

  get writable(): WritableStream<Uint8Array> | null {
    if (!this.#link || this.#lost !== undefined) return null;
    if (!this.#writable) {
      const stream: WritableStream<Uint8Array> = new WritableStream<Uint8Array>({
        write: async (chunk) => {
          if (!this.#link || this.#lost !== undefined) throw lostError(this.#lost ?? "closed");
          await this.#link.write(chunk);
        },
        close: () => {
          if (this.#writable === stream) this.#writable = null;
        },
        abort: () => {
          if (this.#writable === stream) this.#writable = null;
        },
      });
      this.#writable = stream;
    }
    return this.#writable;
  }

  async setSignals(signals: SerialSignalsLike): Promise<void> {
    if (!this.#link) throw new DOMException("The port is not open.", "InvalidStateError");
    const next = { ...this.#signals };
    if (signals.dataTerminalReady !== undefined) next.dataTerminalReady = signals.dataTerminalReady;
    if (signals.requestToSend !== undefined) next.requestToSend = signals.requestToSend;
    if (signals.break !== undefined) next.break = signals.break;
    await this.#link.setSignals(next);
    this.#signals = next;
  }

  async setBaudRate(baudRate: number): Promise<void> {
    if (!this.#link) throw new DOMException("The port is not open.", "InvalidStateError");
    await this.#link.setBaudRate(baudRate);
    this.#baudRate = baudRate;
  }

  async close(): Promise<void> {
    if (this.#readable?.locked || this.#writable?.locked) {
      throw new TypeError("Cannot close a port while its readable or writable stream is locked.");
    }
    const link = this.#link;
    this.#link = undefined;
    this.#readable = null;
    this.#reader = undefined;
    this.#writable = null;
    this.#pending = [];
    if (link) await link.close();
  }

  #receive(bytes: Uint8Array) {
    if (this.#reader) this.#reader.enqueue(bytes);
    else this.#pending.push(bytes);
  }

  #onLost(reason: string) {
    if (!this.#link || this.#lost !== undefined) return;
    this.#lost = reason;
    const error = lostError(reason);
    try {
      this.#reader?.error(error);
    } catch {
      // already closed
    }
    this.#reader = undefined;
    this.#readable = null;
    this.#writable = null;
    this.#link.close().catch(() => undefined);
    this.#link = undefined;
    this.dispatchEvent(new Event("disconnect"));
  }
}
