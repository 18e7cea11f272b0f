import { describe, expect, it } from "vitest";
import {
  checkPartsForChip,
  GuardError,
  revisionFromWords,
  revisionProblem,
  revisionWords,
  type ChipFamily,
  type ExtendedHeader,
} from "../index.js";
import { buildImage, merge } from "../../test/helpers/image-builder.js";

const ext = (minRev: number, minRevFull: number, maxRevFull: number): ExtendedHeader => ({
  wpPin: 0xee,
  driveStrength: [0, 0, 0],
  chipId: 0,
  minRev,
  minRevFull,
  maxRevFull,
  hashAppended: false,
});

function refusal(
  parts: { name: string; offset: number; data: Uint8Array }[],
  family: ChipFamily,
  revisionFull?: number,
): GuardError | undefined {
  try {
    checkPartsForChip(
      parts,
      { family, ...(revisionFull !== undefined ? { revisionFull } : {}) },
      { allow: false, log: () => {} },
    );
  } catch (error) {
    if (error instanceof GuardError) return error;
    throw error;
  }
  return undefined;
}

describe("image revision ranges, as esptool reads them", () => {
  it("min/max_rev_full when set; 0xFFFF is no upper limit", () => {
    expect(revisionProblem("a.bin", ext(0, 300, 0xffff), "ESP32", 301)).toBeUndefined();
    expect(revisionProblem("a.bin", ext(0, 300, 0xffff), "ESP32", 200)).toBe(
      "'a.bin' requires chip revision in range [v3.0 - max rev not set] (this chip is revision v2.0).",
    );
    expect(revisionProblem("a.bin", ext(0, 0, 199), "ESP32-S3", 199)).toBeUndefined();
    expect(revisionProblem("a.bin", ext(0, 0, 199), "ESP32-S3", 200)).toBe(
      "'a.bin' requires chip revision in range [v0.0 - v1.99] (this chip is revision v2.0).",
    );
  });

  it("the legacy min_rev (major; minor on ESP32-C3) when the full fields are absent or unset", () => {
    // max_rev_full 0: an image from before the full fields.
    expect(revisionProblem("a.bin", ext(3, 0, 0), "ESP32", 100)).toBe(
      "'a.bin' requires chip revision 3 or higher (this chip is revision 1).",
    );
    expect(revisionProblem("a.bin", ext(3, 0, 0), "ESP32", 300)).toBeUndefined();
    // max 0xFFFF with only min_rev set.
    expect(revisionProblem("a.bin", ext(2, 0, 0xffff), "ESP32-S3", 100)).toMatch(
      /requires chip revision 2 or higher \(this chip is revision 1\)/,
    );
    expect(revisionProblem("a.bin", ext(3, 0, 0), "ESP32-C3", 103)).toBeUndefined();
    expect(revisionProblem("a.bin", ext(3, 0, 0), "ESP32-C3", 102)).toMatch(
      /revision 3 or higher \(this chip is revision 2\)/,
    );
  });
});

describe("chip revision from eFuse words (esptool's fields)", () => {
  it("reads major and minor where each chip keeps them", () => {
    // ESP32-C3/S3: major word 5 bits 24-25; minor bit 3 in word 5 bit 23, bits 0-2 in word 3 bits 18-20.
    expect(revisionWords("ESP32-C3")).toEqual([0x60008858, 0x60008850]);
    expect(revisionFromWords("ESP32-C3", [(1 << 24) | (1 << 23), 4 << 18])).toBe(112);
    // ESP32-C6 is not the C3's layout: both in word 3, major bits 22-23, minor bits 18-21.
    expect(revisionWords("ESP32-C6")).toEqual([0x600b0850]);
    expect(revisionFromWords("ESP32-C6", [(1 << 22) | (2 << 18)])).toBe(102);
    // ESP32-P4: major bit 2 from word 2 bit 23.
    expect(revisionFromWords("ESP32-P4", [(1 << 23) | (1 << 4) | 3])).toBe(503);
    expect(revisionWords("ESP8266")).toEqual([]);
    expect(revisionFromWords("ESP32", [0])).toBeUndefined();
  });
});

describe("checkPartsForChip", () => {
  it("refuses an image whose header names another chip, with esptool's words", () => {
    const app = buildImage({ chip: "ESP32-C3" });
    const error = refusal([{ name: "app.bin", offset: 0x10000, data: app }], "ESP32-S3", 0);
    expect(error).toMatchObject({
      code: "image-wrong-chip",
      message: "'app.bin' is not an ESP32-S3 image: its header names ESP32-C3.",
    });
    expect(error?.advice).toMatch(/Choose the build for ESP32-S3/);
    expect(
      refusal([{ name: "app.bin", offset: 0x10000, data: app }], "ESP32-C3", 0),
    ).toBeUndefined();
  });

  it("looks inside a merged file at the bootloader, and skips what is not an image", () => {
    const merged = merge([{ offset: 0x1000, data: buildImage({ chip: "ESP32-S2" }) }], 0x2000);
    expect(refusal([{ name: "merged.bin", offset: 0, data: merged }], "ESP32", 300)?.code).toBe(
      "image-wrong-chip",
    );
    expect(
      refusal(
        [{ name: "data.bin", offset: 0x9000, data: new Uint8Array(64).fill(0x5a) }],
        "ESP32",
        300,
      ),
    ).toBeUndefined();
    expect(
      refusal([{ name: "fw.bin", offset: 0, data: buildImage({ chip: "ESP8266" }) }], "ESP8266"),
    ).toBeUndefined();
  });

  it("refuses a revision range without this chip; writes anyway (logged) when the manifest allows it", () => {
    const app = buildImage({ chip: "ESP32-S3", minRevFull: 0, maxRevFull: 99 });
    const parts = [{ name: "app.bin", offset: 0x10000, data: app }];
    expect(refusal(parts, "ESP32-S3", 2)).toBeUndefined();
    expect(refusal(parts, "ESP32-S3", 102)).toMatchObject({
      code: "image-chip-revision",
      message: expect.stringContaining("[v0.0 - v0.99] (this chip is revision v1.2)"),
    });
    const log: string[] = [];
    checkPartsForChip(
      parts,
      { family: "ESP32-S3", revisionFull: 102 },
      { allow: true, log: (l) => log.push(l) },
    );
    expect(log).toEqual([
      expect.stringMatching(
        /requires chip revision in range .* Writing it anyway: the manifest allows/,
      ),
    ]);
  });

  it("notes, without refusing, a range it could not check (revision unreadable)", () => {
    const log: string[] = [];
    const parts = [
      { name: "app.bin", offset: 0x10000, data: buildImage({ chip: "ESP32-S3", minRevFull: 100 }) },
    ];
    checkPartsForChip(parts, { family: "ESP32-S3" }, { allow: false, log: (l) => log.push(l) });
    expect(log).toEqual([
      "The chip revision could not be read, so the revision range 'app.bin' requires was not checked.",
    ]);
  });
});

describe("images of the other layout", () => {
  const esp8266Image = buildImage({ chip: "ESP8266" });
  const c3Image = buildImage({ chip: "ESP32-C3" });

  it("refuses an ESP8266 image offered to an ESP32-C3, and a C3 image offered to an ESP8266", () => {
    expect(refusal([{ name: "mp.bin", offset: 0, data: esp8266Image }], "ESP32-C3")).toMatchObject({
      code: "image-wrong-chip",
      message: expect.stringContaining("'mp.bin' is an ESP8266 image, not an ESP32-C3 image"),
    });
    expect(refusal([{ name: "app.bin", offset: 0, data: c3Image }], "ESP8266")).toMatchObject({
      code: "image-wrong-chip",
      message: expect.stringContaining("'app.bin' is an ESP32-C3 image, not an ESP8266 image"),
    });
  });

  it("leaves images of the chip's own layout and plain data alone", () => {
    expect(refusal([{ name: "mp.bin", offset: 0, data: esp8266Image }], "ESP8266")).toBeUndefined();
    expect(refusal([{ name: "app.bin", offset: 0, data: c3Image }], "ESP32-C3")).toBeUndefined();
    const data = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7) & 0xff);
    expect(refusal([{ name: "fs.bin", offset: 0x200000, data }], "ESP32-C3")).toBeUndefined();
  });

  it("writes it anyway, with a log line, when the manifest allows other chips", () => {
    const lines: string[] = [];
    checkPartsForChip(
      [{ name: "mp.bin", offset: 0, data: esp8266Image }],
      { family: "ESP32-C3" },
      { allow: true, log: (line) => lines.push(line) },
    );
    expect(lines.join("\n")).toContain("Writing it anyway");
  });
});
