import type { SparseFlash } from "../../flash/sparse-flash.js";

// Wi-Fi credentials in flash: in NVS (0x9000) when there is an ESP-IDF partition table at
// 0x8000, else near the end of flash as the ESP8266 SDK keeps them. A full erase removes them.
const MAGIC = [0x57, 0x49, 0x46, 0x49]; // "WIFI"

function offset(flash: SparseFlash): number {
  const table = flash.read(0x8000, 2);
  return table[0] === 0xaa && table[1] === 0x50 ? 0x9000 : flash.size - 0x4000;
}

export function loadSettings(flash: SparseFlash): { ssid: string; password: string } | undefined {
  const at = offset(flash);
  const head = flash.read(at, 6);
  if (!MAGIC.every((b, i) => head[i] === b)) return undefined;
  const [ssidLen, passLen] = [head[4]!, head[5]!];
  const text = new TextDecoder();
  const body = flash.read(at + 6, ssidLen + passLen);
  return {
    ssid: text.decode(body.subarray(0, ssidLen)),
    password: text.decode(body.subarray(ssidLen)),
  };
}

export function saveSettings(flash: SparseFlash, s: { ssid: string; password: string }): void {
  const at = offset(flash);
  const ssid = new TextEncoder().encode(s.ssid),
    password = new TextEncoder().encode(s.password);
  flash.eraseSector(at);
  flash.program(
    at,
    Uint8Array.from([...MAGIC, ssid.length, password.length, ...ssid, ...password]),
  );
}
