import { expect, it } from "vitest";
import { md5Hex } from "../md5.js";
import { ERASED_PROBE_MD5, PROBE_BYTES } from "./wrap.js";

it("knows the MD5 of erased flash at the start of the chip", () => {
  expect(md5Hex(new Uint8Array(PROBE_BYTES).fill(0xff))).toBe(ERASED_PROBE_MD5);
});
