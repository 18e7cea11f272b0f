import type { DeflatedImage } from "./deflate.js";
import type { Wire } from "./wire.js";

const ERASE_WRITE_MS_PER_MB = 40_000;
const MIN_BLOCK_TIMEOUT_MS = 3000;

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
  // Deflating here (pako) is the fallback: browsers deflate in the prepare worker, and pages load it only then.
  const blocks =
    deflated?.blockSize === esp.FLASH_WRITE_SIZE
      ? deflated.blocks
      : (await import("./deflate.js")).deflateBlocks(data, esp.FLASH_WRITE_SIZE);
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
