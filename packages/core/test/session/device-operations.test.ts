import { describe, expect, it } from "vitest";
import { eraseFlash, FlashError, readDeviceInfo } from "../../src/index.js";
import { board } from "../helpers/session.js";

const written = (length: number) => Uint8Array.from({ length }, (_, i) => i & 0xff);

describe("readDeviceInfo", () => {
  it("names the chip, MAC, flash and security state, then lets the board run its firmware", async () => {
    const { device, port } = board({
      chip: "ESP32-C3",
      flashSize: "8MB",
      mac: "24:0a:c4:01:02:03",
    });
    const info = await readDeviceInfo({ port });
    expect(info).toMatchObject({
      family: "ESP32-C3",
      mac: "24:0a:c4:01:02:03",
      flashSize: "8MB",
      stub: true,
    });
    expect(info.security).toMatchObject({ secureBoot: false, flashEncryption: false });
    expect(device.state).not.toBe("download");
  });
});

describe("eraseFlash", () => {
  it("erases the whole flash with the stub", async () => {
    const { device, port } = board({
      chip: "ESP32",
      flashSize: "2MB",
      flashContents: written(0x40000),
    });
    const { device: info } = await eraseFlash({ port });
    expect(info.family).toBe("ESP32");
    expect(device.flash.read(0, 0x40000).every((b) => b === 0xff)).toBe(true);
  });

  it("refuses a chip with secure boot unless forced, and erases nothing", async () => {
    const { device, port } = board({
      chip: "ESP32-S3",
      securityFlags: 1 << 0,
      flashContents: written(0x10000),
    });
    const error = await eraseFlash({ port }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlashError);
    expect(error).toMatchObject({ code: "secured-erase", step: "erasing" });
    expect(device.flash.read(0, 0x10000)).toEqual(written(0x10000));
  });
});
