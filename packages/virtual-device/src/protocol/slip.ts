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
    let i = 0;
    const n = bytes.length;
    // Next C0 / DB positions, found with native indexOf and reused until passed.
    let nextEnd = -2;
    let nextEsc = -2;
    while (i < n) {
      if (!this.inFrame) {
        // Outside a frame only C0 matters.
        const next = bytes.indexOf(SLIP_END, i);
        if (next < 0) return;
        this.openFrame();
        i = next + 1;
        continue;
      }
      if (this.escaped) {
        this.escaped = false;
        const byte = bytes[i++]!;
        if (byte === SLIP_ESC_END) this.append(SLIP_END);
        else if (byte === SLIP_ESC_ESC) this.append(SLIP_ESC);
        else if (byte === SLIP_END) {
          this.broken = true;
          this.closeFrame();
        } else {
          this.broken = true;
          this.append(byte);
        }
        continue;
      }
      if (nextEnd !== -1 && nextEnd < i) nextEnd = bytes.indexOf(SLIP_END, i);
      if (nextEsc !== -1 && nextEsc < i) nextEsc = bytes.indexOf(SLIP_ESC, i);
      let j = n;
      if (nextEnd >= 0) j = nextEnd;
      if (nextEsc >= 0 && nextEsc < j) j = nextEsc;
      // Copy the run up to the next special byte in one go: the hot path for data blocks.
      if (j > i) this.appendRun(bytes, i, j);
      if (j >= n) return;
      if (j === nextEnd) this.closeFrame();
      else this.escaped = true;
      i = j + 1;
    }
  }

  private openFrame(): void {
    this.inFrame = true;
    this.length = 0;
    this.escaped = false;
    this.broken = false;
  }

  /** C0 both closes a frame and opens the next one. */
  private closeFrame(): void {
    if (this.length > 0) {
      if (this.broken) this.onBroken("bad-escape");
      else if (this.length > this.maxFrame) this.onBroken("too-long");
      else this.onFrame(this.buffer.subarray(0, this.length));
    }
    this.openFrame();
  }

  private append(byte: number): void {
    if (this.length >= this.maxFrame) {
      this.length = this.maxFrame + 1;
      return;
    }
    if (this.length >= this.buffer.length) this.grow(this.length + 1);
    this.buffer[this.length++] = byte;
  }

  private appendRun(bytes: Uint8Array, from: number, to: number): void {
    const count = to - from;
    if (this.length + count > this.maxFrame) {
      // Keep counting but stop storing: the frame is reported as too long when it ends.
      this.length = this.maxFrame + 1;
      return;
    }
    if (this.length + count > this.buffer.length) this.grow(this.length + count);
    this.buffer.set(bytes.subarray(from, to), this.length);
    this.length += count;
  }

  private grow(min: number): void {
    let size = this.buffer.length * 2;
    while (size < min) size *= 2;
    const bigger = new Uint8Array(Math.min(size, this.maxFrame + 1));
    bigger.set(this.buffer.subarray(0, Math.min(this.length, bigger.length)));
    this.buffer = bigger;
  }
}
