/** UARTs read through a few percent of rate error; beyond that the bytes are junk. */
export function sameRate(a: number, b: number): boolean {
  return Math.abs(a / b - 1) <= 0.03;
}

/** Bytes sent at the wrong baud arrive as framing junk: deterministic, never a valid frame. */
export function garble(bytes: Uint8Array, hostBaud: number, deviceBaud: number): Uint8Array {
  const ratio = hostBaud / deviceBaud;
  const n = Math.max(1, Math.round(bytes.length / ratio));
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const b = bytes[Math.min(bytes.length - 1, Math.floor(i * ratio))]!;
    out[i] = ((b * 0x9d) ^ 0xa5 ^ i) & 0xff;
    if (out[i] === 0xc0 || out[i] === 0xdb) out[i] = 0x00;
  }
  return out;
}
