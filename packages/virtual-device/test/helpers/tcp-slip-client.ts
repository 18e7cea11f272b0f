import { connect, type Socket } from "node:net";

/** A minimal esptool-style client over a raw socket, written independently of the device. */
export interface Reply {
  op: number;
  value: number;
  data: Uint8Array;
}

function encode(payload: Uint8Array): Buffer {
  const out: number[] = [0xc0];
  for (const b of payload) {
    if (b === 0xc0) out.push(0xdb, 0xdc);
    else if (b === 0xdb) out.push(0xdb, 0xdd);
    else out.push(b);
  }
  out.push(0xc0);
  return Buffer.from(out);
}

export class TcpSlipClient {
  private frames: Uint8Array[] = [];
  private partial: number[] | null = null;
  private escaped = false;
  private wake: (() => void) | null = null;

  protected constructor(protected readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => this.decode(this.unwrap(chunk)));
  }

  /** Bytes on the socket → serial bytes (identity for a raw socket). */
  protected unwrap(chunk: Uint8Array): Uint8Array {
    return chunk;
  }

  /** Serial bytes → bytes on the socket (identity for a raw socket). */
  protected wrap(bytes: Uint8Array): Uint8Array {
    return bytes;
  }

  static open(port: number): Promise<TcpSlipClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => resolve(new TcpSlipClient(socket)));
      socket.once("error", reject);
    });
  }

  /** Send `00 op len chk data` and wait (bounded) for the reply with the same op. */
  async command(op: number, data: Uint8Array, checksum = 0, timeoutMs = 2000): Promise<Reply> {
    const packet = new Uint8Array(8 + data.length);
    const view = new DataView(packet.buffer);
    packet[1] = op;
    view.setUint16(2, data.length, true);
    view.setUint32(4, checksum, true);
    packet.set(data, 8);
    this.socket.write(this.wrap(encode(packet)));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const frame = this.frames.shift();
      if (frame) {
        if (frame[0] === 1 && frame[1] === op) {
          const v = new DataView(frame.buffer, frame.byteOffset);
          return { op, value: v.getUint32(4, true), data: frame.subarray(8) };
        }
        continue;
      }
      if (Date.now() > deadline)
        throw new Error(`no reply to op 0x${op.toString(16)} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 20);
      });
    }
  }

  /** Frames that arrived and were not consumed by command(). */
  drain(): Uint8Array[] {
    return this.frames.splice(0);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.socket.once("close", () => resolve());
      this.socket.end();
    });
  }

  private decode(chunk: Uint8Array): void {
    for (const b of chunk) {
      if (b === 0xc0) {
        if (this.partial && this.partial.length > 0)
          this.frames.push(Uint8Array.from(this.partial));
        this.partial = [];
      } else if (this.partial === null) {
        continue; // noise outside a frame
      } else if (this.escaped) {
        this.partial.push(b === 0xdc ? 0xc0 : 0xdb);
        this.escaped = false;
      } else if (b === 0xdb) {
        this.escaped = true;
      } else {
        this.partial.push(b);
      }
    }
    this.wake?.();
  }
}

export const SYNC_DATA = Uint8Array.from([
  0x07,
  0x07,
  0x12,
  0x20,
  ...new Array<number>(32).fill(0x55),
]);

export function u32s(...words: number[]): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  const view = new DataView(out.buffer);
  words.forEach((w, i) => view.setUint32(i * 4, w >>> 0, true));
  return out;
}
