import { describe, expect, it } from "vitest";
import { CHIP_FAMILIES } from "../chips.js";
import { VirtualEsp } from "../device/virtual-esp.js";
import { makeSampleFirmware, type SampleFirmware } from "./index.js";

/** Put the parts on a chip as a flasher would, then power it up from flash. */
function bootOn(fw: SampleFirmware, flashSize: string) {
  const image = new Uint8Array(
    fw.parts.reduce((n, p) => Math.max(n, p.offset + p.data.length), 0),
  ).fill(0xff);
  for (const p of fw.parts) image.set(p.data, p.offset);
  return new VirtualEsp({ chip: fw.chip, flashSize, flashContents: image }).lastBoot;
}

describe("sample firmware boots on the virtual chip", () => {
  it.each(CHIP_FAMILIES.map((c) => [c]))("%s app", (chip) => {
    const fw = makeSampleFirmware("app", { chip, size: 64 * 1024, flashSize: "4MB" });
    expect(bootOn(fw, "4MB")).toMatchObject({ ok: true, problems: [] });
  });

  it("esp32-merged for ESP32 and ESP32-C5 (bootloader at 0x2000)", () => {
    for (const chip of ["ESP32", "ESP32-C5"] as const) {
      expect(
        bootOn(makeSampleFirmware("esp32-merged", { chip, flashSize: "4MB" }), "4MB"),
      ).toMatchObject({ ok: true });
    }
  });

  it("MicroPython's 1MB header on a 4MB ESP8266 shows the mismatch users hit", () => {
    const boot = bootOn(makeSampleFirmware("micropython-esp8266"), "4MB");
    expect(boot).toMatchObject({ ok: false, headerFlashSize: "1MB", chipFlashSize: "4MB" });
    expect(
      bootOn(makeSampleFirmware("micropython-esp8266", { flashSize: "4MB" }), "4MB"),
    ).toMatchObject({ ok: true });
  });
});
