import type { SerialSignals } from "../device/types.js";

/**
 * The wire side of a virtual chip, as VirtualSerialPort and the TCP server use it.
 * `VirtualEsp` implements it; anything else that does (a test double, a recorded
 * session) can sit behind a port too.
 */
export interface WireDevice {
  readonly usb: { usbVendorId: number; usbProductId: number };
  readonly state: string;
  /** host → device; the device garbles what it gets when hostBaud is not its own rate. */
  receive(bytes: Uint8Array, hostBaud: number): void;
  /** device → host, with the rate the device sent at. */
  onTransmit(listener: (bytes: Uint8Array, deviceBaud: number) => void): () => void;
  setSignals(signals: SerialSignals): void;
  onDisconnect(listener: () => void): () => void;
  /** Optional: told when a disconnected device is plugged back in. */
  onReconnect?(listener: () => void): () => void;
  /** True for a chip's own USB (CDC): the port's baud rate is a setting nobody uses, nothing garbles. */
  readonly ignoresBaud?: boolean;
}

/** Web Serial reports failures as DOMExceptions with these names. */
export function domError(
  name: "InvalidStateError" | "NetworkError" | "NotFoundError" | "SecurityError",
  message: string,
): DOMException {
  return new DOMException(message, name);
}

/** Real UARTs read through a few percent of rate mismatch; beyond that, bytes are garbage. */
const TOLERANCE = 0.03;

export function baudMismatch(deviceBaud: number, hostBaud: number): boolean {
  return Math.abs(deviceBaud / hostBaud - 1) > TOLERANCE;
}

/**
 * What a receiver at `hostBaud` makes of bytes sent at `deviceBaud`: about
 * len × hostBaud / deviceBaud bytes (more bit times fit in the same time), each one
 * a scrambled mix of the real ones. Deterministic for the same input and `salt`.
 */
export function garble(
  bytes: Uint8Array,
  deviceBaud: number,
  hostBaud: number,
  salt: number,
): Uint8Array {
  const length = Math.max(1, Math.round((bytes.length * hostBaud) / deviceBaud));
  const out = new Uint8Array(length);
  let h = (salt ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < length; i++) {
    const source = bytes[Math.floor((i * bytes.length) / length)]!;
    h = Math.imul(h ^ source, 0x01000193) >>> 0;
    // Sampling at the wrong rate smears bits: keep a few of the source byte's bits.
    out[i] = ((source << (h & 3)) ^ (h >>> 8)) & 0xff;
  }
  return out;
}
