import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { describe, expect, it } from "vitest";
import { patchImage, UnsupportedFlashSettingError, type ChipFamily } from "../index.js";
import { patchCaseInput, patchCases } from "../../test/helpers/vectors.js";

const cases = patchCases();

describe("patchImage against esptool v5 (every case of cases.json)", () => {
  it("has the 400 cases", () => expect(cases).toHaveLength(400));

  for (const c of cases) {
    it(`${c.name}: ${c.expect.result}`, () => {
      const input = patchCaseInput(c);
      // A view with a non-zero byteOffset inside a larger buffer, as a download might hand us.
      const backing = new Uint8Array(input.length + 7).fill(0xa5);
      backing.set(input, 3);
      const view = backing.subarray(3, 3 + input.length);
      const before = bytesToHex(backing);
      const options = {
        chip: c.chip as ChipFamily,
        address: c.address,
        flashMode: c.flashMode,
        flashFreq: c.flashFreq,
        flashSize: c.flashSize,
      };
      if (c.expect.result === "error") {
        expect(() => patchImage(view, options)).toThrow(UnsupportedFlashSettingError);
        expect(() => patchImage(view, options)).toThrow(c.expect.message);
      } else {
        const result = patchImage(view, options);
        if (c.expect.result === "unchanged") {
          expect(result.outcome).toBe("unchanged");
          expect(result.bytes).toBe(view);
        } else {
          expect(bytesToHex(result.bytes.subarray(0, 4))).toBe(c.expect.header);
          expect(bytesToHex(sha256(result.bytes))).toBe(c.expect.output_sha256);
          expect(result.outcome).toBe("patched");
          expect(result.shaUpdated).toBe(c.expect.sha_updated === true);
          // esptool completes a digest that the input cut short: the only case where the output grows.
          expect(result.bytes.length > input.length).toBe(result.shaAppended === true);
        }
      }
      expect(bytesToHex(backing)).toBe(before);
    });
  }
});
