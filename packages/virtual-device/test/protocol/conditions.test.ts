import { describe, expect, it } from "vitest";
import { VirtualEsp } from "../../src/device/virtual-esp.js";
import type { VirtualEspOptions } from "../../src/device/types.js";
import { VirtualSerialPort } from "../../src/port/index.js";
import { esptool } from "./helpers.js";

/** Real-world boards, driven by esptool-js 0.7.0. */

/** Virtual ms one READ_REG round trip costs after connecting. */
async function readRegCost(options: Partial<VirtualEspOptions>): Promise<number> {
  const device = new VirtualEsp({ chip: "ESP32-C3", ...options });
  const { loader } = esptool(device, 115200);
  await loader.detectChip("default_reset");
  const before = device.clock.elapsedMs;
  await loader.readReg(0x40001000);
  return device.clock.elapsedMs - before;
}

describe("USB-UART bridges", () => {
  it("each reply waits for the bridge's packet timer: FTDI's 16 ms against CP210x's 1 ms", async () => {
    const cp210x = await readRegCost({});
    const ftdi = await readRegCost({ usbBridge: "ftdi" });
    expect(ftdi - cp210x).toBeCloseTo(15, 6);
    expect(await readRegCost({ usbLatencyMs: 0 })).toBeCloseTo(cp210x - 1, 6);
  });

  it("a CH340 board shows the CH340's USB ids", () => {
    const device = new VirtualEsp({ chip: "ESP32", usbBridge: "ch340" });
    expect(device.usb).toEqual({ usbVendorId: 0x1a86, usbProductId: 0x7523 });
  });

  it("a bridge limited to 460800 baud works there and garbles at 921600", async () => {
    const ok = new VirtualEsp({ chip: "ESP32", bridgeMaxBaud: 460800 });
    await esptool(ok, 460800).loader.main("default_reset");
    expect(ok.deviceBaud).toBe(460800);

    const over = new VirtualEsp({ chip: "ESP32", bridgeMaxBaud: 460800 });
    const { loader, log } = esptool(over, 921600);
    // esptool-js changes the chip's rate, hears only noise through the bridge, resets and stays at 115200.
    await loader.main("default_reset");
    expect(over.deviceBaud).toBe(115200);
    expect(log.join("\n")).toMatch(/Changing baudrate to 921600/);
  });
});

describe("ESP8266 auto-baud", () => {
  it("a ROM whose auto-baud always fails above 115200 never syncs at 460800, and does at 115200", async () => {
    const fault = { kind: "autobaud-fail", probability: 1 } as const;
    const fast = esptool(new VirtualEsp({ chip: "ESP8266", faults: [fault] }), 460800, 460800);
    await expect(fast.loader.detectChip("default_reset")).rejects.toThrow(/Failed to connect/);
    const slow = esptool(new VirtualEsp({ chip: "ESP8266", faults: [fault] }), 115200);
    await slow.loader.detectChip("default_reset");
    expect(slow.loader.chip.CHIP_NAME).toBe("ESP8266");
  });

  it("one that fails half the time syncs after retries", async () => {
    const device = new VirtualEsp({
      chip: "ESP8266",
      seed: 5,
      faults: [{ kind: "autobaud-fail", probability: 0.5 }],
    });
    const { loader } = esptool(device, 460800, 460800);
    await loader.detectChip("default_reset");
    expect(loader.chip.CHIP_NAME).toBe("ESP8266");
    expect(device.deviceBaud).toBe(460800);
  });
});

describe("a chip on its own USB", () => {
  it("drops off USB when a reset boots the app, and comes back", async () => {
    const device = new VirtualEsp({
      chip: "ESP32-C3",
      usb: "usb-jtag-serial",
      faults: [{ kind: "usb-drop-on-reset", downMs: 50 }],
    });
    const { loader, port } = esptool(device);
    await loader.main("default_reset"); // the reset into the ROM loader keeps USB up
    const lost = new Promise((resolve) => port.addEventListener("disconnect", resolve));
    // The port vanishes under esptool-js as RTS is released; it reports the sequence as failed.
    await expect(loader.after("custom_reset", undefined, "D0|R1|W100|R0")).rejects.toThrow();
    await lost;
    expect(port.connected).toBe(false);
    await new Promise((r) => setTimeout(r, 100));
    expect(device.state).toBe("halted"); // back on USB, booted (an erased chip has no app)
    expect(port.connected).toBe(true);
  });
});

describe("USB-Serial/JTAG is not a UART", () => {
  it("the port's baud setting garbles nothing: the boot log reads at any rate", async () => {
    const read = async (usb: "uart-bridge" | "usb-jtag-serial") => {
      const device = new VirtualEsp({ chip: "ESP32-C3", usb });
      const port = new VirtualSerialPort(device);
      await port.open({ baudRate: 460800 });
      const reader = port.readable!.getReader();
      device.reset("download");
      const { value } = await reader.read();
      reader.releaseLock();
      await port.close();
      return new TextDecoder().decode(value);
    };
    expect(await read("usb-jtag-serial")).toContain("waiting for download");
    expect(await read("uart-bridge")).not.toContain("waiting for download");
  });
});
