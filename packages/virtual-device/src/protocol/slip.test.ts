import { describe, expect, it } from "vitest";
import { SlipDecoder, slipEncode } from "./slip.js";

describe("slipEncode", () => {
  it("frames with C0 and escapes C0 and DB", () => {
    expect([...slipEncode(Uint8Array.of(1, 0xc0, 2, 0xdb, 3))]).toEqual([
      0xc0, 1, 0xdb, 0xdc, 2, 0xdb, 0xdd, 3, 0xc0,
    ]);
  });
});

describe("SlipDecoder", () => {
  function decode(chunks: number[][]): { frames: number[][]; broken: string[] } {
    const frames: number[][] = [];
    const broken: string[] = [];
    const d = new SlipDecoder(
      (f) => frames.push([...f]),
      (r) => broken.push(r),
      16,
    );
    for (const c of chunks) d.push(Uint8Array.from(c));
    return { frames, broken };
  }

  it("round-trips an encoded frame split across chunks", () => {
    const wire = [...slipEncode(Uint8Array.of(0xc0, 0xdb, 7))];
    const { frames } = decode([wire.slice(0, 2), wire.slice(2)]);
    expect(frames).toEqual([[0xc0, 0xdb, 7]]);
  });

  it("ignores bytes outside frames and reports bad escapes and oversized frames", () => {
    const { frames, broken } = decode([
      [1, 2, 3, 0xc0, 0xdb, 0x01, 0xc0],
      [0xc0, ...new Array<number>(20).fill(5), 0xc0],
      [0xc0, 9, 0xc0],
    ]);
    expect(frames).toEqual([[9]]);
    expect(broken).toEqual(["bad-escape", "too-long"]);
  });

  it("round-trips many frames full of C0 and DB, whatever the chunking", () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) / 65536;
    const payloads = Array.from({ length: 50 }, () =>
      Uint8Array.from(
        { length: 1 + Math.floor(rnd() * 300) },
        () => [0xc0, 0xdb, 0xdc, 0xdd, 7][Math.floor(rnd() * 5)]!,
      ),
    );
    const wire = payloads.flatMap((p) => [...slipEncode(p)]);
    const got: number[][] = [];
    const d = new SlipDecoder((f) => got.push([...f]));
    for (let at = 0; at < wire.length;) {
      const n = 1 + Math.floor(rnd() * 40);
      d.push(Uint8Array.from(wire.slice(at, at + n)));
      at += n;
    }
    expect(got).toEqual(payloads.map((p) => [...p]));
  });
});
