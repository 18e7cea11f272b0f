import { md5 } from "@noble/hashes/legacy.js";
import { ESPLoader, Transport } from "esptool-js";
import { afterEach, describe, expect, it } from "vitest";
import { VirtualEsp } from "../../src/device/virtual-esp.js";
import { makeSampleFirmware } from "../../src/firmware/index.js";
import { installVirtualSerial } from "../../src/port/install.js";
import { VirtualSerialPort } from "../../src/port/virtual-serial-port.js";

type PortArg = ConstructorParameters<typeof Transport>[0];
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

/** A real esptool-js 0.7.0 loader on a VirtualSerialPort, logging into an array. */
function loaderOn(port: VirtualSerialPort, baudrate = 921600) {
  const log: string[] = [];
  const terminal = {
    clean: () => {},
    write: (s: string) => log.push(s),
    writeLine: (s: string) => log.push(s),
  };
  const transport = new Transport(port as unknown as PortArg, false);
  return { loader: new ESPLoader({ transport, baudrate, terminal }), transport, log };
}

describe("VirtualSerialPort with esptool-js 0.7.0 and VirtualEsp", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it("ESP32: connect, stub, baud change in place, write compressed, read back, MD5", async () => {
    const device = new VirtualEsp({ chip: "ESP32", flashSize: "4MB" });
    const port = new VirtualSerialPort(device);
    const { loader, transport } = loaderOn(port);
    cleanups.push(() => transport.disconnect());
    expect(await loader.main()).toMatch(/^ESP32-D0WD/);
    // esptool-js changed the rate with setBaudRate (no reopen); both sides agree.
    expect(port.baudRate).toBe(921600);
    expect(device.deviceBaud).toBe(921600);
    expect(await loader.readFlashId()).toBe(0x1640ef);
    // Small: esptool-js 0.7.0 inflates its own data byte by byte to track progress, which is slow.
    const firmware = makeSampleFirmware("esp32-merged", { size: 256 * 1024 }).merged!;
    await loader.writeFlash({
      fileArray: [{ data: firmware, address: 0 }],
      flashMode: "keep",
      flashFreq: "keep",
      flashSize: "keep",
      eraseAll: false,
      compress: true,
    });
    expect(hex(device.flash.read(0, firmware.length))).toBe(hex(firmware));
    const back = await loader.readFlash(0x8000, 0x1000);
    expect(hex(back)).toBe(hex(firmware.subarray(0x8000, 0x9000)));
    expect(await loader.flashMd5sum(0, firmware.length)).toBe(hex(md5(firmware)));
    expect(port.stats.hostToDevice).toBeGreaterThan(firmware.length * 0.5);
  });

  it("ESP8266: the 74880-baud boot log arrives garbled at 115200, and the ROM still syncs", async () => {
    const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB" });
    const port = new VirtualSerialPort(device);
    const seen: number[] = [];
    await port.open({ baudRate: 115200 });
    const reader = port.readable!.getReader();
    device.setSignals({ dataTerminalReady: false, requestToSend: true });
    device.setSignals({ dataTerminalReady: true, requestToSend: false });
    const { value } = await reader.read();
    seen.push(...value!);
    reader.releaseLock();
    expect(new TextDecoder().decode(Uint8Array.from(seen))).not.toContain("boot mode");
    await port.close();
    const { loader, transport } = loaderOn(port, 115200);
    cleanups.push(() => transport.disconnect());
    await loader.connect();
    expect(loader.chip.CHIP_NAME).toBe("ESP8266");
  });

  it("realtime timing: replies arrive later, through the same port", async () => {
    const device = new VirtualEsp({ chip: "ESP32-C6", timing: "realtime" });
    const port = new VirtualSerialPort(device);
    const { loader, transport } = loaderOn(port, 115200);
    cleanups.push(() => transport.disconnect());
    await loader.connect();
    expect(loader.chip.CHIP_NAME).toBe("ESP32-C6");
    expect(await loader.readReg(0x40001000)).toBe(0x2ce0806f);
  });

  it("USB-JTAG-serial ESP32-C3 found through navigator.serial.requestPort with filters", async () => {
    const bridge = new VirtualEsp({ chip: "ESP32", flashSize: "4MB" });
    const native = new VirtualEsp({ chip: "ESP32-C3", flashSize: "4MB", usb: "usb-jtag-serial" });
    const installed = installVirtualSerial([bridge, native]);
    cleanups.push(installed.uninstall);
    const serial = (
      globalThis as unknown as {
        navigator: { serial: { requestPort(o: unknown): Promise<VirtualSerialPort> } };
      }
    ).navigator.serial;
    const port = await serial.requestPort({
      filters: [{ usbVendorId: 0x303a, usbProductId: 0x1001 }],
    });
    expect(port.device).toBe(native);
    const { loader, transport } = loaderOn(port);
    cleanups.push(() => transport.disconnect());
    expect(await loader.main()).toMatch(/^ESP32-C3 /);
  });

  it("a disconnect fault mid-write fails the write, fires `disconnect`, and a replug lets the host start over", async () => {
    const device = new VirtualEsp({ chip: "ESP32-S3", flashSize: "8MB" });
    const port = new VirtualSerialPort(device);
    const events: string[] = [];
    port.addEventListener("disconnect", () => events.push("disconnect"));
    port.addEventListener("connect", () => events.push("connect"));
    const first = loaderOn(port);
    await first.loader.main();
    device.inject({ kind: "disconnect", afterBytes: 64 * 1024 });
    // Retrying a block on a vanished device only adds 3 s timeouts; one attempt shows the failure.
    first.loader.WRITE_BLOCK_ATTEMPTS = 1;
    const firmware = makeSampleFirmware("app", { chip: "ESP32-S3", size: 512 * 1024 }).parts[0]!
      .data;
    await expect(
      first.loader.writeFlash({
        fileArray: [{ data: firmware, address: 0 }],
        flashMode: "keep",
        flashFreq: "keep",
        flashSize: "keep",
        eraseAll: false,
        compress: false,
      }),
    ).rejects.toThrow();
    expect(events).toEqual(["disconnect"]);
    expect(port.connected).toBe(false);
    expect(port.readable).toBeNull();
    await first.transport.disconnect();
    device.clearFaults();
    device.reconnect();
    expect(port.connected).toBe(true);
    expect(events).toEqual(["disconnect", "connect"]);
    const second = loaderOn(port);
    cleanups.push(() => second.transport.disconnect());
    expect(await second.loader.main()).toMatch(/^ESP32-S3/);
  });
});
