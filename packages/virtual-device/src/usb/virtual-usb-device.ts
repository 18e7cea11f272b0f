import type { VirtualEsp } from "../device/virtual-esp.js";
import { baudMismatch, garble } from "../port/wire.js";
import {
  USB_BRIDGES,
  type BridgeModel,
  type BridgeProtocol,
  type InFraming,
  type LineState,
  type UsbBridgeKind,
} from "./bridges.js";
import type {
  UsbAlternate,
  UsbConfiguration,
  UsbControlSetup,
  UsbDirection,
  UsbEndpoint,
  UsbInResult,
  UsbInterface,
  UsbOutResult,
} from "./types.js";

/** One control transfer as the device saw it (tests read these to check a client). */
export interface ControlRecord {
  direction: UsbDirection;
  setup: UsbControlSetup;
  /** OUT: the data stage; IN: the requested length. */
  data: Uint8Array | number;
  status: "ok" | "stall";
}

const GONE = "The device was disconnected.";
const dom = (name: string, message: string) => new DOMException(message, name);

/**
 * A WebUSB `USBDevice` for a USB-serial chip (CP2102, CH340, ESP32-S3 USB-JTAG-serial …)
 * in front of a VirtualEsp. Control requests go through the chip's own protocol decoder;
 * bulk OUT bytes reach the ESP at the rate the chip's registers say, and what the ESP sends
 * at another rate arrives garbled, as on a real UART. Enforces WebUSB's rules: open first,
 * claim the interface that owns an endpoint or is a control request's recipient.
 */
export class VirtualUsbDevice {
  readonly kind: UsbBridgeKind;
  readonly model: BridgeModel;
  readonly device: VirtualEsp;
  readonly protocol: BridgeProtocol;
  /** Every control transfer, in order. */
  readonly controlLog: ControlRecord[] = [];
  /** Bytes each way over the bulk endpoints. */
  readonly stats = { out: 0, in: 0 };
  /** What the chip reports (a CH340 has none; the USB-JTAG-serial reports the MAC); same after a replug. */
  readonly serialNumber: string | undefined;
  /**
   * Another tab or app has claimed the interfaces: `claimInterface` fails with Chrome's
   * NetworkError "Unable to claim interface." until this is cleared.
   */
  heldElsewhere = false;
  /**
   * The OS refuses the browser access (Android's "Allow access" declined, no permission):
   * `open()` fails with Chrome's SecurityError "Access denied." until this is cleared.
   */
  accessDenied = false;

  private isOpen = false;
  private selected: UsbConfiguration | null = null;
  private readonly claimedSet = new Set<number>();
  private lost = false;
  private rx: Uint8Array[] = [];
  private waiting: {
    length: number;
    resolve(r: UsbInResult): void;
    reject(e: unknown): void;
  } | null = null;
  private stopTransmit: (() => void) | null = null;
  private salt = 0;
  private readonly disconnectListeners = new Set<() => void>();

  constructor(device: VirtualEsp, kind: UsbBridgeKind) {
    this.kind = kind;
    this.model = USB_BRIDGES[kind];
    this.device = device;
    this.protocol = this.model.protocol();
    // The host configured the device when it enumerated: Chrome reports it before open().
    this.selected = this.describe();
    this.serialNumber = this.model.serialNumber?.(device);
    this.lost = device.state === "disconnected";
    device.onDisconnect(() => this.unplugged());
  }

  get vendorId(): number {
    return this.model.vendorId;
  }
  get productId(): number {
    return this.model.productId;
  }
  get productName(): string {
    return this.model.productName;
  }
  get manufacturerName(): string {
    return this.model.manufacturerName;
  }
  get deviceClass(): number {
    return this.model.deviceClass;
  }
  get deviceSubclass(): number {
    return this.model.deviceSubclass;
  }
  get deviceProtocol(): number {
    return this.model.deviceProtocol;
  }
  get deviceVersionMajor(): number {
    return this.model.deviceVersion[0];
  }
  get deviceVersionMinor(): number {
    return this.model.deviceVersion[1];
  }
  get deviceVersionSubminor(): number {
    return this.model.deviceVersion[2];
  }
  get usbVersionMajor(): number {
    return 2;
  }
  get usbVersionMinor(): number {
    return 0;
  }
  get usbVersionSubminor(): number {
    return 0;
  }
  get opened(): boolean {
    return this.isOpen && !this.lost;
  }
  get configurations(): UsbConfiguration[] {
    return [this.describe()];
  }
  get configuration(): UsbConfiguration | null {
    return this.selected && this.describe();
  }
  /** The chip's UART and lines right now (rate from its registers). */
  get line(): Readonly<LineState> {
    return this.protocol.line;
  }
  /** False once unplugged; a replugged board is a new USBDevice, as in Chrome. */
  get connected(): boolean {
    return !this.lost;
  }

  onDisconnect(listener: () => void): () => void {
    this.disconnectListeners.add(listener);
    return () => this.disconnectListeners.delete(listener);
  }

  async open(): Promise<void> {
    this.alive();
    if (this.isOpen) return;
    if (this.accessDenied)
      throw dom("SecurityError", "Failed to execute 'open' on 'USBDevice': Access denied.");
    this.isOpen = true;
    this.stopTransmit = this.device.onTransmit((bytes, baud) => this.fromEsp(bytes, baud));
  }

  async close(): Promise<void> {
    this.alive();
    if (!this.isOpen) return;
    this.isOpen = false;
    this.claimedSet.clear();
    this.stopTransmit?.();
    this.stopTransmit = null;
    this.rx = [];
    this.cancelWaiting(dom("AbortError", "The transfer was cancelled."));
  }

  async forget(): Promise<void> {
    if (this.isOpen && !this.lost) await this.close();
  }

  async selectConfiguration(value: number): Promise<void> {
    this.requireOpen();
    if (value !== 1)
      throw dom(
        "NotFoundError",
        "The configuration value provided is not supported by the device.",
      );
    this.selected = this.describe();
  }

  async claimInterface(number: number): Promise<void> {
    this.requireConfigured();
    if (!this.model.interfaces.some((i) => i.number === number))
      throw dom(
        "NotFoundError",
        "The interface number provided is not supported by the device in its current configuration.",
      );
    if (this.heldElsewhere && !this.claimedSet.has(number))
      throw dom(
        "NetworkError",
        "Failed to execute 'claimInterface' on 'USBDevice': Unable to claim interface.",
      );
    this.claimedSet.add(number);
  }

  async releaseInterface(number: number): Promise<void> {
    this.requireConfigured();
    this.claimedSet.delete(number);
  }

  async selectAlternateInterface(number: number, alternate: number): Promise<void> {
    this.requireClaimed(number);
    if (alternate !== 0)
      throw dom("NotFoundError", "The alternate setting provided is not supported by the device.");
  }

  async controlTransferOut(
    setup: UsbControlSetup,
    data?: ArrayBuffer | ArrayBufferView,
  ): Promise<UsbOutResult> {
    this.checkSetup(setup);
    const bytes = data ? toBytes(data) : new Uint8Array(0);
    const before = { ...this.protocol.line };
    const answer = this.protocol.controlOut({ ...setup }, bytes);
    this.controlLog.push({
      direction: "out",
      setup: { ...setup },
      data: bytes.slice(),
      status: answer.status,
    });
    const now = this.protocol.line;
    if (now.dtr !== before.dtr || now.rts !== before.rts) {
      this.device.setSignals({ dataTerminalReady: now.dtr, requestToSend: now.rts });
    }
    return { status: answer.status, bytesWritten: answer.status === "ok" ? bytes.length : 0 };
  }

  async controlTransferIn(setup: UsbControlSetup, length: number): Promise<UsbInResult> {
    this.checkSetup(setup);
    const answer = this.protocol.controlIn({ ...setup }, length);
    this.controlLog.push({
      direction: "in",
      setup: { ...setup },
      data: length,
      status: answer.status,
    });
    if (answer.status !== "ok") return { status: answer.status };
    const out = answer.data ?? new Uint8Array(0);
    return { status: "ok", data: new DataView(out.buffer, out.byteOffset, out.byteLength) };
  }

  async clearHalt(direction: UsbDirection, endpoint: number): Promise<void> {
    this.endpoint(direction, endpoint);
  }

  async transferOut(endpoint: number, data: ArrayBuffer | ArrayBufferView): Promise<UsbOutResult> {
    this.endpoint("out", endpoint);
    const bytes = toBytes(data);
    this.stats.out += bytes.length;
    if (endpoint === this.model.dataOut) this.toEsp(bytes);
    return { status: "ok", bytesWritten: bytes.length };
  }

  /** Resolves with what has arrived (at most `length` bytes), waiting for the first byte. */
  async transferIn(endpoint: number, length: number): Promise<UsbInResult> {
    this.endpoint("in", endpoint);
    if (endpoint !== this.model.dataIn) return new Promise(() => {}); // interrupt endpoint: nothing to report
    if (this.waiting)
      throw dom("InvalidStateError", "A transfer is already pending on this endpoint.");
    if (this.rx.length > 0) return this.take(length);
    return new Promise((resolve, reject) => {
      const waiting = { length, resolve, reject };
      this.waiting = waiting;
      // Chips that frame their data also send a status-only packet whenever their latency timer runs out.
      const framing = this.protocol.inFraming;
      if (framing) {
        setTimeout(() => {
          if (this.waiting !== waiting) return;
          this.waiting = null;
          resolve(this.take(length));
        }, framing.latencyMs());
      }
    });
  }

  async isochronousTransferIn(): Promise<never> {
    throw dom("NotSupportedError", "No isochronous endpoints.");
  }
  async isochronousTransferOut(): Promise<never> {
    throw dom("NotSupportedError", "No isochronous endpoints.");
  }

  async reset(): Promise<void> {
    this.requireOpen();
    this.rx = [];
  }

  private toEsp(bytes: Uint8Array): void {
    const line = this.protocol.line;
    if (!line.enabled || this.lost) return; // a disabled UART sends nothing
    // USB-JTAG-serial has no UART: the loader sees bytes as sent, whatever the line coding.
    const baud = this.model.uart ? line.baud : this.device.deviceBaud;
    const input = line.eightN1 ? bytes : garble(bytes, baud, baud, ++this.salt);
    this.device.receive(input, baud);
  }

  private fromEsp(bytes: Uint8Array, deviceBaud: number): void {
    const line = this.protocol.line;
    if (!line.enabled) return;
    const wrong = this.model.uart && (!line.eightN1 || baudMismatch(deviceBaud, line.baud));
    const seen = wrong ? garble(bytes, deviceBaud, line.baud, ++this.salt) : bytes.slice();
    this.stats.in += seen.length;
    this.rx.push(seen);
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = null;
      waiting.resolve(this.take(waiting.length));
    }
  }

  private take(length: number): UsbInResult {
    const framing = this.protocol.inFraming;
    if (framing) return this.takeFramed(length, framing);
    const size = Math.min(
      length,
      this.rx.reduce((n, c) => n + c.length, 0),
    );
    const out = new Uint8Array(size);
    let filled = 0;
    while (filled < size) {
      const head = this.rx[0]!;
      const part = Math.min(head.length, size - filled);
      out.set(head.subarray(0, part), filled);
      filled += part;
      if (part === head.length) this.rx.shift();
      else this.rx[0] = head.subarray(part);
    }
    return { status: "ok", data: new DataView(out.buffer) };
  }

  /** Whole packets, each its header and up to packetSize − header bytes of data (at least one packet). */
  private takeFramed(length: number, framing: InFraming): UsbInResult {
    const header = framing.header();
    const room = framing.packetSize - header.length;
    const packets: Uint8Array[] = [];
    do {
      const data = this.takeBytes(room);
      const packet = new Uint8Array(header.length + data.length);
      packet.set(header);
      packet.set(data, header.length);
      packets.push(packet);
    } while (this.rx.length > 0 && (packets.length + 1) * framing.packetSize <= length);
    const out = new Uint8Array(packets.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of packets) {
      out.set(p, at);
      at += p.length;
    }
    return { status: "ok", data: new DataView(out.buffer) };
  }

  private takeBytes(max: number): Uint8Array {
    const out = new Uint8Array(
      Math.min(
        max,
        this.rx.reduce((n, c) => n + c.length, 0),
      ),
    );
    let filled = 0;
    while (filled < out.length) {
      const head = this.rx[0]!;
      const part = Math.min(head.length, out.length - filled);
      out.set(head.subarray(0, part), filled);
      filled += part;
      if (part === head.length) this.rx.shift();
      else this.rx[0] = head.subarray(part);
    }
    return out;
  }

  private unplugged(): void {
    if (this.lost) return;
    this.lost = true;
    this.isOpen = false;
    this.claimedSet.clear();
    this.stopTransmit?.();
    this.stopTransmit = null;
    this.rx = [];
    this.cancelWaiting(dom("NotFoundError", GONE));
    for (const l of [...this.disconnectListeners]) l();
  }

  private cancelWaiting(error: DOMException): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.reject(error);
  }

  private alive(): void {
    if (this.lost) throw dom("NotFoundError", GONE);
  }

  private requireOpen(): void {
    this.alive();
    if (!this.isOpen) throw dom("InvalidStateError", "The device must be opened first.");
  }

  private requireConfigured(): void {
    this.requireOpen();
    if (!this.selected)
      throw dom("InvalidStateError", "The device must have a configuration selected.");
  }

  private requireClaimed(number: number): void {
    this.requireConfigured();
    if (!this.claimedSet.has(number))
      throw dom("InvalidStateError", "The specified interface has not been claimed.");
  }

  private checkSetup(setup: UsbControlSetup): void {
    this.requireConfigured();
    if (setup.recipient === "interface") this.requireClaimed(setup.index & 0xff);
  }

  private endpoint(direction: UsbDirection, number: number): UsbEndpoint {
    this.requireConfigured();
    for (const i of this.model.interfaces) {
      const ep = i.endpoints.find((e) => e.endpointNumber === number && e.direction === direction);
      if (ep && this.claimedSet.has(i.number)) return ep;
    }
    throw dom(
      "NotFoundError",
      "The specified endpoint is not part of a claimed and selected alternate interface.",
    );
  }

  private describe(): UsbConfiguration {
    const interfaces: UsbInterface[] = this.model.interfaces.map((i) => {
      const alternate: UsbAlternate = {
        alternateSetting: 0,
        interfaceClass: i.cls,
        interfaceSubclass: i.subclass,
        interfaceProtocol: i.protocol,
        interfaceName: null,
        endpoints: i.endpoints,
      };
      return {
        interfaceNumber: i.number,
        alternate,
        alternates: [alternate],
        claimed: this.claimedSet.has(i.number),
      };
    });
    return { configurationValue: 1, configurationName: null, interfaces };
  }
}

function toBytes(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
}
