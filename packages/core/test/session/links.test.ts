import { describe, expect, it } from "vitest";
import { md5 } from "@noble/hashes/legacy.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { makeSampleFirmware } from "@esp-flash/virtual-device";
import { FlashError, FlashSession, flash, type ChipFamily } from "../../src/index.js";
import { CappedAdapterPort } from "../helpers/capped-adapter-port.js";
import { board, chipRates, logLines as logs, manifest, record, serve } from "../helpers/session.js";

function app(chip: ChipFamily, size = 8 * 1024) {
  const part = makeSampleFirmware("app", { chip, size }).parts[0]!;
  return {
    m: manifest({ chipFamily: chip, parts: [{ path: "app.bin", offset: part.offset }] }),
    fetch: serve({ "app.bin": part.data }).fetch,
    part,
  };
}

describe("links and loaders", () => {
  it("USB-JTAG-serial (303A:1001): its own reset sequences, and the board reboots into the firmware", async () => {
    const { m, fetch } = app("ESP32-C3");
    const { device, port } = board({ chip: "ESP32-C3", usb: "usb-jtag-serial" });
    expect(port.getInfo()).toEqual({ usbVendorId: 0x303a, usbProductId: 0x1001 });
    const result = await flash({ port, manifest: m, fetch });
    expect(result.device.usb).toBe("usb-jtag-serial");
    expect(device.lastBoot?.ok, device.bootLog).toBe(true);
  });

  it("a refused baud change keeps 115200, says so, and still flashes", async () => {
    const { m, fetch } = app("ESP32-S3");
    const { device, port } = board({ chip: "ESP32-S3", faults: [{ kind: "refuse-baud" }] });
    const session = new FlashSession({ port, manifest: m, fetch });
    const events = record(session);
    const result = await session.run();
    expect(result.baudRate).toBe(115200);
    expect(logs(events).some((l) => /refused 3000000 baud.*staying at 115200/.test(l))).toBe(true);
    expect(result.parts[0]!.verified).toBe(true);
    expect(device.lastBoot?.ok).toBe(true);
  });

  it.each(["ESP8266", "ESP32"] as const)(
    "%s: the first sync is at the ROM's 115200; with no cap the rate rises to what the CP210x generates (3 Mbaud) by a CHANGE_BAUDRATE the chip answers at, and baudRate is that rate",
    async (chip) => {
      const { m, fetch } = app(chip);
      const { device, port } = board({ chip });
      const seen = chipRates(device);
      const session = new FlashSession({ port, manifest: m, fetch });
      const events = record(session);
      const result = await session.run();
      expect(seen.syncAnsweredAt()).toBe(115200);
      // The ESP32 ROM's divider lands within a UART's tolerance of what was asked.
      expect(seen.rates.some((r) => Math.abs(r - 3_000_000) < 3_000_000 * 0.01)).toBe(true);
      expect(result.baudRate).toBe(3_000_000);
      expect(logs(events).some((l) => /No sync at/.test(l))).toBe(false);
      expect(device.lastBoot?.ok).toBe(true);
    },
  );

  it("an adapter that cannot run 921600 syncs at 115200, then settles on the rate it holds", async () => {
    const { m, fetch } = app("ESP8266");
    const { device, port } = board({ chip: "ESP8266" });
    const seen = chipRates(device);
    const capped = new CappedAdapterPort(port, 460800);
    const session = new FlashSession({ port: capped, manifest: m, fetch });
    const events = record(session);
    const result = await session.run();
    expect(seen.syncAnsweredAt()).toBe(115200);
    expect(logs(events)).toContain("The link does not hold 921600 baud; trying a lower rate.");
    expect(result.baudRate).toBe(460800);
    expect(seen.rates).toContain(460800);
    expect(result.parts[0]!.verified).toBe(true);
    expect(device.lastBoot?.ok).toBe(true);
  });

  it("the baud rate is capped by options.baudRate", async () => {
    const { m, fetch } = app("ESP32-S3");
    const { port } = board({ chip: "ESP32-S3" });
    expect((await flash({ port, manifest: m, fetch, baudRate: 460800 })).baudRate).toBe(460800);
  });

  it("a stub that never starts: ESP32-family chips go on with the ROM loader and its hex MD5 replies", async () => {
    const { m, fetch, part } = app("ESP32", 64 * 1024);
    const { device, port } = board({ chip: "ESP32", faults: [{ kind: "stub-fail" }] });
    const session = new FlashSession({ port, manifest: m, fetch });
    const events = record(session);
    const result = await session.run();
    expect(result.device.stub).toBe(false);
    expect(result.parts[0]).toMatchObject({ written: true, verified: true });
    expect(events.find(([t]) => t === "verify")?.[1]).toMatchObject({ ok: true });
    expect(device.flash.read(part.offset + 24, 64)).toEqual(part.data.slice(24, 88));
    expect(device.lastBoot?.ok, device.bootLog).toBe(true);
    // The ROM's MD5 reply is read correctly both ways: an identical re-flash is skipped.
    expect((await flash({ port, manifest: m, fetch })).outcome).toBe("unchanged");
  });

  it("a stub that never starts on an ESP8266 (whose ROM cannot verify) is a clear error", async () => {
    const { m, fetch } = app("ESP8266");
    const { port } = board({ chip: "ESP8266", faults: [{ kind: "stub-fail" }] });
    const error = await flash({ port, manifest: m, fetch }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlashError);
    expect(error).toMatchObject({ code: "stub-failed", step: "detecting" });
    expect((error as FlashError).advice).toMatch(/RESET/);
  });

  it("a flash write error names the failure; after it clears a retry succeeds", async () => {
    const { m, fetch } = app("ESP32-C6", 64 * 1024);
    const { device, port } = board({
      chip: "ESP32-C6",
      faults: [{ kind: "flash-write-error", atAddress: 0x4000 }],
    });
    const error = await flash({ port, manifest: m, fetch }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlashError);
    expect(error).toMatchObject({ step: "writing" });
    expect(["flash-write-failed", "verify-failed"]).toContain((error as FlashError).code);
    device.clearFaults();
    expect((await flash({ port, manifest: m, fetch })).parts[0]!.verified).toBe(true);
  });

  it("an unknown flash ID keeps the header's size and says so", async () => {
    const firmware = makeSampleFirmware("micropython-esp8266", { size: 64 * 1024 });
    const m = manifest({ chipFamily: "ESP8266", parts: [{ path: "fw.bin", offset: 0 }] });
    const { device, port } = board({ chip: "ESP8266", flashSize: "4MB", flashId: 0x00aa55 });
    const session = new FlashSession({
      port,
      manifest: m,
      fetch: serve({ "fw.bin": firmware.parts[0]!.data }).fetch,
    });
    const events = record(session);
    const result = await session.run();
    expect(result.device.flashSize).toBeUndefined();
    expect(result.device.flashId).toBe(0x00aa55);
    const plan = events.find(([t]) => t === "plan")?.[1] as { flashSizeNote?: string };
    expect(plan.flashSizeNote).toMatch(/0xaa55.*unknown.*keeping/);
    expect(logs(events)).toContain(plan.flashSizeNote);
    expect(events.some(([t]) => t === "patch")).toBe(false);
    expect(device.flash.read(3, 1)[0]! & 0xf0).toBe(0x20);
  });

  it.each([
    { kind: "corrupt", rate: 0.0005 },
    { kind: "drop", rate: 0.0005 },
  ] as const)(
    "a noisy line ($kind): verified-good flash or a typed error, never success over wrong bytes",
    async (fault) => {
      const firmware = makeSampleFirmware("micropython-esp8266", { size: 64 * 1024 });
      const m = manifest({ chipFamily: "ESP8266", parts: [{ path: "fw.bin", offset: 0 }] });
      const { device, port } = board({ chip: "ESP8266", faults: [fault] });
      const outcome = await flash({
        port,
        manifest: m,
        fetch: serve({ "fw.bin": firmware.parts[0]!.data }).fetch,
      }).catch((e: unknown) => e);
      if (outcome instanceof Error) {
        expect(outcome).toBeInstanceOf(FlashError);
        expect((outcome as FlashError).advice).toBeTruthy();
      } else {
        const part = (outcome as Awaited<ReturnType<typeof flash>>).parts[0]!;
        expect(bytesToHex(md5(device.flash.read(0, part.size)))).toBe(part.md5);
      }
    },
  );
});
