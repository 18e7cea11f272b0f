/** SLIP framing as the ESP serial bootloader uses it: C0 ends a frame, DB escapes. */
export const SLIP_END = 0xc0;
export const SLIP_ESC = 0xdb;
export const SLIP_ESC_END = 0xdc;
export const SLIP_ESC_ESC = 0xdd;

export function slipEncode(payload: Uint8Array): Uint8Array {
  let extra = 0;
  for (const byte of payload) if (byte === SLIP_END || byte === SLIP_ESC) extra++;
  const out = new Uint8Array(payload.length + extra + 2);
  let i = 0;
  out[i++] = SLIP_END;
  for (const byte of payload) {
    if (byte === SLIP_END) {
      out[i++] = SLIP_ESC;
      out[i++] = SLIP_ESC_END;
    } else if (byte === SLIP_ESC) {
      out[i++] = SLIP_ESC;
      out[i++] = SLIP_ESC_ESC;
    } else {
      out[i++] = byte;
    }
  }
  out[i] = SLIP_END;
  return out;
}
