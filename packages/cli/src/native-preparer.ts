// The part's CPU work for a flash, with Node's own zlib for the deflate: the same level-9
// stream core's pako makes in the browser, but in C on libuv's thread pool — pako took about
// 0.7 s of CPU for a 600 KB image, most of the CLI's CPU time next to esptool.py's C zlib.
import { createDeflate } from "node:zlib";
import {
  prepareImage,
  type DeflatedBlock,
  type DeflatedImage,
  type ImageJob,
  type Preparer,
} from "@esp-flash/core/prepare";

/**
 * Deflates `data` into blocks of exactly `blockSize` (the last may be shorter), each noting
 * how much input had been handed to zlib when it came out: an upper bound of what it covers,
 * which the write loop uses for the block's timeout and progress. One piece is fed at a time,
 * so the bound stays within one piece of the truth.
 */
export async function deflateNative(data: Uint8Array, blockSize: number): Promise<DeflatedImage> {
  const deflater = createDeflate({ level: 9, chunkSize: blockSize });
  const blocks: DeflatedBlock[] = [];
  let pending: Buffer = Buffer.alloc(0);
  let fed = 0;
  deflater.on("data", (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= blockSize) {
      blocks.push({ data: new Uint8Array(pending.subarray(0, blockSize)), inputEnd: fed });
      pending = pending.subarray(blockSize);
    }
  });
  const ended = new Promise<void>((resolve, reject) => {
    deflater.on("end", resolve);
    deflater.on("error", reject);
  });
  for (let at = 0; at < data.length; at += blockSize) {
    const piece = data.subarray(at, Math.min(data.length, at + blockSize));
    fed += piece.length;
    // The callback comes once zlib has taken the piece and emitted what it made of it.
    await new Promise<void>((resolve, reject) =>
      deflater.write(piece, (error) => (error ? reject(error) : resolve())),
    );
  }
  deflater.end();
  await ended;
  if (pending.length) blocks.push({ data: new Uint8Array(pending), inputEnd: fed });
  return { blockSize, blocks };
}

/** Core's Preparer with Node's zlib: patch and MD5 as core does, deflate natively. */
export const nativePreparer: Preparer = {
  prepare(job: ImageJob, blockSize: number) {
    const image = prepareImage(job);
    return Promise.resolve({ image, deflated: deflateNative(image.data, blockSize) });
  },
};
