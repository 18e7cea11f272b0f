import { describe, expect, it } from "vitest";
import { EspFlashError, flashSizeBytes, flashSizeFromId } from "../index.js";
import { readVectorJson } from "../../test/helpers/vectors.js";

const { ids } = readVectorJson<{ ids: { flashId: number; size: string | null }[] }>(
  "flash-ids.json",
);

describe("flashSizeFromId against esptool's tables (flash-ids.json)", () => {
  it("has the vectors", () => expect(ids.length).toBeGreaterThan(200));
  for (const { flashId, size } of ids) {
    it(`0x${flashId.toString(16)} → ${size ?? "unknown"}`, () => {
      expect(flashSizeFromId(flashId)).toBe(size ?? undefined);
    });
  }
  it("treats nonsense as unknown", () => {
    for (const id of [-1, 1.5, Number.NaN, 2 ** 60]) expect(flashSizeFromId(id)).toBeUndefined();
  });
});

describe("flashSizeBytes", () => {
  it("converts esptool size names", () => {
    expect(flashSizeBytes("4MB")).toBe(4194304);
    expect(flashSizeBytes("256KB")).toBe(262144);
    expect(flashSizeBytes("2MB-c1")).toBe(2097152);
    expect(flashSizeBytes("128MB")).toBe(134217728);
  });
  it("rejects anything else with a typed error", () => {
    for (const bad of ["4mb", "detect", "", "0MB", "4 MB", "keep"]) {
      expect(() => flashSizeBytes(bad)).toThrow(EspFlashError);
    }
  });
});
