import { describe, expect, it } from "vitest";
import { CHIP_MODELS } from "../../src/chips.js";
import type { ChipFamily } from "../../src/chips.js";
import { VirtualEsp } from "../../src/device/virtual-esp.js";
import { makeSampleFirmware } from "../../src/firmware/index.js";
import { esptool } from "./helpers.js";
import { buildImage } from "./image-builder.js";

const keep = {
  flashSize: "keep",
  flashMode: "keep",
  flashFreq: "keep",
  eraseAll: false,
  compress: true,
} as const;

/** Flash an image with esptool-js, then reset into the firmware with a working sequence. */
async function flashAndBoot(
  chip: ChipFamily,
  image: Uint8Array,
  flashSize = "4MB",
): Promise<VirtualEsp> {
  const device = new VirtualEsp({ chip, flashSize });
  const { loader } = esptool(device);
  await loader.main("default_reset");
  await loader.writeFlash({
    ...keep,
    fileArray: [{ data: image, address: CHIP_MODELS[chip].bootloaderOffset }],
  });
  await loader.after("custom_reset", undefined, "D0|R1|W100|R0");
  return device;
}

describe("boot from flash", () => {
  it("ESP8266: a header matching the chip boots cleanly at 74880 then talks at 115200", async () => {
    const device = await flashAndBoot("ESP8266", buildImage("ESP8266", { sizeByte: 0x40 }));
    expect(device.state).toBe("running");
    expect(device.lastBoot).toEqual({
      ok: true,
      problems: [],
      headerFlashSize: "4MB",
      chipFlashSize: "4MB",
    });
    expect(device.bootLog).toContain("boot mode:(3,6)");
    expect(device.deviceBaud).toBe(115200);
  });

  it("ESP8266: MicroPython's 1MB header on a 4MB chip runs, but the mismatch is plain in the log", async () => {
    const device = await flashAndBoot("ESP8266", buildImage("ESP8266", { sizeByte: 0x20 }));
    expect(device.state).toBe("running");
    expect(device.lastBoot?.ok).toBe(false);
    expect(device.lastBoot?.headerFlashSize).toBe("1MB");
    expect(device.bootLog).toMatch(/FLASH SIZE MISMATCH: image header says 1MB, chip has 4MB/);
  });

  it("ESP32: a bootloader with a good SHA-256 boots", async () => {
    const device = await flashAndBoot("ESP32", buildImage("ESP32", { sizeByte: 0x20 }));
    expect(device.lastBoot).toMatchObject({ ok: true, headerFlashSize: "4MB" });
    expect(device.state).toBe("running");
  });

  it("ESP32: a header larger than the chip is refused, as the IDF bootloader does", async () => {
    const device = await flashAndBoot("ESP32", buildImage("ESP32", { sizeByte: 0x30 }));
    expect(device.state).toBe("halted");
    expect(device.lastBoot?.ok).toBe(false);
    expect(device.bootLog).toContain(
      "Detected size(4096k) smaller than the size in the binary image header(8192k)",
    );
  });

  it("ESP32-C3: a header smaller than the chip only warns", async () => {
    const device = await flashAndBoot("ESP32-C3", buildImage("ESP32-C3", { sizeByte: 0x10 }));
    expect(device.lastBoot).toMatchObject({ ok: true, headerFlashSize: "2MB" });
    expect(device.bootLog).toContain("Using the size in the binary image header");
  });

  it("ESP32-S3: a patched header with a stale SHA-256 fails the integrity check", async () => {
    const image = buildImage("ESP32-S3", { sizeByte: 0x20 });
    image[3] = 0x30; // edit the size without recomputing the digest
    const device = await flashAndBoot("ESP32-S3", image, "8MB");
    expect(device.state).toBe("halted");
    expect(device.lastBoot?.problems.join()).toMatch(/SHA-256/);
  });

  it("ESP32-C6: an image for another chip is refused", async () => {
    const device = await flashAndBoot(
      "ESP32-C6",
      buildImage("ESP32-C6", { sizeByte: 0x20, chipId: 5 }),
    );
    expect(device.lastBoot?.problems.join()).toMatch(/chip id 5/);
  });

  it("an erased chip has no image to boot", () => {
    const device = new VirtualEsp({ chip: "ESP32-H2" });
    expect(device.state).toBe("halted");
    expect(device.bootLog).toContain("invalid header: 0xffffffff");
  });

  it("echoes console lines after a clean boot, marked as virtual", () => {
    const image = buildImage("ESP32-C3", { sizeByte: 0x20 });
    const device = new VirtualEsp({ chip: "ESP32-C3", flashContents: image });
    const out: string[] = [];
    device.onTransmit((b) => out.push(new TextDecoder().decode(b)));
    device.receive(new TextEncoder().encode("hello\r"), 115200);
    expect(out.join("")).toContain("[virtual ESP32-C3] hello");
  });

  it("esptool-js's hard_reset never pulses EN, so the chip stays in the stub", async () => {
    const device = new VirtualEsp({ chip: "ESP32" });
    const { loader } = esptool(device);
    await loader.main("default_reset");
    await loader.after("hard_reset");
    expect(device.state).toBe("stub");
  });

  it("USB-JTAG-serial: esptool-js's own reset sequence reaches download mode", async () => {
    const device = new VirtualEsp({ chip: "ESP32-S3", usb: "usb-jtag-serial" });
    const { loader } = esptool(device);
    await loader.detectChip("default_reset");
    expect(device.usb).toEqual({ usbVendorId: 0x303a, usbProductId: 0x1001 });
    expect(loader.chip.CHIP_NAME).toBe("ESP32-S3");
  });
});

describe("boot verdict on the sample firmware (two independent implementations agree)", () => {
  it("MicroPython's ESP8266 release layout as shipped: header 1MB on a 4MB chip", () => {
    const fw = makeSampleFirmware("micropython-esp8266");
    const device = new VirtualEsp({
      chip: "ESP8266",
      flashSize: "4MB",
      flashContents: fw.parts[0]!.data,
    });
    expect(device.lastBoot).toMatchObject({
      ok: false,
      headerFlashSize: "1MB",
      chipFlashSize: "4MB",
    });
    expect(device.lastBoot!.problems).toHaveLength(1);
  });

  it.each(["ESP32", "ESP32-S2", "ESP32-C3", "ESP32-C5", "ESP32-P4"] as const)(
    "%s merged image written at 0 boots",
    (chip) => {
      const fw = makeSampleFirmware("esp32-merged", { chip, flashSize: "4MB" });
      const device = new VirtualEsp({ chip, flashSize: "4MB", flashContents: fw.merged! });
      expect(device.lastBoot).toEqual({
        ok: true,
        problems: [],
        headerFlashSize: "4MB",
        chipFlashSize: "4MB",
      });
      expect(device.state).toBe("running");
    },
  );
});

describe("chip revision in the eFuses", () => {
  it.each([
    ["ESP32", 300, "-V3 (revision 3)"],
    ["ESP32-C3", 4, "revision v0.4"],
    ["ESP32-S3", 102, "revision v1.2"],
    ["ESP32-H2", 101, "revision v1.1"],
    ["ESP32-P4", 401, "revision v4.1"],
  ] as const)("%s revision %i reads as %s in esptool-js", async (chip, revision, text) => {
    const device = new VirtualEsp({ chip, revision });
    const { loader, log } = esptool(device, 115200);
    await loader.detectChip("default_reset");
    expect(await loader.chip.getChipDescription(loader)).toContain(text);
    expect(log.join("\n")).not.toMatch(/error/i);
  });
});
