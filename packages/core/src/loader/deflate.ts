// Deflating a part into write-size blocks with the platform's own zlib (CompressionStream, in
// browsers, workers and Node alike): no library on the page or in the worker, and no esptool-js,
// so a Web Worker can do it (and its types leak nothing of the loader into the public API).

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
 * The stream is zlib's at its default level: within 0.1 % of level 9 on firmware, many times
 * faster than any JavaScript deflate, and any zlib stream inflates on the flasher stub.
 */
export async function deflateBlocks(data: Uint8Array, blockSize: number): Promise<DeflatedBlock[]> {
  const stream = new CompressionStream("deflate");
  const blocks: DeflatedBlock[] = [];
  // Counted before each piece goes in: output can only come from input already handed over.
  let fed = 0;
  let block = new Uint8Array(blockSize);
  let filled = 0;
  const collect = async () => {
    for await (const chunk of stream.readable as unknown as AsyncIterable<Uint8Array>) {
      for (let at = 0; at < chunk.length;) {
        const n = Math.min(blockSize - filled, chunk.length - at);
        block.set(chunk.subarray(at, at + n), filled);
        filled += n;
        at += n;
        if (filled === blockSize) {
          blocks.push({ data: block, inputEnd: fed });
          block = new Uint8Array(blockSize);
          filled = 0;
        }
      }
    }
    if (filled > 0) blocks.push({ data: block.slice(0, filled), inputEnd: fed });
  };
  const collecting = collect();
  const writer = stream.writable.getWriter();
  try {
    for (let at = 0; at < data.length; at += blockSize) {
      const piece = data.subarray(at, Math.min(data.length, at + blockSize));
      fed += piece.length;
      await writer.write(piece as Uint8Array<ArrayBuffer>); // never a SharedArrayBuffer view here
    }
    await writer.close();
  } catch (error) {
    await collecting.catch(() => undefined);
    throw error;
  }
  await collecting;
  return blocks;
}
