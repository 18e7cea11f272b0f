import { describe, expect, it } from "vitest";
import { parseChip, parseSize } from "./inputs.js";

describe("command-line numbers and chips", () => {
  it("reads offsets and lengths as esptool users write them", () => {
    expect(parseSize("0x1000", "x")).toBe(4096);
    expect(parseSize("4096", "x")).toBe(4096);
    expect(parseSize("64K", "x")).toBe(65536);
    expect(parseSize("4MB", "x")).toBe(4 * 1024 * 1024);
    expect(() => parseSize("0x", "x")).toThrow(/not a number/);
    expect(() => parseSize("5G", "x")).toThrow(/not a number/);
    expect(() => parseSize("0x100000000", "x")).toThrow(/too large/);
  });

  it("takes chip names in esptool's spelling too", () => {
    expect(parseChip("esp32s3")).toBe("ESP32-S3");
    expect(parseChip("ESP32-C61")).toBe("ESP32-C61");
    expect(parseChip("esp8266")).toBe("ESP8266");
    expect(() => parseChip("esp33")).toThrow(/Unknown chip/);
  });
});
