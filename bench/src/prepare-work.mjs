// The CPU work of preparing one image for writing, shared by the Node and browser runs: ours is
// core's prepareForWrite, the very function the browser's prepare worker runs per part (pad,
// patch, MD5, deflate into write blocks); the baseline is pako's deflate alone, at the same
// level and into the same blocks.
import { prepareForWrite } from "@esp-flash/core/prepare";
import { Deflate } from "pako";

/** The stub loader's write size: the blocks the product deflates a part into. */
export const BLOCK_SIZE = 0x4000;

/** A full ESP8266 flash written at 0x0 as a "detect" manifest would: the header gets the size. */
export const jobFor = (image) => ({
  bytes: image,
  chip: "ESP8266",
  address: 0,
  flashMode: "keep",
  flashFreq: "keep",
  flashSize: "4MB",
  sizeDetected: true,
});

export function prepareOurs(image) {
  const { deflated } = prepareForWrite(jobFor(image), BLOCK_SIZE);
  return deflated.blocks.reduce((n, b) => n + b.data.length, 0);
}

/** pako at level 9, fed the image in write-size pieces with write-size output chunks. */
export function deflateOnly(image) {
  let size = 0;
  const deflater = new Deflate({ level: 9, chunkSize: BLOCK_SIZE });
  deflater.onData = (chunk) => (size += chunk.length);
  for (let at = 0; at < image.length; at += BLOCK_SIZE)
    deflater.push(image.subarray(at, at + BLOCK_SIZE), at + BLOCK_SIZE >= image.length);
  return size;
}

/** What is timed: one part's preparation as the product does it, and pako alone. */
export const WORK = { ours: prepareOurs, pako: deflateOnly };

const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Medians of `runs` timings of each, alternated so that drift on a busy machine falls on both
 * alike. `time(name)` runs `WORK[name]` once and answers the CPU milliseconds it took.
 */
export async function compare(time, runs) {
  const ours = [];
  const pako = [];
  for (let i = 0; i < runs; i++) {
    ours.push(await time("ours"));
    pako.push(await time("pako"));
  }
  return { oursMs: median(ours), pakoMs: median(pako) };
}
