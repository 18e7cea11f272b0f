// A serial port in memory, for console tests and screenshots.
import type { SerialPortLike } from "../../src/core-types.js";

/**
 * An in-memory port that behaves like Web Serial's: records what is written and opened, lets
 * the test "receive" text, and can be unplugged (reads fail) and plugged back in ("connect").
 */
export function memoryPort() {
  const sent: string[] = [],
    bauds: number[] = [],
    signals: object[] = [];
  let push: ((s: string) => void) | undefined;
  let fail: ((e: Error) => void) | undefined;
  let present = true;
  const port = Object.assign(new EventTarget(), {
    readable: null as ReadableStream<Uint8Array> | null,
    writable: null as WritableStream<Uint8Array> | null,
    async open({ baudRate }: { baudRate: number }) {
      if (!present) throw new DOMException("The device has been lost.", "NetworkError");
      if (port.readable) throw new DOMException("The port is already open.", "InvalidStateError");
      bauds.push(baudRate);
      port.readable = new ReadableStream({
        start: (c) => {
          push = (s) => c.enqueue(new TextEncoder().encode(s));
          fail = (e) => c.error(e);
        },
      });
      port.writable = new WritableStream({
        write: (chunk) => {
          sent.push(new TextDecoder().decode(chunk));
        },
      });
    },
    async close() {
      port.readable = null;
      port.writable = null;
    },
    async setSignals(s: object) {
      signals.push(s);
    },
    getInfo: () => ({ usbVendorId: 0x303a, usbProductId: 0x1001 }),
  });
  return {
    port: port as unknown as SerialPortLike,
    sent,
    bauds,
    signals,
    receive: (s: string) => push?.(s),
    unplug: () => {
      present = false;
      port.readable = null;
      port.writable = null;
      fail?.(new DOMException("The device has been lost.", "NetworkError"));
    },
    plugIn: () => {
      present = true;
      port.dispatchEvent(new Event("connect"));
    },
  };
}
