// Reading SLIP frames from esptool-js's Transport buffer in one pass per chunk. esptool-js
// 0.7.0's Transport.read() grows each frame one byte at a time (a new array per byte), so a
// 4 KB READ_FLASH frame costs ~8 MB of copying: a 1 MB backup froze a page for half a minute.
// Same frames, same errors, same timeouts; only the copying is gone.

const END = 0xc0;
const ESC = 0xdb;
const ESC_END = 0xdc;
const ESC_ESC = 0xdd;

/** Why a stream is not SLIP; `message` is esptool-js's own wording (error mapping reads it). */
export class SlipStreamError extends Error {
  constructor(
    message: string,
    /** The bytes that were being read, for the panic check. */
    readonly bytes: Uint8Array,
  ) {
    super(message);
  }
}

const hex = (byte: number) => `0x${byte.toString(16)}`;

/**
 * One frame's decoding, fed the chunks the port delivers. `feed` returns the frame and the
 * bytes after its closing C0 once the frame is complete, or undefined to be fed more.
 */
export class SlipFrameDecoder {
  #parts: Uint8Array[] = [];
  #started = false;
  #escaping = false;

  /** True once the opening C0 arrived (esptool-js words a timeout differently then). */
  get started(): boolean {
    return this.#started;
  }

  feed(bytes: Uint8Array): { frame: Uint8Array; rest: Uint8Array } | undefined {
    const out = new Uint8Array(bytes.length);
    let o = 0;
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i]!;
      if (!this.#started) {
        if (byte !== END) {
          throw new SlipStreamError(
            `Invalid head of packet (${hex(byte)}): Possible serial noise or corruption.`,
            bytes,
          );
        }
        this.#started = true;
      } else if (this.#escaping) {
        this.#escaping = false;
        if (byte === ESC_END) out[o++] = END;
        else if (byte === ESC_ESC) out[o++] = ESC;
        else throw new SlipStreamError(`Invalid SLIP escape (0xdb, ${hex(byte)})`, bytes);
      } else if (byte === ESC) {
        this.#escaping = true;
      } else if (byte === END) {
        this.#parts.push(out.subarray(0, o));
        return { frame: concat(this.#parts), rest: bytes.subarray(i + 1) };
      } else {
        out[o++] = byte;
      }
    }
    if (o > 0) this.#parts.push(out.subarray(0, o));
    return undefined;
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!.slice();
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const frame = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    frame.set(part, at);
    at += part.length;
  }
  return frame;
}
