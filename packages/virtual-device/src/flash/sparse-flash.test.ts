import { describe, expect, it } from "vitest";
import { SparseFlash } from "./sparse-flash.js";

describe("SparseFlash", () => {
  it("reads 0xFF when erased and costs nothing until written, even at 16MB", () => {
    const f = new SparseFlash(16 * 1024 * 1024);
    expect(f.read(0xfffff0, 16).every((b) => b === 0xff)).toBe(true);
    expect(f.usedSectors).toBe(0);
    f.program(0x800000, Uint8Array.of(0x12));
    expect(f.usedSectors).toBe(1);
  });

  it("programming only clears bits; erase sets them again", () => {
    const f = new SparseFlash(0x100000);
    f.program(0x1000, Uint8Array.of(0xf0));
    f.program(0x1000, Uint8Array.of(0x3c));
    expect(f.read(0x1000, 1)[0]).toBe(0x30);
    f.eraseSector(0x1fff);
    expect(f.read(0x1000, 1)[0]).toBe(0xff);
  });

  it("erases 64 KB blocks and wraps addresses at the chip size", () => {
    const f = new SparseFlash(0x40000);
    f.program(0x10000, new Uint8Array(0x20000).fill(0));
    f.eraseBlock(0x1abcd);
    expect(f.read(0x10000, 0x10000).every((b) => b === 0xff)).toBe(true);
    expect(f.read(0x20000, 1)[0]).toBe(0);
    f.program(0x40000 + 5, Uint8Array.of(0x42));
    expect(f.read(5, 1)[0]).toBe(0x42);
  });

  it("programs across sector boundaries", () => {
    const f = new SparseFlash(0x40000);
    const data = Uint8Array.from({ length: 0x2100 }, (_, i) => i & 0x7f);
    f.program(0xf80, data);
    expect(f.read(0xf80, data.length)).toEqual(data);
  });
});
