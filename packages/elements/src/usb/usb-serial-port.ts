import { EspFlashError } from "@esp-flash/core";
import type { SerialPortLike } from "../core-types.js";
import { bridgeFor, type Bridge } from "./bridges.js";
import type { Pipes } from "./driver.js";
import { UsbAccessDeniedError, UsbPortBusyError } from "./errors.js";
import { ReceiveQueue } from "./receive-queue.js";
import type { UsbDeviceLike } from "./usb-types.js";

const LOST = "The device has been lost.";
const READ_SIZE = 4096;
const lostError = () => new DOMException(LOST, "NetworkError");

export { UsbAccessDeniedError, UsbPortBusyError };

/** The board's USB-serial chip cannot be driven over WebUSB: says which chip, and what to do. */
export class UnsupportedBridgeError extends EspFlashError {
  override name = "UnsupportedBridgeError";
  constructor(readonly bridge: string) {
    super(
      "usb-bridge-unsupported",
      `This board's USB-serial chip, ${bridge}, cannot be used from this browser (WebUSB).`,
      "Flash it from Chrome or Edge on a computer (Web Serial), or use a board with a CP2102, CH340, CH9102, FT232R or the ESP's own USB port.",
    );
  }
}

const nameOf = (error: unknown) => (error instanceof Error ? error.name : "");

interface UsbLike extends EventTarget {
  getDevices?(): Promise<UsbDeviceLike[]>;
}
interface Session {
  pipes: Pipes;
  queue: ReceiveQueue;
  readable: ReadableStream<Uint8Array> | null;
  writable: WritableStream<Uint8Array> | null;
}

/**
 * Web Serial's SerialPort surface over a WebUSB device (Chrome on Android has WebUSB but no
 * Web Serial): DTR/RTS, in-place baud changes, and an unplug ends both streams with
 * NetworkError and fires `disconnect`, as Web Serial does.
 */
export class UsbSerialPort extends EventTarget implements SerialPortLike {
  readonly bridge: Bridge;
  private session: Session | undefined;
  private lines = { dtr: false, rts: false };
  private lost = false;
  private control: Promise<unknown> = Promise.resolve();

  constructor(
    private dev: UsbDeviceLike,
    private readonly usb: UsbLike | undefined = (navigator as { usb?: UsbLike }).usb,
  ) {
    super();
    this.bridge = bridgeFor(dev);
    usb?.addEventListener("disconnect", (e) => {
      if ((e as Event & { device?: unknown }).device === this.dev) this.lose();
    });
  }

  /** The USB device behind the port (a new object after the board was replugged). */
  get device(): UsbDeviceLike {
    return this.dev;
  }

  getInfo(): { usbVendorId: number; usbProductId: number } {
    return { usbVendorId: this.device.vendorId, usbProductId: this.device.productId };
  }

  get readable(): ReadableStream<Uint8Array> | null {
    const s = this.session;
    if (!s || this.lost) return null;
    return (s.readable ??= new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => controller.enqueue(await s.queue.next()),
        cancel: () => {
          s.queue.discard();
          s.readable = null;
        },
      },
      { highWaterMark: 0 },
    ));
  }

  get writable(): WritableStream<Uint8Array> | null {
    const s = this.session;
    if (!s || this.lost) return null;
    return (s.writable ??= new WritableStream<Uint8Array>({
      write: (chunk) => this.send(s, chunk),
      close: () => void (s.writable = null),
      abort: () => void (s.writable = null),
    }));
  }

  async open(options: { baudRate: number }): Promise<void> {
    if (this.session) throw new DOMException("The port is already open.", "InvalidStateError");
    if (this.lost) await this.reattach();
    const driver = this.bridge.driver;
    if (!driver) throw new UnsupportedBridgeError(this.bridge.name);
    try {
      await this.device.open();
    } catch (error) {
      if (nameOf(error) === "SecurityError") throw new UsbAccessDeniedError({ cause: error });
      throw error;
    }
    if (!this.device.configuration) await this.device.selectConfiguration(1);
    let pipes: Pipes;
    try {
      pipes = await driver.open(this.device, options.baudRate);
    } catch (error) {
      await this.device.close().catch(() => undefined);
      if (error instanceof UsbPortBusyError) throw error;
      throw new Error(
        `Could not open ${this.bridge.name}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    this.lines = { dtr: false, rts: false };
    const session: Session = { pipes, queue: new ReceiveQueue(), readable: null, writable: null };
    this.session = session;
    void this.pump(session);
  }

  async close(): Promise<void> {
    const s = this.session;
    if (!s) throw new DOMException("The port is already closed.", "InvalidStateError");
    if (s.readable?.locked || s.writable?.locked)
      throw new TypeError("Cannot cancel a locked stream");
    this.session = undefined;
    s.queue.fail(new DOMException("The port was closed.", "AbortError"));
    if (this.lost) return;
    for (const n of s.pipes.interfaces)
      await this.device.releaseInterface(n).catch(() => undefined);
    await this.device.close();
  }

  async setSignals(signals: {
    dataTerminalReady?: boolean;
    requestToSend?: boolean;
  }): Promise<void> {
    this.requireOpen();
    this.lines = {
      dtr: signals.dataTerminalReady ?? this.lines.dtr,
      rts: signals.requestToSend ?? this.lines.rts,
    };
    const { dtr, rts } = this.lines;
    await this.serially(() => this.bridge.driver!.setLines(this.device, dtr, rts));
  }

  async setBaudRate(baudRate: number): Promise<void> {
    this.requireOpen();
    await this.serially(() => this.bridge.driver!.setBaud(this.device, baudRate));
  }

  /**
   * After an unplug, Chrome shows the replugged board as a new USBDevice (still permitted):
   * take it over when exactly one matches, so Retry works as it does with Web Serial.
   */
  private async reattach(): Promise<void> {
    const old = this.dev;
    const same = ((await this.usb?.getDevices?.()) ?? []).filter(
      (d) =>
        d !== old &&
        d.vendorId === old.vendorId &&
        d.productId === old.productId &&
        d.serialNumber === old.serialNumber,
    );
    if (same.length !== 1) throw new DOMException("Failed to open serial port.", "NetworkError");
    this.dev = same[0]!;
    this.lost = false;
  }

  /** Control transfers one at a time, in the order asked. */
  private serially(work: () => Promise<void>): Promise<void> {
    const run = this.control.then(work);
    this.control = run.catch(() => undefined);
    return run.catch((error: unknown) => {
      throw this.lost ? lostError() : error;
    });
  }

  private requireOpen(): void {
    if (this.lost) throw lostError();
    if (!this.session) throw new DOMException("The port is closed.", "InvalidStateError");
  }

  private async send(s: Session, chunk: Uint8Array): Promise<void> {
    if (this.lost || this.session !== s) throw lostError();
    try {
      const result = await this.device.transferOut(s.pipes.out, chunk);
      if (result.status !== "ok") throw new Error(`USB write failed: ${result.status}`);
    } catch (error) {
      if (this.lost || !this.device.opened) throw lostError();
      throw error;
    }
  }

  /** Reads the bulk IN pipe for as long as the port is open, like an OS driver does. */
  private async pump(s: Session): Promise<void> {
    while (this.session === s && !this.lost) {
      try {
        const result = await this.device.transferIn(s.pipes.in, READ_SIZE);
        if (result.status === "stall") await this.device.clearHalt("in", s.pipes.in);
        else if (result.data && this.session === s) s.queue.push(this.unpack(s, result.data));
      } catch {
        // Closed by us: done. Anything else while open means the device went away.
        if (this.session === s) this.lose();
        return;
      }
    }
  }

  private unpack(s: Session, view: DataView): Uint8Array {
    const raw = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    return this.bridge.driver?.unpack?.(raw, s.pipes.packetSize) ?? raw;
  }

  private lose(): void {
    if (this.lost) return;
    this.lost = true;
    const s = this.session;
    if (s) {
      s.queue.fail(lostError());
      s.writable?.abort(lostError()).catch(() => undefined);
      s.readable = null;
      s.writable = null;
    }
    this.dispatchEvent(new Event("disconnect"));
  }
}
