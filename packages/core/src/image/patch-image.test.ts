import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import {
  CHIPS,
  describePatch,
  parseImage,
  patchImage,
  UnsupportedFlashSettingError,
  type ChipFamily,
} from "../index.js";
import { buildImage, merge } from "../../test/helpers/image-builder.js";
import { digestedBootloader, esp32Bootloader } from "../../test/helpers/secure-images.js";

const keep = { flashMode: "keep", flashFreq: "keep", flashSize: "keep" };

describe("patchImage", () => {
  it("MicroPython on ESP8266: header 1MB → 4MB, nothing else touched", () => {
    const image = merge(
      [{ offset: 0, data: buildImage({ chip: "ESP8266", mode: 0, sizeFreq: 0x20 }) }],
      0x9000,
    );
    const before = image.slice();
    const r = patchImage(image, { chip: "ESP8266", address: 0, ...keep, flashSize: "4MB" });
    expect(r).toMatchObject({
      outcome: "patched",
      shaUpdated: false,
      patchedAt: 0,
      changes: [{ field: "flashSize", from: "1MB", to: "4MB" }],
    });
    expect(Array.from(r.bytes.subarray(0, 4))).toEqual([0xe9, 1, 0x00, 0x40]);
    expect(r.bytes.subarray(4)).toEqual(image.subarray(4));
    expect(image).toEqual(before);
    expect(describePatch(r)).toBe("header 1MB → 4MB");
  });

  it("recomputes an appended SHA-256 even when only the digest was stale", () => {
    const image = buildImage({ chip: "ESP32-C3", sizeFreq: 0x1f, hashAppended: true });
    image[image.length - 1]! ^= 1;
    const r = patchImage(image, { chip: "ESP32-C3", address: 0, ...keep, flashMode: "qio" });
    expect(r).toMatchObject({ outcome: "patched", shaUpdated: true, changes: [] });
    expect(parseImage(r.bytes, "ESP32-C3").sha256?.valid).toBe(true);
    expect(describePatch(r)).toBe("SHA-256 updated");
  });

  it("leaves an image that already has the settings alone (same array back)", () => {
    const image = buildImage({ chip: "ESP32-S3", mode: 2, sizeFreq: 0x20, hashAppended: true });
    const r = patchImage(image, {
      chip: "ESP32-S3",
      address: 0,
      flashMode: "dio",
      flashFreq: "40m",
      flashSize: "4MB",
    });
    expect(r).toMatchObject({
      outcome: "unchanged",
      reasonCode: "same-settings",
      shaUpdated: false,
    });
    expect(r.bytes).toBe(image);
  });

  it("says why it did not patch", () => {
    const image = buildImage({ chip: "ESP32" });
    expect(
      patchImage(image, { chip: "ESP32", address: 0x10000, ...keep, flashSize: "4MB" }).reasonCode,
    ).toBe("not-bootloader-offset");
    expect(patchImage(image, { chip: "ESP32", address: 0x1000, ...keep }).reasonCode).toBe(
      "all-keep",
    );
    expect(
      patchImage(image.subarray(0, 7), { chip: "ESP32", address: 0x1000, ...keep }).reasonCode,
    ).toBe("too-short");
    expect(
      patchImage(image.subarray(0, 40), {
        chip: "ESP32",
        address: 0x1000,
        ...keep,
        flashSize: "4MB",
      }),
    ).toMatchObject({
      reasonCode: "invalid-image",
      reason: expect.stringMatching(/not a valid ESP32 image/),
    });
    expect(
      patchImage(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9), {
        chip: "ESP32",
        address: 0x1000,
        ...keep,
        flashMode: "dio",
      }).reasonCode,
    ).toBe("bad-magic");
  });

  it("throws esptool's messages for settings the chip lacks, and a typed error for modes", () => {
    const image = buildImage({ chip: "ESP32-H2" });
    const patch = (o: Partial<typeof keep>) => () =>
      patchImage(image, { chip: "ESP32-H2", address: 0, ...keep, ...o });
    expect(patch({ flashFreq: "80m" })).toThrow(
      "Flash frequency '80m' is not supported by this chip type. Supported frequencies: 48m, 24m, 16m, 12m",
    );
    expect(patch({ flashSize: "256KB" })).toThrow(UnsupportedFlashSettingError);
    expect(patch({ flashMode: "fastread" })).toThrow(
      "Flash mode 'fastread' is not supported by this chip type. Supported modes: qio, qout, dio, dout",
    );
    try {
      patch({ flashSize: "detect" })();
    } catch (error) {
      expect(error).toMatchObject({
        code: "flash-setting-unsupported",
        setting: "flashSize",
        value: "detect",
        advice: expect.stringMatching(/detectFlashSize/),
      });
    }
    expect.assertions(4);
  });

  describe("beyond esptool: the bootloader inside a merged image", () => {
    const cases: [ChipFamily, number][] = [
      ["ESP32", 0x1000],
      ["ESP32-S2", 0x1000],
      ["ESP32-C5", 0x2000],
      ["ESP32-P4", 0x2000],
    ];
    for (const [chip, bootloaderOffset] of cases) {
      it(`${chip}: merged at 0x0 → patched at 0x${bootloaderOffset.toString(16)}, SHA-256 included`, () => {
        expect(CHIPS[chip].bootloaderOffset).toBe(bootloaderOffset);
        const bootloader = buildImage({ chip, mode: 2, sizeFreq: 0x0f, hashAppended: true });
        const app = buildImage({ chip, hashAppended: true, sizeFreq: 0x0f });
        const merged = merge(
          [
            { offset: bootloaderOffset, data: bootloader },
            { offset: 0x8000, data: Uint8Array.of(0xaa, 0x50) },
            { offset: 0x10000, data: app },
          ],
          0x10000 + app.length,
        );
        const backing = new Uint8Array(merged.length + 16);
        backing.set(merged, 8);
        const view = backing.subarray(8, 8 + merged.length);
        const r = patchImage(view, {
          chip,
          address: 0,
          flashMode: "dio",
          flashFreq: "40m",
          flashSize: "4MB",
        });
        expect(r).toMatchObject({
          outcome: "patched",
          patchedAt: bootloaderOffset,
          shaUpdated: true,
        });
        expect(describePatch(r)).toBe("header 1MB → 4MB, 80m → 40m, SHA-256 updated");
        // Identical to patching the bootloader on its own at its offset.
        const alone = patchImage(bootloader, {
          chip,
          address: bootloaderOffset,
          flashMode: "dio",
          flashFreq: "40m",
          flashSize: "4MB",
        });
        expect(r.bytes.subarray(bootloaderOffset, bootloaderOffset + bootloader.length)).toEqual(
          alone.bytes,
        );
        expect(r.bytes.subarray(0, bootloaderOffset)).toEqual(merged.subarray(0, bootloaderOffset));
        expect(r.bytes.subarray(bootloaderOffset + bootloader.length)).toEqual(
          merged.subarray(bootloaderOffset + bootloader.length),
        );
        expect(view).toEqual(merged);
        // The same merged file written at the bootloader offset itself is esptool's case: not an image at byte 0.
        expect(
          patchImage(merged, { chip, address: bootloaderOffset, ...keep, flashSize: "4MB" })
            .reasonCode,
        ).toBe("bad-magic");
      });
    }

    it("does not trust bytes that are not a clean bootloader for this chip", () => {
      const at = 0x1000;
      const variants: [string, Uint8Array][] = [
        ["bad checksum", buildImage({ chip: "ESP32", badChecksum: true })],
        ["another chip's id", buildImage({ chip: "ESP32", chipId: 2 })],
        [
          "stale digest",
          (() => {
            const b = buildImage({ chip: "ESP32", hashAppended: true });
            b[b.length - 1]! ^= 1;
            return b;
          })(),
        ],
        ["not an image", new Uint8Array(64).fill(0x5a)],
      ];
      for (const [what, bootloader] of variants) {
        const merged = merge([{ offset: at, data: bootloader }], at + 0x100);
        const r = patchImage(merged, { chip: "ESP32", address: 0, ...keep, flashSize: "4MB" });
        expect(r.outcome, what).toBe("unchanged");
        expect(r.reasonCode, what).toBe("not-bootloader-offset");
      }
      // A part at 0x800 holds the bootloader 0x800 bytes in.
      const half = merge([{ offset: 0x800, data: buildImage({ chip: "ESP32" }) }], 0x900);
      expect(
        patchImage(half, { chip: "ESP32", address: 0x800, ...keep, flashSize: "8MB" }).patchedAt,
      ).toBe(0x800);
    });
  });

  describe("data before the inner bootloader: left alone", () => {
    it("esptool's secure boot v1 digest layout (IV + digest at 0x0, bootloader at 0x1000) keeps every byte", () => {
      for (const ivLength of [32, 128] as const) {
        const file = digestedBootloader(ivLength);
        // The inner bootloader on its own would be patched (2MB → 4MB): only the digest in front stops it.
        expect(
          patchImage(file.slice(0x1000), {
            chip: "ESP32",
            address: 0x1000,
            ...keep,
            flashSize: "4MB",
          }).outcome,
        ).toBe("patched");
        const r = patchImage(file, {
          chip: "ESP32",
          address: 0,
          flashMode: "qio",
          flashFreq: "80m",
          flashSize: "4MB",
        });
        expect(r).toMatchObject({
          outcome: "unchanged",
          reasonCode: "data-before-bootloader",
          changes: [],
        });
        expect(r.reason).toMatch(/holds data before its bootloader at 0x1000/);
        expect(r.bytes).toBe(file);
      }
    });

    it("one byte of unknown data anywhere before the bootloader is enough", () => {
      const bootloader = esp32Bootloader();
      for (const at of [0, 0x7ff, 0xfff]) {
        const file = merge([{ offset: 0x1000, data: bootloader }], 0x1000 + bootloader.length);
        file[at] = 0x00;
        expect(
          patchImage(file, { chip: "ESP32", address: 0, ...keep, flashSize: "4MB" }).reasonCode,
          `byte ${at}`,
        ).toBe("data-before-bootloader");
      }
      // Only 0xFF before it, as merge_bin writes: patched.
      const merged = merge([{ offset: 0x1000, data: bootloader }], 0x1000 + bootloader.length);
      expect(
        patchImage(merged, { chip: "ESP32", address: 0, ...keep, flashSize: "4MB" }).patchedAt,
      ).toBe(0x1000);
    });
  });

  it("keeps the output digest equal to the SHA-256 of the patched bytes it covers", () => {
    const image = buildImage({ chip: "ESP32-C6", hashAppended: true });
    const r = patchImage(image, { chip: "ESP32-C6", address: 0, ...keep, flashSize: "16MB" });
    const p = parseImage(r.bytes, "ESP32-C6");
    expect(r.bytes.subarray(p.dataLength, p.dataLength + 32)).toEqual(
      sha256(r.bytes.subarray(0, p.dataLength)),
    );
  });
});
