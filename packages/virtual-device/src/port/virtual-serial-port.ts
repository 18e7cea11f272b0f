import type { SerialSignals } from "../device/types.js";
import type { VirtualEsp } from "../device/virtual-esp.js";
import { turnWhenBusy } from "./event-loop-turns.js";
import { ReceiveBuffer } from "./receive-buffer.js";
import { baudMismatch, domError, garble, type WireDevice } from "./wire.js";

export interface VirtualSerialOpenOptions {
  baudRate: number;
  /** Largest chunk one read returns; default: whatever has arrived. */
  bufferSize?: number;
  dataBits?: number;
  stopBits?: number;
  parity?: string;
  flowControl?: string;
}

export interface VirtualSerialInputSignals {
  dataCarrierDetect: boolean;
  clearToSend: boolean;
  ringIndicator: boolean;
  dataSetReady: boolean;
}

const MAX_BUFFER = 16 * 1024 * 1024;
const LOST = "The device has been lost.";
type PortState = "closed" | "opened";

/**
 * The Web Serial `SerialPort` surface, wired to a virtual chip: what esptool-js's
 * Transport, a terminal or any Web Serial code uses. Works in browsers and Node 20
 * (WHATWG streams, EventTarget and DOMException are globals there).
 */
export class VirtualSerialPort<D extends WireDevice = VirtualEsp> extends EventTarget {
  readonly device: D;
  onconnect: ((event: Event) => unknown) | null = null;
  ondisconnect: ((event: Event) => unknown) | null = null;
  /** Bytes that crossed the port, each way, since construction. */
  readonly stats = { hostToDevice: 0, deviceToHost: 0 };

  private portState: PortState = "closed";
  private baud = 0;
  private lost = false;
  private forgotten = false;
  private garbleSalt = 0;
  private readonly rx = new ReceiveBuffer();
  private readableStream: ReadableStream<Uint8Array> | null = null;
  private writableStream: WritableStream<Uint8Array> | null = null;
  private writeController: WritableStreamDefaultController | null = null;
  private stopTransmit: (() => void) | null = null;

  constructor(device: D) {
    super();
    this.device = device;
    this.lost = device.state === "disconnected";
    this.addEventListener("connect", (e) => this.onconnect?.call(this, e));
    this.addEventListener("disconnect", (e) => this.ondisconnect?.call(this, e));
    device.onDisconnect(() => this.handleLost());
    device.onReconnect?.(() => this.handleBack());
  }

  /** False once the device vanished (a disconnect fault) until it is plugged back in. */
  get connected(): boolean {
    this.noticeReplug();
    return !this.lost && !this.forgotten;
  }

  /** The rate the host side runs at (open / setBaudRate), 0 while closed. */
  get baudRate(): number {
    return this.baud;
  }

  get readable(): ReadableStream<Uint8Array> | null {
    if (this.readableStream) return this.readableStream;
    if (this.portState !== "opened" || this.lost) return null;
    const stream: ReadableStream<Uint8Array> = new ReadableStream<Uint8Array>(
      {
        start: (controller) => this.rx.attach(controller),
        pull: (controller) => this.rx.pull(controller),
        cancel: () => {
          // Web Serial discards the receive buffers when the reader cancels.
          this.rx.discard();
          if (this.readableStream === stream) this.readableStream = null;
        },
      },
      { highWaterMark: 0 },
    );
    this.readableStream = stream;
    return stream;
  }

  get writable(): WritableStream<Uint8Array> | null {
    if (this.writableStream) return this.writableStream;
    if (this.portState !== "opened" || this.lost) return null;
    const drop = () => {
      if (this.writableStream === stream) this.writableStream = null;
    };
    const stream: WritableStream<Uint8Array> = new WritableStream<Uint8Array>({
      start: (controller) => {
        this.writeController = controller;
      },
      write: (chunk) => {
        this.send(chunk);
        return turnWhenBusy();
      },
      close: drop,
      abort: drop,
    });
    this.writableStream = stream;
    return stream;
  }

  async open(options: VirtualSerialOpenOptions): Promise<void> {
    if (this.portState === "opened")
      throw domError("InvalidStateError", "The port is already open.");
    checkBaud(options?.baudRate);
    if (
      options.bufferSize !== undefined &&
      !(options.bufferSize > 0 && options.bufferSize <= MAX_BUFFER)
    ) {
      throw new TypeError(`bufferSize must be between 1 and ${MAX_BUFFER}.`);
    }
    this.noticeReplug();
    if (this.lost || this.forgotten) throw domError("NetworkError", "Failed to open serial port.");
    this.rx.reset(options.bufferSize);
    this.baud = options.baudRate;
    this.portState = "opened";
    this.stopTransmit = this.device.onTransmit((bytes, deviceBaud) =>
      this.deliver(bytes, deviceBaud),
    );
  }

  async close(): Promise<void> {
    if (this.portState !== "opened")
      throw domError("InvalidStateError", "The port is already closed.");
    // Same rule as Chrome: a reader or writer still holding a stream blocks close().
    if (this.readableStream?.locked || this.writableStream?.locked) {
      throw new TypeError("Cannot cancel a locked stream");
    }
    const readable = this.readableStream;
    const writable = this.writableStream;
    this.shutDown();
    await Promise.all([readable?.cancel(), writable?.abort()]);
  }

  async forget(): Promise<void> {
    if (this.portState === "opened") {
      this.readableStream = null;
      this.writableStream = null;
      this.shutDown();
    }
    this.forgotten = true;
  }

  async setSignals(signals: SerialSignals): Promise<void> {
    this.requireOpen();
    const defined: SerialSignals = {};
    for (const key of ["dataTerminalReady", "requestToSend", "break"] as const) {
      if (signals?.[key] !== undefined) defined[key] = Boolean(signals[key]);
    }
    if (Object.keys(defined).length === 0) throw new TypeError("Signals dictionary is empty.");
    this.device.setSignals(defined);
  }

  async getSignals(): Promise<VirtualSerialInputSignals> {
    this.requireOpen();
    return {
      dataCarrierDetect: false,
      clearToSend: true,
      ringIndicator: false,
      dataSetReady: true,
    };
  }

  /** Change the host rate in place (esptool-js uses this when a port offers it). */
  async setBaudRate(baudRate: number): Promise<void> {
    this.requireOpen();
    checkBaud(baudRate);
    this.baud = baudRate;
  }

  getInfo(): { usbVendorId?: number; usbProductId?: number } {
    const { usbVendorId, usbProductId } = this.device.usb;
    return { usbVendorId, usbProductId };
  }

  private requireOpen(): void {
    if (this.portState !== "opened") throw domError("InvalidStateError", "The port is closed.");
    if (this.lost) throw domError("NetworkError", LOST);
  }

  private send(chunk: unknown): void {
    if (this.lost) throw domError("NetworkError", LOST);
    const bytes = toBytes(chunk);
    this.stats.hostToDevice += bytes.length;
    this.device.receive(bytes, this.baud);
  }

  private deliver(bytes: Uint8Array, deviceBaud: number): void {
    const mismatch = !this.device.ignoresBaud && baudMismatch(deviceBaud, this.baud);
    const seen = mismatch ? garble(bytes, deviceBaud, this.baud, ++this.garbleSalt) : bytes;
    this.stats.deviceToHost += seen.length;
    this.rx.push(seen);
  }

  private shutDown(): void {
    this.stopTransmit?.();
    this.stopTransmit = null;
    this.rx.discard();
    this.portState = "closed";
    this.baud = 0;
    this.readableStream = null;
    this.writableStream = null;
  }

  /** Like an unplugged USB device: both streams error with NetworkError, then `disconnect`. */
  private handleLost(): void {
    if (this.lost) return;
    this.lost = true;
    const error = domError("NetworkError", LOST);
    this.rx.fail(error);
    // Error the writable through its controller: a writer may hold the lock.
    if (this.writableStream) this.writeController?.error(error);
    this.readableStream = null;
    this.writableStream = null;
    this.stopTransmit?.();
    this.stopTransmit = null;
    this.dispatchEvent(new Event("disconnect", { bubbles: true }));
  }

  /** Devices without onReconnect: notice the replug the next time anyone looks. */
  private noticeReplug(): void {
    if (this.lost && this.device.state !== "disconnected") this.handleBack();
  }

  private handleBack(): void {
    if (!this.lost) return;
    this.lost = false;
    // The old session is gone; the host must open() again, as after a real replug.
    this.portState = "closed";
    this.baud = 0;
    this.dispatchEvent(new Event("connect", { bubbles: true }));
  }
}

function checkBaud(baud: unknown): asserts baud is number {
  if (typeof baud !== "number" || !Number.isInteger(baud) || baud <= 0) {
    throw new TypeError(`baudRate must be a positive integer, not ${String(baud)}.`);
  }
}

function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (ArrayBuffer.isView(chunk))
    return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  throw new TypeError("Serial writes take an ArrayBuffer or a typed array.");
}
