import { Deflate } from "pako";
import type { Wire } from "./wire.js";

const ERASE_WRITE_MS_PER_MB = 40_000;
const MIN_BLOCK_TIMEOUT_MS = 3000;

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

const blockTimeout = (uncompressed: number) =>
  Math.max(MIN_BLOCK_TIMEOUT_MS, (ERASE_WRITE_MS_PER_MB * uncompressed) / 1e6);

/**
 * FLASH_DEFL_BEGIN, the blocks (esptool-js retries each), and FLASH_DEFL_END for the stub.
 * Blocks deflated ahead of time are sent as they are when cut to this loader's write size.
 */
export async function writeCompressed(
  wire: Wire,
  data: Uint8Array,
  offset: number,
  onProgress: (written: number) => void,
  deflated?: DeflatedImage,
): Promise<void> {
  const { esp, ctl } = wire;
  const blocks =
    deflated?.blockSize === esp.FLASH_WRITE_SIZE ? deflated.blocks : deflateBlocks(data, esp.FLASH_WRITE_SIZE);
  const compressedSize = blocks.reduce((n, b) => n + b.data.length, 0);
  await ctl.run(esp.flashDeflBegin(data.length, compressedSize, offset));
  onProgress(0);
  let previous = 0;
  let previousTimeout = MIN_BLOCK_TIMEOUT_MS;
  for (const [seq, block] of blocks.entries()) {
    const own = blockTimeout(block.inputEnd - previous);
    // The ROM writes a block before it acks; the stub acks at once and writes while the next arrives.
    const timeout = esp.IS_STUB ? Math.max(own, previousTimeout) : own;
    await ctl.run(esp.flashDeflBlock(block.data, seq, timeout));
    previous = block.inputEnd;
    previousTimeout = own;
    onProgress(Math.min(block.inputEnd, data.length));
  }
  if (esp.IS_STUB) await ctl.run(esp.flashDeflFinish(false, previousTimeout));
  onProgress(data.length);
}
