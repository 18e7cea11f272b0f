import { md5 } from "@noble/hashes/legacy.js";
import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseTestImage } from "../../test/helpers/parse-image.js";
import { CHIP_FAMILIES, type ChipFamily } from "../chips.js";
import { makeSampleFirmware, SampleFirmwareError } from "./index.js";

const ratio = (bytes: Uint8Array) => deflateSync(bytes, { level: 9 }).length / bytes.length;
const u32 = (b: Uint8Array, at: number) => new DataView(b.buffer, b.byteOffset).getUint32(at, true);
const equal = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

describe("micropython-esp8266", () => {
  const fw = makeSampleFirmware("micropython-esp8266");
  const bin = fw.parts[0]!.data;

  it("carries MicroPython's header and a valid v1 image at 0x0", () => {
    expect(fw.chip).toBe("ESP8266");
    expect(fw.headerFlashSize).toBe("1MB");
    expect(fw.parts.map((p) => p.offset)).toEqual([0]);
    expect([...bin.subarray(0, 4)]).toEqual([0xe9, 0x03, 0x00, 0x20]);
    const image = parseTestImage(bin, false);
    expect(image.checksumOk).toBe(true);
    expect(image.segments.map((s) => s.address >>> 20)).toEqual([0x401, 0x3ff, 0x3ff]);
    expect(image.dataLength).toBeLessThan(0x9000 - 4);
    expect(bin.subarray(image.dataLength, 0x9000 - 4).every((b) => b === 0xff)).toBe(true);
  });

  it("has the irom0 length word and the MD5 of everything from byte 4", () => {
    const end = u32(bin, 0x9000 - 4);
    expect(end).toBe(bin.length - 16);
    expect(end).toBeGreaterThan(0x9000);
    expect(equal(md5(bin.subarray(4, end)), bin.subarray(end))).toBe(true);
    expect(Math.abs(bin.length - 600 * 1024)).toBeLessThan(64);
  });

  it("compresses like real firmware", () => {
    expect(ratio(bin)).toBeGreaterThan(0.55);
    expect(ratio(bin)).toBeLessThan(0.65);
  });

  it("writes the requested header size and keeps the MD5 valid", () => {
    const big = makeSampleFirmware("micropython-esp8266", { flashSize: "4MB", size: 100_000 })
      .parts[0]!.data;
    expect(big[3]).toBe(0x40);
    const end = u32(big, 0x9000 - 4);
    expect(equal(md5(big.subarray(4, end)), big.subarray(end))).toBe(true);
  });
});

describe("esp32-merged", () => {
  const fw = makeSampleFirmware("esp32-merged");
  const merged = fw.merged!;

  it("places bootloader, partition table and app where the IDF puts them", () => {
    expect(fw.parts.map((p) => [p.name, p.offset])).toEqual([
      ["bootloader", 0x1000],
      ["partition-table", 0x8000],
      ["app", 0x10000],
    ]);
    for (const part of fw.parts)
      expect(equal(merged.subarray(part.offset, part.offset + part.data.length), part.data)).toBe(
        true,
      );
    expect(merged.subarray(0, 0x1000).every((b) => b === 0xff)).toBe(true);
    expect(Math.abs(merged.length - 1024 * 1024)).toBeLessThan(64);
  });

  it("has a bootloader and an app with valid checksums and appended SHA-256", () => {
    for (const name of ["bootloader", "app"]) {
      const part = fw.parts.find((p) => p.name === name)!;
      const image = parseTestImage(merged.subarray(part.offset), true);
      expect(image).toMatchObject({ checksumOk: true, shaOk: true, chipId: 0, hashAppended: 1 });
      expect(image.header.slice(2)).toEqual([0x02, 0x10]); // dio, 2MB @ 40 MHz
      expect(image.dataLength + 32).toBe(part.data.length);
    }
  });

  it("maps flash segments at addresses congruent to their flash offset (64 KB pages)", () => {
    const image = parseTestImage(fw.parts[2]!.data, true);
    const mapped = image.segments.filter(
      (s) => (s.address >= 0x3f400000 && s.address < 0x3f800000) || s.address >= 0x400d0000,
    );
    expect(mapped).toHaveLength(2);
    for (const s of mapped) expect(s.address % 0x10000).toBe((0x10000 + s.fileOffset) % 0x10000);
  });

  it("has a binary partition table with its MD5 entry", () => {
    const table = merged.subarray(0x8000, 0x8c00);
    const entries: {
      type: number;
      subtype: number;
      offset: number;
      size: number;
      label: string;
    }[] = [];
    let at = 0;
    for (; table[at] === 0xaa && table[at + 1] === 0x50; at += 32) {
      const label = new TextDecoder().decode(table.subarray(at + 12, at + 28)).replace(/\0+$/, "");
      entries.push({
        type: table[at + 2]!,
        subtype: table[at + 3]!,
        offset: u32(table, at + 4),
        size: u32(table, at + 8),
        label,
      });
    }
    expect(entries.map((e) => e.label)).toEqual(["nvs", "phy_init", "factory"]);
    expect(entries[2]).toMatchObject({ type: 0, subtype: 0, offset: 0x10000 });
    expect(entries[2]!.size).toBeGreaterThanOrEqual(fw.parts[2]!.data.length);
    expect([...table.subarray(at, at + 16)]).toEqual([0xeb, 0xeb, ...new Array(14).fill(0xff)]);
    expect(equal(md5(table.subarray(0, at)), table.subarray(at + 16, at + 32))).toBe(true);
    expect(table.subarray(at + 32).every((b) => b === 0xff)).toBe(true);
  });

  it("compresses like real firmware", () => {
    expect(ratio(merged)).toBeGreaterThan(0.55);
    expect(ratio(merged)).toBeLessThan(0.65);
  });

  it("esp32-parts gives the same parts without a merged file", () => {
    const parts = makeSampleFirmware("esp32-parts");
    expect(parts.merged).toBeUndefined();
    parts.parts.forEach((p, i) => expect(equal(p.data, fw.parts[i]!.data)).toBe(true));
  });

  it("refuses partitions that overflow the header's flash size", () => {
    expect(() => makeSampleFirmware("esp32-merged", { size: 3 * 1024 * 1024 })).toThrow(
      SampleFirmwareError,
    );
    const big = makeSampleFirmware("esp32-merged", { size: 3 * 1024 * 1024, flashSize: "4MB" });
    expect(big.parts[0]!.data[3]).toBe(0x20);
  });
});

describe("app", () => {
  const offsets: Record<ChipFamily, number> = {
    ESP8266: 0,
    ESP32: 0x1000,
    "ESP32-S2": 0x1000,
    "ESP32-S3": 0,
    "ESP32-C2": 0,
    "ESP32-C3": 0,
    "ESP32-C5": 0x2000,
    "ESP32-C6": 0,
    "ESP32-C61": 0,
    "ESP32-H2": 0,
    "ESP32-P4": 0x2000,
  };
  const chipIds: Partial<Record<ChipFamily, number>> = {
    ESP32: 0,
    "ESP32-S2": 2,
    "ESP32-S3": 9,
    "ESP32-C2": 12,
    "ESP32-C3": 5,
    "ESP32-C5": 23,
    "ESP32-C6": 13,
    "ESP32-C61": 20,
    "ESP32-H2": 16,
    "ESP32-P4": 18,
  };

  it.each(CHIP_FAMILIES.map((c) => [c]))("%s: bootable image at the bootloader offset", (chip) => {
    const fw = makeSampleFirmware("app", { chip, size: 64 * 1024 });
    expect(fw.parts).toHaveLength(1);
    expect(fw.parts[0]!.offset).toBe(offsets[chip]);
    const data = fw.parts[0]!.data;
    const image = parseTestImage(data, chip !== "ESP8266");
    expect(image.checksumOk).toBe(true);
    if (chip === "ESP8266") {
      expect(image.dataLength).toBe(data.length);
    } else {
      expect(image).toMatchObject({ chipId: chipIds[chip], hashAppended: 1, shaOk: true });
    }
    expect(Math.abs(data.length - 64 * 1024)).toBeLessThan(64);
  });
});

describe("makeSampleFirmware", () => {
  it("is deterministic per seed", () => {
    const a = makeSampleFirmware("app", { seed: 7 }).parts[0]!.data;
    const b = makeSampleFirmware("app", { seed: 7 }).parts[0]!.data;
    const c = makeSampleFirmware("app", { seed: 8 }).parts[0]!.data;
    expect(equal(a, b)).toBe(true);
    expect(equal(a, c)).toBe(false);
  });

  it("rejects layouts for the wrong family and unknown header sizes with typed errors", () => {
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof SampleFirmwareError ? e.code : "other";
      }
      return "none";
    };
    expect(codeOf(() => makeSampleFirmware("micropython-esp8266", { chip: "ESP32" }))).toBe(
      "firmware-chip",
    );
    expect(codeOf(() => makeSampleFirmware("esp32-merged", { chip: "ESP8266" }))).toBe(
      "firmware-chip",
    );
    expect(codeOf(() => makeSampleFirmware("app", { chip: "ESP32-C3", flashSize: "3MB" }))).toBe(
      "firmware-flash-size",
    );
    expect(codeOf(() => makeSampleFirmware("app", { size: 100 }))).toBe("firmware-size");
  });
});
