import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { deflateBlocks } from "@esp-flash/core/prepare";
import { deflateNative } from "./native-preparer.js";

/** Firmware-like bytes: compressible runs with noise, so the stream spans many blocks. */
function sample(length: number): Uint8Array {
  let x = 7;
  return Uint8Array.from({ length }, (_, i) => {
    x = (x * 1103515245 + 12345) >>> 0;
    return i % 64 < 40 ? (i >> 6) & 0xff : x >>> 24;
  });
}

describe("deflateNative", () => {
  it("cuts one zlib stream into write-size blocks, each with an upper bound of the input it covers", async () => {
    const data = sample(300_000);
    const blockSize = 0x4000;
    const { blocks } = await deflateNative(data, blockSize);
    const joined = Buffer.concat(blocks.map((b) => b.data));
    // Compared as buffers: an element-by-element toEqual on 300 KB takes seconds.
    expect(Buffer.compare(inflateSync(joined), data)).toBe(0);
    blocks.slice(0, -1).forEach((b) => expect(b.data.length).toBe(blockSize));
    expect(blocks.at(-1)!.inputEnd).toBe(data.length);
    // The bound never falls behind what the stream so far decodes to, and never goes backwards.
    let covered = 0;
    for (const [i, b] of blocks.entries()) {
      expect(b.inputEnd).toBeGreaterThanOrEqual(i ? blocks[i - 1]!.inputEnd : 0);
      covered += b.data.length;
      expect(b.inputEnd).toBeLessThanOrEqual(data.length);
      expect(b.inputEnd).toBeGreaterThanOrEqual(Math.min(data.length, covered));
    }
  });

  it("sends about as many bytes as core's pako blocks (same level 9)", async () => {
    const data = sample(200_000);
    const native = await deflateNative(data, 0x4000);
    const pako = deflateBlocks(data, 0x4000);
    const size = (blocks: { data: Uint8Array }[]) => blocks.reduce((n, b) => n + b.data.length, 0);
    expect(Math.abs(size(native.blocks) - size(pako)) / size(pako)).toBeLessThan(0.02);
  });
});
