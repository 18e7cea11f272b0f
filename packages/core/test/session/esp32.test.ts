import { describe, expect, it } from "vitest";
import { sha256 } from "@noble/hashes/sha2.js";
import { makeSampleFirmware } from "@esp-flash/virtual-device";
import { FlashSession, parseImage } from "../../src/index.js";
import { board, manifest, options, record, serve } from "../helpers/session.js";

const equal = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

// An ESP-IDF bootloader carries a SHA-256 of itself: patching the header must recompute it.
describe("ESP32 images with an appended SHA-256", () => {
  it("patches a merged image written at 0x0 (bootloader inside at 0x1000) and the board boots", async () => {
    const firmware = makeSampleFirmware("esp32-merged", {
      chip: "ESP32",
      flashSize: "2MB",
      size: 96 * 1024,
    });
    const merged = firmware.merged!;
    const { device, port } = board({ chip: "ESP32", flashSize: "8MB" });
    const session = new FlashSession(
      options(
        port,
        manifest({ chipFamily: "ESP32", parts: [{ path: "merged.bin", offset: 0 }] }),
        serve({ "merged.bin": merged }).fetch,
      ),
    );
    const events = record(session);
    const result = await session.run();
    expect(result.outcome).toBe("flashed");
    const patch = events.find(([t]) => t === "patch")?.[1];
    expect(patch).toMatchObject({
      offset: 0,
      shaUpdated: true,
      text: expect.stringContaining("2MB → 8MB"),
    });
    const written = device.flash.read(0, merged.length);
    const bootloader = parseImage(written.subarray(0x1000), "ESP32");
    expect(bootloader.header.flashSize).toBe("8MB");
    // The digest that follows the image is the SHA-256 of the patched image.
    const end = 0x1000 + bootloader.dataLength;
    expect(equal(written.subarray(end, end + 32), sha256(written.subarray(0x1000, end)))).toBe(
      true,
    );
    expect(device.lastBoot?.ok, device.bootLog).toBe(true);
  });

  it("patches a separate bootloader at 0x1000, leaves other parts alone, and the board boots", async () => {
    const firmware = makeSampleFirmware("esp32-parts", {
      chip: "ESP32",
      flashSize: "2MB",
      size: 96 * 1024,
    });
    const { device, port } = board({ chip: "ESP32", flashSize: "4MB" });
    const files = Object.fromEntries(firmware.parts.map((p) => [`${p.name}.bin`, p.data]));
    const m = manifest({
      chipFamily: "ESP32",
      parts: firmware.parts.map((p) => ({ path: `${p.name}.bin`, offset: p.offset })),
    });
    const session = new FlashSession(options(port, m, serve(files).fetch));
    const events = record(session);
    await session.run();
    const patches = events.filter(([t]) => t === "patch").map(([, d]) => d);
    expect(patches).toEqual([
      expect.objectContaining({
        offset: 0x1000,
        shaUpdated: true,
        text: expect.stringContaining("2MB → 4MB"),
      }),
    ]);
    for (const part of firmware.parts.filter((p) => p.offset !== 0x1000)) {
      expect(equal(device.flash.read(part.offset, part.data.length), part.data), part.name).toBe(
        true,
      );
    }
    expect(device.lastBoot?.ok, device.bootLog).toBe(true);
  });
});
