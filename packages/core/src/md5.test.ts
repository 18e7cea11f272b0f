import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { md5Hex } from "./md5.js";

const reference = (bytes: Uint8Array) => createHash("md5").update(bytes).digest("hex");

describe("md5Hex", () => {
  it("equals node:crypto's MD5 on random buffers of every size around the 64-byte block and its padding", () => {
    for (let size = 0; size <= 200; size++) {
      const bytes = randomBytes(size);
      expect(md5Hex(bytes), `size ${size}`).toBe(reference(bytes));
    }
  });

  it("equals node:crypto's MD5 on large odd-sized buffers and on views into a larger buffer", () => {
    for (const size of [4095, 65_537, 1_048_573, 4 * 1024 * 1024 + 3]) {
      const backing = new Uint8Array(randomBytes(size + 11));
      const view = backing.subarray(7, 7 + size); // byteOffset 7: not word-aligned
      expect(md5Hex(view), `size ${size}`).toBe(reference(view));
      expect(md5Hex(backing)).toBe(reference(backing));
    }
  });

  it("gives the known digests of RFC 1321's test suite", () => {
    const ascii = (s: string) => new TextEncoder().encode(s);
    expect(md5Hex(ascii(""))).toBe("d41d8cd98f00b204e9800998ecf8427e");
    expect(md5Hex(ascii("abc"))).toBe("900150983cd24fb0d6963f7d28e17f72");
    expect(
      md5Hex(
        ascii("12345678901234567890123456789012345678901234567890123456789012345678901234567890"),
      ),
    ).toBe("57edf4a22be3c955ac49da2e2107b67a");
  });
});
