import { describe, expect, it } from "vitest";
import { makeSampleFirmware } from "@esp-flash/virtual-device";
import { CHIP_FAMILIES, chipInfo, flash } from "../../src/index.js";
import { board, manifest, serve } from "../helpers/session.js";

// Small app-sized images keep this fast; the point is that every family connects, detects and flashes.
describe.each(CHIP_FAMILIES.map((family) => [family]))("%s", (family) => {
  it("connects, detects, flashes, verifies and boots", async () => {
    const firmware = makeSampleFirmware("app", { chip: family, size: 8 * 1024 });
    const { device, port } = board({ chip: family, flashSize: "4MB" });
    const files = Object.fromEntries(firmware.parts.map((p) => [`${p.name}.bin`, p.data]));
    const m = manifest({
      chipFamily: family,
      parts: firmware.parts.map((p) => ({ path: `${p.name}.bin`, offset: p.offset })),
    });
    const result = await flash({ port, manifest: m, fetch: serve(files).fetch });
    expect(result.device.family).toBe(family);
    expect(result.device.flashSize).toBe("4MB");
    expect(result.parts.every((p) => p.written && p.verified)).toBe(true);
    expect(firmware.parts[0]!.offset).toBe(chipInfo(family).bootloaderOffset);
    expect(device.lastBoot?.headerFlashSize).toBe("4MB");
    expect(device.lastBoot?.ok, device.bootLog).toBe(true);
  });
});
