// Improv Serial framing as the device side sees it (improv-wifi.com/serial):
// "IMPROV" | version 1 | type | length | data | checksum (low byte of the sum of all before).
const HEADER = [0x49, 0x4d, 0x50, 0x52, 0x4f, 0x56];
const VERSION = 1;

export const PacketType = {
  currentState: 0x01,
  errorState: 0x02,
  rpc: 0x03,
  rpcResult: 0x04,
} as const;
export const State = { ready: 0x02, provisioning: 0x03, provisioned: 0x04 } as const;
export const ErrorCode = {
  none: 0x00,
  invalidRpc: 0x01,
  unknownCommand: 0x02,
  unableToConnect: 0x03,
  unknown: 0xff,
} as const;
export const Command = {
  wifiSettings: 0x01,
  currentState: 0x02,
  deviceInfo: 0x03,
  scan: 0x04,
} as const;

export function frame(type: number, data: readonly number[]): Uint8Array {
  const bytes = [...HEADER, VERSION, type, data.length, ...data];
  const sum = bytes.reduce((a, b) => a + b, 0) & 0xff;
  // Firmware ends each packet with a newline so it sits on its own line in a terminal.
  return Uint8Array.from([...bytes, sum, 0x0a]);
}

/** RPC result: command, total length, then length-prefixed UTF-8 strings. */
export function rpcResult(command: number, strings: readonly string[]): Uint8Array {
  const body = strings.flatMap((s) => {
    const b = [...new TextEncoder().encode(s)].slice(0, 255);
    return [b.length, ...b];
  });
  return frame(PacketType.rpcResult, [command, body.length, ...body]);
}

export interface Rpc {
  command: number;
  data: Uint8Array;
}
export type Incoming = { kind: "rpc"; rpc: Rpc } | { kind: "bad-checksum" } | { kind: "bad-rpc" };

/** Finds Improv packets in what the host sends, byte by byte; anything else is dropped. */
export class PacketScanner {
  private buf: number[] = [];

  push(bytes: Uint8Array, on: (packet: Incoming) => void): void {
    for (const byte of bytes) {
      const at = this.buf.length;
      if (at < HEADER.length ? byte !== HEADER[at] : at === HEADER.length && byte !== VERSION) {
        this.buf = byte === HEADER[0] ? [byte] : [];
        continue;
      }
      this.buf.push(byte);
      if (this.buf.length < 9 || this.buf.length < 10 + this.buf[8]!) continue;
      const packet = this.buf;
      this.buf = [];
      on(this.decode(packet));
    }
  }

  private decode(p: number[]): Incoming {
    const sum = p.slice(0, -1).reduce((a, b) => a + b, 0) & 0xff;
    if (sum !== p.at(-1)) return { kind: "bad-checksum" };
    const data = p.slice(9, -1);
    if (p[7] !== PacketType.rpc || data.length < 2 || data[1]! + 2 > data.length)
      return { kind: "bad-rpc" };
    return {
      kind: "rpc",
      rpc: { command: data[0]!, data: Uint8Array.from(data.slice(2, 2 + data[1]!)) },
    };
  }
}

/** SEND_WIFI_SETTINGS payload: ssid length, ssid, password length, password. */
export function wifiSettings(data: Uint8Array): { ssid: string; password: string } | undefined {
  const ssidLen = data[0];
  if (ssidLen === undefined || data.length < ssidLen + 2) return undefined;
  const passLen = data[ssidLen + 1]!;
  if (data.length < ssidLen + 2 + passLen) return undefined;
  const text = new TextDecoder();
  return {
    ssid: text.decode(data.subarray(1, 1 + ssidLen)),
    password: text.decode(data.subarray(ssidLen + 2, ssidLen + 2 + passLen)),
  };
}
