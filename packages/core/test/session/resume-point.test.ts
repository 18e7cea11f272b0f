import { describe, expect, it } from "vitest";
import { md5Hex } from "../../src/md5.js";
import type { Loader } from "../../src/loader/index.js";
import type { PreparedPart } from "../../src/session/types.js";
import { resumePoint } from "../../src/session/write.js";

const KB = 1024;

/** A part at 0x10000 and a flash holding its first `held` bytes (the rest erased); MD5s asked are counted. */
function setup(held: number) {
  const data = new Uint8Array(512 * KB).map((_, i) => (i * 31 + (i >> 9)) & 0xff);
  const flash = new Uint8Array(data.length).fill(0xff);
  flash.set(data.subarray(0, held));
  const asked: number[] = [];
  const loader = {
    md5: async (offset: number, size: number) => {
      asked.push(offset);
      return md5Hex(flash.subarray(offset - 0x10000, offset - 0x10000 + size));
    },
  } as unknown as Loader;
  const part = { name: "app", offset: 0x10000, size: data.length, data } as PreparedPart;
  return { loader, part, asked };
}

describe("resumePoint: where a part goes on after a reset mid-write", () => {
  it("the first 64 KB granule the flash does not hold, even when more was acknowledged", async () => {
    const { loader, part } = setup(200 * KB);
    expect(await resumePoint(loader, part, 300 * KB)).toBe(192 * KB);
  });

  it("never past what the chip acknowledged, whatever the flash holds", async () => {
    const { loader, part, asked } = setup(400 * KB);
    expect(await resumePoint(loader, part, 150 * KB)).toBe(128 * KB);
    expect(asked).toEqual([0x10000, 0x20000]);
  });

  it("from the start when the first granule differs, or less than one was acknowledged", async () => {
    expect(await resumePoint(setup(10 * KB).loader, setup(10 * KB).part, 300 * KB)).toBe(0);
    const { loader, part, asked } = setup(400 * KB);
    expect(await resumePoint(loader, part, 60 * KB)).toBe(0);
    expect(asked).toEqual([]);
  });
});
