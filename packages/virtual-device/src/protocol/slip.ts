/** SLIP framing as the ESP serial bootloader uses it: C0 delimits a frame, DB escapes. */
export const SLIP_END = 0xc0;
export const SLIP_ESC = 0xdb;
export const SLIP_ESC_END = 0xdc;
export const SLIP_ESC_ESC = 0xdd;

export function slipEncode(payload: Uint8Array): Uint8Array {
  let extra = 0;
  for (let i = 0; i < payload.length; i++) {
    const byte = payload[i]!;
    if (byte === SLIP_END || byte === SLIP_ESC) extra++;
  }
  const out = new Uint8Array(payload.length + extra + 2);
  out[0] = SLIP_END;
  if (extra === 0) {
    out.set(payload, 1);
  } else {
    let o = 1;
    for (let i = 0; i < payload.length; i++) {
      const byte = payload[i]!;
      if (byte === SLIP_END) {
        out[o++] = SLIP_ESC;
        out[o++] = SLIP_ESC_END;
      } else if (byte === SLIP_ESC) {
        out[o++] = SLIP_ESC;
        out[o++] = SLIP_ESC_ESC;
      } else {
        out[o++] = byte;
      }
    }
  }
  out[out.length - 1] = SLIP_END;
  return out;
}

/**
 * Streaming SLIP decoder. Bytes outside a frame are ignored (the ROM does the same);
 * a bad escape marks the frame broken, and broken or oversized frames are dropped and
 * reported, never thrown. The frame handed to `onFrame` is a view valid only during the call.
 */
export class SlipDecoder {
  private buffer: Uint8Array;
  private length = 0;
  private inFrame = false;
  private escaped = false;
  private broken = false;

  constructor(
    private readonly onFrame: (frame: Uint8Array) => void,
    private readonly onBroken: (reason: "bad-escape" | "too-long") => void = () => {},
    private readonly maxFrame = 0x10000,
  ) {
    this.buffer = new Uint8Array(0x4400);
  }

  /** True while inside an unfinished frame. */
  get pending(): boolean {
    return this.inFrame;
  }

  reset(): void {
    this.length = 0;
    this.inFrame = false;
    this.escaped = false;
    this.broken = false;
  }

  push(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i]!;
      if (byte === SLIP_END) {
        if (this.inFrame && this.length > 0) {
          if (this.broken) this.onBroken("bad-escape");
          else this.onFrame(this.buffer.subarray(0, this.length));
        }
        // C0 both closes a frame and opens the next one.
        this.inFrame = true;
        this.length = 0;
        this.escaped = false;
        this.broken = false;
        continue;
      }
      if (!this.inFrame) continue;
      let value = byte;
      if (this.escaped) {
        this.escaped = false;
        if (byte === SLIP_ESC_END) value = SLIP_END;
        else if (byte === SLIP_ESC_ESC) value = SLIP_ESC;
        else this.broken = true;
      } else if (byte === SLIP_ESC) {
        this.escaped = true;
        continue;
      }
      if (this.length >= this.maxFrame) {
        this.onBroken("too-long");
        this.inFrame = false;
        continue;
      }
      if (this.length === this.buffer.length) {
        const bigger = new Uint8Array(Math.min(this.buffer.length * 2, this.maxFrame));
        bigger.set(this.buffer);
        this.buffer = bigger;
      }
      this.buffer[this.length++] = value;
    }
  }
}
