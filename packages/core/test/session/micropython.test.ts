import { describe, expect, it } from "vitest";
import { ESPLoader, Transport } from "esptool-js";
import { makeSampleFirmware } from "@esp-flash/virtual-device";
import { FlashSession } from "../../src/index.js";
import { board, manifest, options, record, serve, steps } from "../helpers/session.js";

// The case that started the project: MicroPython's ESP8266 image says 1MB in its header.
describe("MicroPython on a 4MB ESP8266", () => {
  const firmware = makeSampleFirmware("micropython-esp8266");
  const image = firmware.parts[0]!.data;

  it("patches the header to 4MB, verifies, and boots clean", async () => {
    expect(firmware.headerFlashSize).toBe("1MB");
    const { device, port } = board({ chip: "ESP8266", flashSize: "4MB" });
    const files = serve({ "firmware.bin": image });
    const session = new FlashSession(
      options(
        port,
        manifest({ chipFamily: "ESP8266", parts: [{ path: "firmware.bin", offset: 0 }] }),
        files.fetch,
      ),
    );
    const events = record(session);
    const result = await session.run();

    expect(result.outcome).toBe("flashed");
    expect(device.flash.read(3, 1)[0]! & 0xf0).toBe(0x40);
    expect(result.parts).toEqual([
      expect.objectContaining({ offset: 0, written: true, verified: true }),
    ]);
    expect(device.lastBoot?.ok, device.bootLog).toBe(true);
    expect(device.lastBoot?.headerFlashSize).toBe("4MB");

    const patch = events.find(([t]) => t === "patch")?.[1];
    expect(patch).toMatchObject({ offset: 0, text: "header 1MB → 4MB" });
    const deviceInfo = events.find(([t]) => t === "device")?.[1];
    expect(deviceInfo).toMatchObject({
      family: "ESP8266",
      flashSize: "4MB",
      usb: "uart-bridge",
      stub: true,
    });
    expect(steps(events)).toEqual([
      "connecting",
      "detecting",
      "choosing-build",
      "downloading",
      "preparing",
      "confirming",
      "writing",
      "verifying",
      "resetting",
      "done",
    ]);
    const progress = events
      .filter(([t]) => t === "progress")
      .map(([, d]) => d as { overallWritten: number; overallTotal: number });
    expect(progress.at(-1)).toMatchObject({
      overallWritten: image.length,
      overallTotal: image.length,
    });
    expect(events.find(([t]) => t === "verify")?.[1]).toMatchObject({ ok: true });
    // The port is released: a console can open it now.
    await port.open({ baudRate: 115200 });
    await port.close();
  });

  it("with plain esptool-js writeFlash and flashSize keep, the board boots with the wrong size", async () => {
    const { device, port } = board({ chip: "ESP8266", flashSize: "4MB" });
    const quiet = { clean() {}, write() {}, writeLine() {} };
    const loader = new ESPLoader({
      transport: new Transport(port as never),
      baudrate: 115200,
      terminal: quiet,
    });
    await loader.main();
    await loader.writeFlash({
      fileArray: [{ data: image.slice(), address: 0 }],
      flashMode: "keep",
      flashFreq: "keep",
      flashSize: "keep",
      eraseAll: false,
      compress: true,
    });
    await loader.after("custom_reset", undefined, "D0|R1|W100|R0");
    await loader.transport.disconnect();
    expect(device.flash.read(3, 1)[0]! & 0xf0).toBe(0x20);
    expect(device.lastBoot?.ok).toBe(false);
    expect(device.lastBoot?.headerFlashSize).toBe("1MB");
    expect(device.bootLog).toMatch(/1MB/);
  });
});
