import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { describe, expect, it } from "vitest";
import { ImageError, parseImage, type ChipFamily } from "../index.js";
import { patchCaseInput, patchCases } from "../../test/helpers/vectors.js";
import { buildImage } from "../../test/helpers/image-builder.js";

function imageError(bytes: Uint8Array, chip: ChipFamily): ImageError {
  try {
    parseImage(bytes, chip);
  } catch (error) {
    if (error instanceof ImageError) return error;
    throw error;
  }
  throw new Error("parseImage accepted the bytes");
}

describe("parseImage", () => {
  it("reads an ESP32 bootloader with appended SHA-256 and trailing data", () => {
    const image = buildImage({ chip: "ESP32", mode: 2, sizeFreq: 0x1f, hashAppended: true });
    const bytes = new Uint8Array(image.length + 100).fill(0xff);
    bytes.set(image);
    const p = parseImage(bytes, "ESP32");
    expect(p.header).toMatchObject({
      segmentCount: 1,
      flashMode: "dio",
      flashSize: "2MB",
      flashFreq: "80m",
      entry: 0x403c8010,
    });
    expect(p.extendedHeader).toMatchObject({
      wpPin: 0xee,
      chipId: 0,
      hashAppended: true,
      maxRevFull: 0xffff,
    });
    expect(p.segments).toEqual([{ offset: 24, address: 0x3fff0000, length: 37 }]);
    expect(p.checksum.valid).toBe(true);
    expect(p.dataLength).toBe(image.length - 32);
    expect(p.dataLength % 16).toBe(0);
    expect(p.sha256).toEqual({
      offset: p.dataLength,
      present: true,
      valid: true,
      stored: bytesToHex(sha256(image.subarray(0, p.dataLength))),
      computed: bytesToHex(sha256(image.subarray(0, p.dataLength))),
    });
    expect(p.trailingBytes).toBe(100);
    expect(p.chipIdMatches).toBe(true);
  });

  it("reads the MicroPython ESP8266 header (qio, 1MB, 40m) without an extended header", () => {
    const p = parseImage(buildImage({ chip: "ESP8266", sizeFreq: 0x20 }), "ESP8266");
    expect(p.header).toMatchObject({ flashMode: "qio", flashSize: "1MB", flashFreq: "40m" });
    expect(p.extendedHeader).toBeUndefined();
    expect(p.sha256).toBeUndefined();
  });

  it("reports what esptool only warns about: bad checksum, stale digest, foreign chip id", () => {
    const image = buildImage({
      chip: "ESP32-C3",
      hashAppended: true,
      badChecksum: true,
      chipId: 9,
    });
    const p = parseImage(image, "ESP32-C3");
    expect(p.checksum.valid).toBe(false);
    expect(p.checksum.computed).toBe(p.checksum.stored ^ 0xff);
    expect(p.sha256?.valid).toBe(true);
    expect(p.chipIdMatches).toBe(false);
    expect(p.warnings.join()).toMatch(/chip id 9/);
    const stale = image.slice();
    stale[3] = 0x40;
    expect(parseImage(stale, "ESP32-C3").sha256?.valid).toBe(false);
    expect(parseImage(image.subarray(0, image.length - 5), "ESP32-C3").sha256).toMatchObject({
      present: false,
      valid: false,
    });
  });

  it("names codes the chip has no name for, and ESP32-C6 freq code 0 as 40m", () => {
    expect(
      parseImage(buildImage({ chip: "ESP32", sizeFreq: 0x93, mode: 7 }), "ESP32").header,
    ).toMatchObject({ flashSize: "0x90", flashFreq: "0x3", flashMode: "0x7" });
    expect(
      parseImage(buildImage({ chip: "ESP32-C6", sizeFreq: 0x20 }), "ESP32-C6").header.flashFreq,
    ).toBe("40m");
  });

  const errors: [string, Uint8Array, ChipFamily, string, number][] = [
    ["too short", Uint8Array.of(0xe9, 1, 2), "ESP32", "image-too-short", 0],
    [
      "bad magic",
      buildImage({ chip: "ESP32" }).map((b, i) => (i === 0 ? 0x00 : b)),
      "ESP32",
      "image-bad-magic",
      0,
    ],
    [
      "ESP8266 v2 image",
      buildImage({ chip: "ESP8266" }).map((b, i) => (i === 0 ? 0xea : b)),
      "ESP8266",
      "image-bad-magic",
      0,
    ],
    [
      "17 segments",
      buildImage({ chip: "ESP32" }).map((b, i) => (i === 1 ? 17 : b)),
      "ESP32",
      "image-too-many-segments",
      1,
    ],
    [
      "hash flag 2",
      buildImage({ chip: "ESP32-S3" }).map((b, i) => (i === 23 ? 2 : b)),
      "ESP32-S3",
      "image-bad-hash-flag",
      23,
    ],
    [
      "cut extended header",
      buildImage({ chip: "ESP32" }).subarray(0, 20),
      "ESP32",
      "image-truncated",
      8,
    ],
    [
      "cut segment header",
      buildImage({ chip: "ESP32" }).subarray(0, 28),
      "ESP32",
      "image-truncated",
      24,
    ],
    [
      "cut segment data",
      buildImage({ chip: "ESP8266" }).subarray(0, 30),
      "ESP8266",
      "image-truncated",
      16,
    ],
    [
      "no checksum byte",
      buildImage({ chip: "ESP32" }).subarray(0, 79),
      "ESP32",
      "image-truncated",
      79,
    ],
  ];
  for (const [what, bytes, chip, code, offset] of errors) {
    it(`throws ${code} at ${offset} for ${what}`, () => {
      const error = imageError(bytes, chip);
      expect(error.code).toBe(code);
      expect(error.offset).toBe(offset);
      expect(error.advice).toBeTruthy();
    });
  }

  it("mentions the v2 format by name", () => {
    expect(imageError(Uint8Array.of(0xea, 1, 0, 0, 0, 0, 0, 0), "ESP8266").message).toMatch(
      /v2 image/,
    );
  });

  it("accepts exactly the vector inputs esptool accepts (valid kinds parse, broken kinds throw)", () => {
    const broken = new Set(["too-short", "bad-magic", "bad-hash-flag", "too-many-segments"]);
    for (const c of patchCases()) {
      const bytes = patchCaseInput(c);
      const chip = c.chip as ChipFamily;
      if (c.kind === "valid" || c.kind === "foreign-chip-id") {
        const p = parseImage(bytes, chip);
        expect(p.checksum.valid, c.name).toBe(true);
        if (p.sha256) expect(p.sha256.valid, c.name).toBe(true);
        expect(p.chipIdMatches, c.name).toBe(c.kind === "valid");
      } else if (broken.has(c.kind)) {
        expect(() => parseImage(bytes, chip), c.name).toThrow(ImageError);
      }
    }
  });
});
