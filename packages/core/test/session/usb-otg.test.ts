import { describe, expect, it } from "vitest";
import { makeSampleFirmware, VirtualSerialPort, type VirtualEsp } from "@esp-flash/virtual-device";
import { FlashSession } from "../../src/index.js";
import { board, logLines as logs, manifest, record, serve } from "../helpers/session.js";

/** A MicroPython-style ESP32-S2 image: bootloader, partition table and app from 0x1000. */
function micropythonS2() {
  const merged = makeSampleFirmware("esp32-merged", {
    chip: "ESP32-S2",
    flashSize: "4MB",
    size: 320 * 1024,
  }).merged!;
  const image = merged.subarray(0x1000);
  return {
    image,
    m: manifest({ chipFamily: "ESP32-S2", parts: [{ path: "firmware.bin", offset: 0x1000 }] }),
    fetch: serve({ "firmware.bin": image }).fetch,
  };
}

/** A port that tells no USB ids and carries no DTR/RTS (a TCP bridge, a pty, Web Serial without ids). */
class AnonymousPort extends VirtualSerialPort {
  override getInfo() {
    return {};
  }
  override async setSignals() {}
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(
  "ESP32-S2 over its ROM's USB-OTG port (an S2 mini plugged in with BOOT held)",
  { timeout: 120_000 },
  () => {
    it("a MicroPython install: found by its ids, synced without a reset, 0x800-byte blocks, verified", async () => {
      const { image, m, fetch } = micropythonS2();
      const { device, port } = board({
        chip: "ESP32-S2",
        usb: "usb-otg",
        flashSize: "4MB",
        usbReenumerateMs: 50,
      });
      expect(port.getInfo()).toEqual({ usbVendorId: 0x303a, usbProductId: 0x0002 });
      const session = new FlashSession({ port, manifest: m, fetch });
      const events = record(session);
      const result = await session.run();
      expect(result.device.usb).toBe("usb-otg");
      expect(result.device.stub).toBe(true);
      expect(result.parts).toEqual([expect.objectContaining({ written: true, verified: true })]);
      expect(device.flash.read(0x1000, image.length)).toEqual(image);
      // The reset into MicroPython takes the ROM's USB port away: said, not hidden.
      expect(result.restart).toBe("left-usb");
      expect(result.note).toMatch(/left USB/);
      expect(logs(events).some((l) => /Too much data|did not start/.test(l))).toBe(false);
      await wait(120);
      expect(device.lastBoot?.ok, device.bootLog).toBe(true);
    });

    it("behind a port with no USB ids, the ROM's UARTDEV_BUF_NO tells: the stub still runs, in 0x800-byte blocks", async () => {
      const { image, m, fetch } = micropythonS2();
      const { device } = board({ chip: "ESP32-S2", usb: "usb-otg", flashSize: "4MB" });
      const port = new AnonymousPort(device as VirtualEsp);
      const session = new FlashSession({ port, manifest: m, fetch });
      const events = record(session);
      const result = await session.run();
      expect(logs(events)).toContain("The ROM talks over its own USB-OTG port.");
      expect(result.device.usb).toBe("usb-otg");
      expect(result.device.stub).toBe(true);
      expect(result.parts[0]).toMatchObject({ written: true, verified: true });
      expect(device.flash.read(0x1000, image.length)).toEqual(image);
    });
  },
);
