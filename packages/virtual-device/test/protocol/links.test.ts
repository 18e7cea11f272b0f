import { describe, expect, it } from "vitest";
import { VirtualEsp } from "../../src/device/virtual-esp.js";
import type { VirtualDeviceError } from "../../src/device/errors.js";
import type { UsbBridge, VirtualEspOptions } from "../../src/device/types.js";
import { USB_FS_BULK_BYTES_PER_MS } from "../../src/device/usb-link.js";
import { FaultEngine } from "../../src/device/faults.js";
import { makeSampleFirmware } from "../../src/firmware/index.js";
import { esptool, firmwareLike } from "./helpers.js";

/** The links real boards have, driven by esptool-js 0.7.0. */

const S2_UARTDEV_BUF_NO = 0x3fff_fd14;
const S3_UARTDEV_BUF_NO = 0x3fce_f14c;

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `state` is reached; the bound catches a hang, not a slow machine. */
async function until(device: VirtualEsp, state: VirtualEsp["state"]): Promise<void> {
  for (let waited = 0; device.state !== state && waited < 20_000; waited += 10) await wait(10);
  expect(device.state).toBe(state);
}

/** esptool's watchdog reset (ESP32-S2 RTC_CNTL registers, as its esp32s2.py writes them). */
async function armWatchdog(loader: ReturnType<typeof esptool>["loader"]): Promise<void> {
  await loader.writeReg(0x3f40_80ac, 0x50d8_3aa1);
  await loader.writeReg(0x3f40_8098, 2000);
  await loader.writeReg(0x3f40_8094, ((1 << 31) | (5 << 28) | (1 << 8) | 2) >>> 0);
  await loader.writeReg(0x3f40_80ac, 0);
}

describe(
  "USB-OTG: the ROM's own USB port on the ESP32-S2, -S3 and -P4",
  { timeout: 30_000 },
  () => {
    it("enumerates with the ROM's USB ids, only on chips that have it", () => {
      const ids = (chip: VirtualEspOptions["chip"]) => new VirtualEsp({ chip, usb: "usb-otg" }).usb;
      expect(ids("ESP32-S2")).toEqual({ usbVendorId: 0x303a, usbProductId: 0x0002 });
      expect(ids("ESP32-S3")).toEqual({ usbVendorId: 0x303a, usbProductId: 0x0009 });
      expect(ids("ESP32-P4")).toEqual({ usbVendorId: 0x303a, usbProductId: 0x0012 });
      expect(() => new VirtualEsp({ chip: "ESP32-C3", usb: "usb-otg" })).toThrow(
        expect.objectContaining({ code: "no-usb-otg" }) as VirtualDeviceError,
      );
    });

    it("is found in download mode (BOOT held) and says so in UARTDEV_BUF_NO, as esptool reads it", async () => {
      const otg = new VirtualEsp({ chip: "ESP32-S2", usb: "usb-otg" });
      expect(otg.state).toBe("download");
      const { loader } = esptool(otg, 115200);
      await loader.connect("no_reset", 3, true);
      expect((await loader.readReg(S2_UARTDEV_BUF_NO)) & 0xff).toBe(2);

      const uart = esptool(new VirtualEsp({ chip: "ESP32-S3" }), 115200).loader;
      await uart.connect("default_reset", 3, true);
      expect(await uart.readReg(S3_UARTDEV_BUF_NO)).toBe(0);
      const jtag = esptool(new VirtualEsp({ chip: "ESP32-S3", usb: "usb-jtag-serial" })).loader;
      await jtag.connect("usb_reset", 3, true);
      expect(await jtag.readReg(S3_UARTDEV_BUF_NO)).toBe(4);
    });

    it("takes 0x800-byte blocks: esptool-js sized for USB-OTG writes and verifies", async () => {
      const device = new VirtualEsp({ chip: "ESP32-S2", usb: "usb-otg", flashSize: "4MB" });
      const { loader } = esptool(device, 115200);
      await loader.main("no_reset");
      expect(loader.IS_STUB).toBe(true);
      expect(loader.FLASH_WRITE_SIZE).toBe(0x800);
      const data = firmwareLike(32 * 1024, 3);
      await loader.writeFlash({
        fileArray: [{ data, address: 0x10000 }],
        flashMode: "keep",
        flashFreq: "keep",
        flashSize: "keep",
        eraseAll: false,
        compress: true,
      });
      expect(device.flash.read(0x10000, data.length)).toEqual(data);
    });

    it("the stub refuses a 16 KB block with ESP_TOO_MUCH_DATA (esptool: 'Too much data')", async () => {
      const device = new VirtualEsp({ chip: "ESP32-S2", usb: "usb-otg" });
      const { loader } = esptool(device, 115200);
      await loader.main("no_reset");
      loader.FLASH_WRITE_SIZE = 0x4000;
      const data = firmwareLike(64 * 1024, 4);
      const write = loader.writeFlash({
        fileArray: [{ data, address: 0x10000 }],
        flashMode: "keep",
        flashFreq: "keep",
        flashSize: "keep",
        eraseAll: false,
        compress: false,
      });
      await expect(write).rejects.toThrow(/status 201/); // 0xC9
    });

    it("the ROM drops a RAM block larger than its USB buffer: no reply", async () => {
      const device = new VirtualEsp({ chip: "ESP32-S2", usb: "usb-otg" });
      const { loader } = esptool(device, 115200);
      await loader.connect("no_reset", 3, true);
      await loader.memBegin(0x1800, 1, 0x1800, 0x3ffb_0000);
      const before = device.internalErrors.length;
      await expect(loader.memBlock(new Uint8Array(0x1800), 0)).rejects.toThrow();
      await loader.memBegin(0x800, 1, 0x800, 0x3ffb_0000);
      await loader.memBlock(new Uint8Array(0x800), 0); // answered
      expect(device.internalErrors.length).toBe(before);
    });

    it("RTS falling resets the CPU with USB kept (ROM and stub): back in the loader, never off the bus", async () => {
      const device = new VirtualEsp({ chip: "ESP32-S2", usb: "usb-otg", usbReenumerateMs: 40 });
      let left = 0;
      device.onDisconnect(() => left++);
      await esptool(device, 115200).loader.main("no_reset");
      expect(device.state).toBe("stub");
      // esptool's classic reset into the loader: the stub resets the CPU (USBDC_PERSIST_ENA) and the
      // strap latched at plug-in (BOOT held) brings the ROM loader back on the same USB device.
      const { loader, port } = esptool(device, 115200);
      await loader.connect("default_reset", 3, true);
      expect(device.state).toBe("download");
      expect(device.bootLog).toContain("RTC_SW_CPU_RST");
      // The ROM does the same: its RTS reset is a CPU reset too, so an RTS pulse cannot boot the app.
      await loader.after("custom_reset", undefined, "D0|R1|W100|R0");
      await wait(80);
      expect(device.state).toBe("download");
      expect(left).toBe(0);
      expect(port.connected).toBe(true);
    });

    it("the RTC watchdog is a system reset: straps latched anew, the chip re-enumerates", async () => {
      const released = new VirtualEsp({ chip: "ESP32-S2", usb: "usb-otg", usbReenumerateMs: 40 });
      const { loader, port } = esptool(released, 115200);
      await loader.main("no_reset");
      const lost = new Promise((resolve) => port.addEventListener("disconnect", resolve));
      await armWatchdog(loader);
      await lost;
      await until(released, "halted"); // BOOT released by now: boots; an erased chip has no app

      const held = new VirtualEsp({
        chip: "ESP32-S2",
        usb: "usb-otg",
        usbReenumerateMs: 40,
        bootHeld: true,
      });
      const again = esptool(held, 115200);
      await again.loader.main("no_reset");
      const gone = new Promise((resolve) => again.port.addEventListener("disconnect", resolve));
      await armWatchdog(again.loader);
      await gone;
      await until(held, "download");
    });

    it("an app's USB console: RTS falling with DTR high enters the loader on the same USB device, with DTR low it reboots", async () => {
      const device = new VirtualEsp({
        chip: "ESP32-S2",
        usb: "usb-otg",
        usbReenumerateMs: 40,
        flashSize: "4MB",
      });
      const { loader } = esptool(device, 115200);
      await loader.main("no_reset");
      const image = makeSampleFirmware("esp32-merged", {
        chip: "ESP32-S2",
        flashSize: "4MB",
      }).merged!;
      device.flash.load(image);
      await armWatchdog(loader);
      await until(device, "running");
      let left = 0;
      device.onDisconnect(() => left++);
      device.setSignals({ requestToSend: true, dataTerminalReady: false });
      device.setSignals({ requestToSend: false });
      expect(left).toBe(1); // a reboot into the app: the app brings USB up anew
      await until(device, "running");
      device.setSignals({ requestToSend: true, dataTerminalReady: true });
      device.setSignals({ requestToSend: false });
      expect(device.state).toBe("download");
      expect(left).toBe(1);
    });

    it("a fault: the board drops off USB when the stub starts, and comes back in the ROM loader", async () => {
      const device = new VirtualEsp({
        chip: "ESP32-S2",
        usb: "usb-otg",
        faults: [{ kind: "usb-drop-on-stub", downMs: 40 }],
      });
      const { loader, port } = esptool(device, 115200);
      await loader.connect("no_reset", 3, true);
      const lost = new Promise((resolve) => port.addEventListener("disconnect", resolve));
      loader.ESP_RAM_BLOCK = 0x800; // what esptool-js's main() sets for USB-OTG
      // esptool-js waits for the stub's greeting on a port that is gone; the port tells of the loss.
      void loader.runStub().catch(() => undefined);
      await lost;
      await until(device, "download");
    });
  },
);

describe("native USB is timed by USB frames, not the baud rate", { timeout: 30_000 }, () => {
  /** Virtual ms a 64 KB uncompressed write costs after the stub is up. */
  async function writeCost(options: Partial<VirtualEspOptions>, baud: number): Promise<number> {
    const device = new VirtualEsp({ chip: "ESP32-S3", ...options });
    const { loader } = esptool(device, baud);
    await loader.main(options.usb === "usb-jtag-serial" ? "usb_reset" : "default_reset");
    const data = firmwareLike(64 * 1024, 9);
    const before = device.clock.elapsedMs;
    await loader.writeFlash({
      fileArray: [{ data, address: 0x20000 }],
      flashMode: "keep",
      flashFreq: "keep",
      flashSize: "keep",
      eraseAll: false,
      compress: false,
    });
    return device.clock.elapsedMs - before;
  }

  it("USB-Serial/JTAG costs the same at any rate the host sets, and at least the USB full-speed time", async () => {
    const slow = await writeCost({ usb: "usb-jtag-serial" }, 115200);
    const fast = await writeCost({ usb: "usb-jtag-serial" }, 921600);
    expect(Math.abs(slow - fast)).toBeLessThan(1);
    expect(slow).toBeGreaterThanOrEqual((64 * 1024) / USB_FS_BULK_BYTES_PER_MS);
    // A UART bridge is bound by its baud: 8× the rate, far less time.
    const uartSlow = await writeCost({}, 115200);
    const uartFast = await writeCost({}, 921600);
    expect(uartSlow).toBeGreaterThan(uartFast * 4);
    expect(uartFast).toBeGreaterThan(slow);
  });
});

describe("UART bridges hold their datasheet rates", { timeout: 30_000 }, () => {
  async function holds(usbBridge: UsbBridge, baud: number): Promise<boolean> {
    const device = new VirtualEsp({ chip: "ESP32", usbBridge });
    await esptool(device, baud).loader.main("default_reset");
    // esptool-js falls back to 115200 when nothing is heard at the new rate.
    return device.deviceBaud === baud;
  }

  it("CP2102 and CP2102N share USB ids; only the CP2102N runs above 921600", async () => {
    const ids = (usbBridge: UsbBridge) => new VirtualEsp({ chip: "ESP32", usbBridge }).usb;
    expect(ids("cp2102")).toEqual(ids("cp2102n"));
    expect(ids("ch9102")).toEqual({ usbVendorId: 0x1a86, usbProductId: 0x55d4 });
    expect(await holds("cp2102", 921600)).toBe(true);
    expect(await holds("cp2102", 1_500_000)).toBe(false);
    expect(await holds("cp2102n", 3_000_000)).toBe(true);
  });

  it("CH340 holds 2 Mbaud and not 3; FT232R holds 3 Mbaud", async () => {
    expect(await holds("ch340", 2_000_000)).toBe(true);
    expect(await holds("ch340", 3_000_000)).toBe(false);
    expect(await holds("ftdi", 3_000_000)).toBe(true);
  });
});

describe("garbling that starts mid-write", () => {
  it("a corrupt fault with afterBytes leaves the bytes before it alone and garbles after", () => {
    const engine = new FaultEngine(1, [{ kind: "corrupt", rate: 1, afterBytes: 10 }]);
    const first = engine.mangle(new Uint8Array(8).fill(0x55));
    expect(Array.from(first)).toEqual(new Array(8).fill(0x55));
    const second = engine.mangle(new Uint8Array(8).fill(0x55));
    expect(Array.from(second.subarray(0, 2))).toEqual([0x55, 0x55]);
    expect(Array.from(second.subarray(2)).every((b) => b !== 0x55)).toBe(true);
  });
});
