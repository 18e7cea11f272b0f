// Improv Serial's wire format (improv-wifi.com/serial), DOM-free:
// "IMPROV" | version 1 | type | length | data … | checksum = low byte of the sum of all before.

export const IMPROV_HEADER: Uint8Array = Uint8Array.of(0x49, 0x4d, 0x50, 0x52, 0x4f, 0x56, 0x01);

export const PacketType = {
  currentState: 0x01,
  errorState: 0x02,
  rpc: 0x03,
  rpcResult: 0x04,
} as const;
export const RpcCommand = {
  sendWifiSettings: 0x01,
  requestCurrentState: 0x02,
  requestDeviceInfo: 0x03,
  requestScan: 0x04,
} as const;

/** The device's provisioning state. */
export type ImprovState =
  "stopped" | "authorization-required" | "ready" | "provisioning" | "provisioned";
const STATES: Record<number, ImprovState> = {
  0x00: "stopped",
  0x01: "authorization-required",
  0x02: "ready",
  0x03: "provisioning",
  0x04: "provisioned",
};
export const stateName = (code: number): ImprovState | undefined => STATES[code];

/** The device's error state; "none" clears an earlier one. */
export type ImprovErrorState =
  "none" | "invalid-rpc" | "unknown-command" | "unable-to-connect" | "unknown";
export function errorStateName(code: number): ImprovErrorState {
  return (
    (["none", "invalid-rpc", "unknown-command", "unable-to-connect"] as const)[code] ?? "unknown"
  );
}

export interface ImprovPacket {
  type: number;
  data: Uint8Array;
}

export function checksum(bytes: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i++) sum += bytes[i]!;
  return sum & 0xff;
}

/** One packet as the host sends it, newline-terminated as the reference client does. */
export function encodePacket(type: number, data: ArrayLike<number>): Uint8Array {
  if (data.length > 255)
    throw new RangeError(`Improv packet data is at most 255 bytes, not ${data.length}`);
  const out = new Uint8Array(IMPROV_HEADER.length + 2 + data.length + 2);
  out.set(IMPROV_HEADER);
  out[7] = type;
  out[8] = data.length;
  out.set(Array.from(data), 9);
  out[9 + data.length] = checksum(out.subarray(0, 9 + data.length));
  out[out.length - 1] = 0x0a;
  return out;
}

export function encodeRpc(command: number, data: ArrayLike<number> = []): Uint8Array {
  return encodePacket(PacketType.rpc, [command, data.length, ...Array.from(data)]);
}

/** SEND_WIFI_SETTINGS data: ssid length, ssid, password length, password (UTF-8). */
export function wifiSettingsData(ssid: string, password: string): Uint8Array {
  const s = new TextEncoder().encode(ssid),
    p = new TextEncoder().encode(password);
  if (s.length === 0 || s.length > 32) throw new RangeError("An SSID is 1 to 32 bytes");
  if (p.length > 64) throw new RangeError("A Wi-Fi password is at most 64 bytes");
  return Uint8Array.from([s.length, ...s, p.length, ...p]);
}

/** An RPC result's data: command, total length, then length-prefixed strings. */
export function decodeRpcResult(
  data: Uint8Array,
): { command: number; strings: string[] } | undefined {
  if (data.length < 2) return undefined;
  const end = Math.min(data.length, 2 + data[1]!);
  const strings: string[] = [];
  const text = new TextDecoder();
  for (let at = 2; at < end;) {
    const n = data[at]!;
    if (at + 1 + n > end) return undefined;
    strings.push(text.decode(data.subarray(at + 1, at + 1 + n)));
    at += 1 + n;
  }
  return { command: data[0]!, strings };
}

/**
 * Splits what firmware prints into Improv packets and text lines: a packet may follow text
 * on the same line (it starts at "IMPROV\x01"); a packet with a bad checksum is dropped.
 */
export class ImprovStreamParser {
  private line: number[] = [];
  private packet: number[] | undefined;

  constructor(
    private readonly on: {
      packet(p: ImprovPacket): void;
      line?(text: string): void;
      badPacket?(): void;
    },
  ) {}

  push(bytes: Uint8Array): void {
    for (const byte of bytes) {
      if (this.packet) {
        this.packet.push(byte);
        if (this.packet.length >= 9 && this.packet.length === 10 + this.packet[8]!)
          this.finishPacket(this.packet);
        continue;
      }
      if (byte === 0x0a) {
        this.flushLine();
        continue;
      }
      this.line.push(byte);
      if (this.line.length > 4096) this.flushLine();
      if (endsWithHeader(this.line)) {
        this.line.length -= IMPROV_HEADER.length;
        this.flushLine();
        this.packet = Array.from(IMPROV_HEADER);
      }
    }
  }

  private finishPacket(p: number[]): void {
    this.packet = undefined;
    if (checksum(p.slice(0, -1)) !== p.at(-1)) return this.on.badPacket?.();
    this.on.packet({ type: p[7]!, data: Uint8Array.from(p.slice(9, -1)) });
  }

  private flushLine(): void {
    const text = new TextDecoder().decode(Uint8Array.from(this.line)).replace(/\r$/, "");
    this.line = [];
    if (text.length > 0) this.on.line?.(text);
  }
}

function endsWithHeader(line: number[]): boolean {
  const n = IMPROV_HEADER.length;
  if (line.length < n) return false;
  for (let i = 0; i < n; i++) if (line[line.length - n + i] !== IMPROV_HEADER[i]) return false;
  return true;
}
