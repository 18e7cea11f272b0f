import { describe, expect, it } from "vitest";
import { CHIP_FAMILIES, isChipFamily } from "./families.js";

describe("chip families", () => {
  it("recognises every ESP Web Tools chipFamily name and nothing else", () => {
    for (const name of CHIP_FAMILIES) expect(isChipFamily(name)).toBe(true);
    expect(isChipFamily("esp32")).toBe(false);
    expect(isChipFamily("ESP32-C4")).toBe(false);
    expect(isChipFamily(32)).toBe(false);
  });
});
