import { ESPLoader, Transport } from "esptool-js";
import type { VirtualEsp } from "../../src/device/virtual-esp.js";
import { VirtualSerialPort } from "../../src/port/index.js";

export interface Session {
  loader: ESPLoader;
  port: VirtualSerialPort;
  log: string[];
}

/** An esptool-js 0.7.0 loader on a virtual device, logging into an array. */
export function esptool(device: VirtualEsp, baudrate = 921600, romBaudrate = 115200): Session {
  const port = new VirtualSerialPort(device);
  const log: string[] = [];
  const terminal = {
    clean: () => {},
    write: (s: string) => log.push(s),
    writeLine: (s: string) => log.push(s),
  };
  const transport = new Transport(
    port as unknown as ConstructorParameters<typeof Transport>[0],
    false,
  );
  const loader = new ESPLoader({ transport, baudrate, terminal, romBaudrate });
  return { loader, port, log };
}

/** Deterministic bytes that compress about as well as firmware does (some repetition). */
export function firmwareLike(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = i % 64 < 40 ? x & 0xff : (i >> 6) & 0xff;
  }
  return out;
}
