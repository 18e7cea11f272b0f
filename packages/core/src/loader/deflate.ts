// Deflating a part into write-size blocks: plain pako, no esptool-js, so a Web Worker can do it
// (and its types leak nothing of the loader into the public API).
import { Deflate } from "pako";

export interface DeflatedBlock {
  data: Uint8Array;
  /** Uncompressed bytes fed to the compressor by the time this block came out (an upper bound). */
  inputEnd: number;
}

/** A part deflated ahead of time (e.g. in a Web Worker), for the write loop to send as is. */
export interface DeflatedImage {
  /** The write size the blocks were cut to. */
  blockSize: number;
  blocks: DeflatedBlock[];
}

/**
 * Deflate once into blocks of exactly the loader's write size, noting how much input each
 * block covers: that bounds each block's flash time (its timeout) and drives progress, with
 * no second pass. esptool-js 0.7.0 re-inflates every block with a 1-byte output chunk for this.
 */
export function deflateBlocks(data: Uint8Array, blockSize: number): DeflatedBlock[] {
  const blocks: DeflatedBlock[] = [];
  let fed = 0;
  const deflater = new Deflate({ level: 9, chunkSize: blockSize });
  deflater.onData = (chunk) => blocks.push({ data: chunk as Uint8Array, inputEnd: fed });
  for (let at = 0; at < data.length; at += blockSize) {
    const piece = data.subarray(at, Math.min(data.length, at + blockSize));
    fed += piece.length;
    deflater.push(piece, fed === data.length);
  }
  if (data.length === 0) deflater.push(new Uint8Array(0), true);
  if (deflater.err) throw new Error(`deflate failed: ${deflater.msg}`);
  // onData hands out whole output buffers; the last one is cut to what the stream filled.
  return blocks.filter((b) => b.data.length > 0);
}
