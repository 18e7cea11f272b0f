import { md5 } from "@noble/hashes/legacy.js";
import { describe, expect, it } from "vitest";
import { VirtualEsp } from "../../src/device/virtual-esp.js";
import { SECURE_DOWNLOAD_ENABLE } from "../../src/protocol/loader.js";
import { esptool, firmwareLike } from "./helpers.js";

/** A ROM in secure download mode, driven by esptool-js 0.7.0. */
describe("secure download mode", () => {
  it("is esptool's SECURE_DOWNLOAD_ENABLE bit", () => {
    expect(SECURE_DOWNLOAD_ENABLE).toBe(1 << 2);
  });

  it("GET_SECURITY_INFO reports it; register reads, RAM uploads and MD5 are refused as unsupported", async () => {
    const device = new VirtualEsp({ chip: "ESP32-C3", securityFlags: SECURE_DOWNLOAD_ENABLE });
    const { loader } = esptool(device, 115200);
    await loader.detectChip("default_reset");
    expect(loader.chip.CHIP_NAME).toBe("ESP32-C3");
    expect(loader.secureDownloadMode).toBe(true);
    expect((await loader.getSecurityInfo(false)).flags & SECURE_DOWNLOAD_ENABLE).toBe(
      SECURE_DOWNLOAD_ENABLE,
    );

    await expect(loader.readReg(0x40001000)).rejects.toThrow(
      /Unsupported command error|unsupported|status/i,
    );
    await expect(loader.writeReg(0x60008000, 1)).rejects.toThrow();
    await expect(loader.memBegin(4, 1, 4, 0x40380000)).rejects.toThrow();
    await expect(loader.flashMd5sum(0, 0x1000)).rejects.toThrow();
    await expect(
      loader.checkCommand("read flash", 0x0e, Uint8Array.of(0, 0, 0, 0, 1, 0, 0, 0), 0, 64),
    ).rejects.toThrow();
    expect(device.state).toBe("download");
  });

  it("still writes flash through FLASH_BEGIN/DATA/END (unverified), as esptool does there", async () => {
    const device = new VirtualEsp({ chip: "ESP32-S3", securityFlags: SECURE_DOWNLOAD_ENABLE });
    const { loader } = esptool(device, 115200);
    await loader.main("default_reset");
    expect(loader.IS_STUB).toBe(false);
    await loader.flashSpiAttach(0);
    const data = firmwareLike(0x2000, 9);
    await loader.flashBegin(data.length, 0x10000);
    await loader.flashBlock(data.subarray(0, 0x400).slice(), 0, 3000);
    const image = firmwareLike(0x400, 9);
    expect(md5(device.flash.read(0x10000, 0x400))).toEqual(md5(image));
  });

  it("ESP32-S2 answers with its 12-byte security info and the flag", async () => {
    const device = new VirtualEsp({ chip: "ESP32-S2", securityFlags: SECURE_DOWNLOAD_ENABLE });
    const { loader } = esptool(device, 115200);
    await loader.detectChip("default_reset");
    expect(loader.secureDownloadMode).toBe(true);
    expect(loader.chip.CHIP_NAME).toBe("ESP32-S2");
  });
});
