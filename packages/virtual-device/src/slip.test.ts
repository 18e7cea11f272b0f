import { describe, expect, it } from "vitest";
import { slipEncode } from "./slip.js";

describe("slipEncode", () => {
  it("frames with C0 and escapes C0 and DB", () => {
    expect([...slipEncode(Uint8Array.of(1, 0xc0, 2, 0xdb, 3))]).toEqual([
      0xc0, 1, 0xdb, 0xdc, 2, 0xdb, 0xdd, 3, 0xc0,
    ]);
  });
});
